import { readFileSync } from "fs";
import { join } from "path";
import { parse, parseAllDocuments } from "yaml";
import {
  controlPlaneCloudConfig,
  KubeadmClusterSettings,
  kubeadmInitConfiguration,
  kubeadmJoinConfiguration,
  workerCloudConfig,
} from "../../../lib/aws";

export const SETTINGS: KubeadmClusterSettings = {
  clusterName: "aws-cluster",
  kubernetesVersion: "1.31",
  podCidr: "192.168.0.0/16",
  serviceCidr: "10.96.0.0/12",
  configParameter: "/hybrid-mesh/aws-cluster/config",
  joinTokenParameter: "/hybrid-mesh/aws-cluster/join-token",
  certificateKeyParameter: "/hybrid-mesh/aws-cluster/certificate-key",
  caHashParameter: "/hybrid-mesh/aws-cluster/ca-cert-hash",
  extraSans: ["10.10.96.10"],
  cniManifestUrl: "https://example.com/calico.yaml",
};

function files(cloudConfig: string): Record<string, { permissions: string; content: string }> {
  const doc = parse(cloudConfig);
  return Object.fromEntries(doc.write_files.map((f: any) => [f.path, f]));
}

describe("kubeadm configuration", () => {
  test("init: bootstrap token, certificate key, endpoint, ranges and SANs, all secrets as placeholders", () => {
    const [init, cluster] = kubeadmInitConfiguration(SETTINGS) as any[];
    expect(init).toMatchObject({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "InitConfiguration",
      bootstrapTokens: [{ token: "__JOIN_TOKEN__", ttl: "0s" }],
      certificateKey: "__CERTIFICATE_KEY__",
    });
    expect(cluster).toMatchObject({
      kind: "ClusterConfiguration",
      clusterName: "aws-cluster",
      controlPlaneEndpoint: "__ENDPOINT__:6443",
      networking: { podSubnet: "192.168.0.0/16", serviceSubnet: "10.96.0.0/12" },
      apiServer: { certSANs: ["__ENDPOINT__", "10.10.96.10"] },
      etcd: { local: { dataDir: "/var/lib/etcd" } },
    });
  });

  test("join: a control-plane replica joins with the certificate key; a worker with labels and taints", () => {
    expect(kubeadmJoinConfiguration({ controlPlane: true })).toMatchObject({
      kind: "JoinConfiguration",
      discovery: {
        bootstrapToken: {
          apiServerEndpoint: "__ENDPOINT__:6443",
          token: "__JOIN_TOKEN__",
          caCertHashes: ["__CA_CERT_HASH__"],
        },
      },
      controlPlane: { certificateKey: "__CERTIFICATE_KEY__" },
    });
    const worker: any = kubeadmJoinConfiguration({
      controlPlane: false,
      registration: {
        nodePool: "p",
        labels: { a: "1", b: "2" },
        taints: [{ key: "k", value: "", effect: "NoExecute" }],
      },
    });
    expect(worker.controlPlane).toBeUndefined();
    expect(worker.nodeRegistration.kubeletExtraArgs).toContainEqual({
      name: "node-labels",
      value: "a=1,b=2",
    });
    expect(worker.nodeRegistration.taints).toEqual([{ key: "k", value: undefined, effect: "NoExecute" }]);
  });
});

describe("cloud-config", () => {
  test("a control-plane replica writes its settings, kubeadm templates and scripts, then runs the script", () => {
    const text = controlPlaneCloudConfig(SETTINGS, 1, 3);
    expect(text.split("\n")[0]).toBe("#cloud-config");
    const doc = parse(text);
    expect(doc.runcmd).toEqual([["bash", "/usr/local/lib/hybrid-mesh/control-plane.sh"]]);
    const f = files(text);
    expect(Object.keys(f).sort()).toEqual([
      "/etc/hybrid-mesh/bootstrap.env",
      "/etc/hybrid-mesh/kubeadm-init.yaml.tmpl",
      "/etc/hybrid-mesh/kubeadm-join.yaml.tmpl",
      "/usr/local/lib/hybrid-mesh/common.sh",
      "/usr/local/lib/hybrid-mesh/control-plane.sh",
    ]);
    expect(f["/etc/hybrid-mesh/bootstrap.env"].content).toContain("REPLICA_INDEX='1'\n");
    expect(f["/etc/hybrid-mesh/kubeadm-init.yaml.tmpl"].permissions).toBe("0600");
    const [init, cluster] = parseAllDocuments(f["/etc/hybrid-mesh/kubeadm-init.yaml.tmpl"].content).map((d) =>
      d.toJS(),
    );
    expect(init.kind).toBe("InitConfiguration");
    expect(cluster.kind).toBe("ClusterConfiguration");
  });

  test("placeholders stay strings whatever is filled in (a hex key of digits and one e is not read as a number)", () => {
    const tmpl = files(controlPlaneCloudConfig(SETTINGS, 0, 3))["/etc/hybrid-mesh/kubeadm-init.yaml.tmpl"]
      .content;
    const filled = tmpl.replace("__CERTIFICATE_KEY__", "1234e5").replace(/__[A-Z_]+__/g, "x");
    expect(parseAllDocuments(filled)[0].toJS().certificateKey).toBe("1234e5");
  });

  test("a worker writes only what it needs to join", () => {
    const f = files(workerCloudConfig(SETTINGS, { nodePool: "general", labels: {}, taints: [] }));
    expect(Object.keys(f).sort()).toEqual([
      "/etc/hybrid-mesh/bootstrap.env",
      "/etc/hybrid-mesh/kubeadm-join.yaml.tmpl",
      "/usr/local/lib/hybrid-mesh/common.sh",
      "/usr/local/lib/hybrid-mesh/worker.sh",
    ]);
    expect(f["/etc/hybrid-mesh/bootstrap.env"].content).not.toContain("CERTIFICATE_KEY");
  });

  test("values are shell-quoted in the settings file", () => {
    const env = files(controlPlaneCloudConfig({ ...SETTINGS, cniManifestUrl: "https://x/it's.yaml" }, 0, 1))[
      "/etc/hybrid-mesh/bootstrap.env"
    ].content;
    expect(env).toContain(`CNI_MANIFEST_URL='https://x/it'"'"'s.yaml'`);
  });

  test("stays under the 16 KB EC2 user-data limit", () => {
    expect(controlPlaneCloudConfig(SETTINGS, 6, 7).length).toBeLessThan(16384);
    expect(
      workerCloudConfig(SETTINGS, { nodePool: "p", labels: { a: "b" }, taints: [] }).length,
    ).toBeLessThan(16384);
  });
});

describe("cloud-config text", () => {
  test("parses back to exactly the files written (contents byte for byte)", () => {
    const text = controlPlaneCloudConfig(SETTINGS, 0, 3);
    const doc = parse(text);
    const scripts = ["common.sh", "control-plane.sh"].map((n) =>
      readFileSync(join(__dirname, "../../../lib/aws/bootstrap", n), "utf8"),
    );
    expect(files(text)["/usr/local/lib/hybrid-mesh/common.sh"].content).toBe(scripts[0]);
    expect(files(text)["/usr/local/lib/hybrid-mesh/control-plane.sh"].content).toBe(scripts[1]);
    expect(doc.write_files.every((f: any) => f.owner === "root:root")).toBe(true);
  });
});
