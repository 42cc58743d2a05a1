import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { parse } from "yaml";
import { ClusterPlatform, MeshClusterInfo } from "../../lib/core";
import {
  ClusterRole,
  controlPlaneCharts,
  controlPlaneOperator,
  ControlPlaneMode,
  crossNetworkGateway,
  eastWestGatewayOperator,
  GatewayExposure,
  GatewayForm,
  gatewayChartValues,
  Mesh,
  MeshCa,
  MeshClusterOptions,
  MeshModel,
  MeshProps,
  MtlsMode,
  RootOfTrust,
} from "../../lib/mesh";
import { freshApp, k8sSchemaProblems, testApp } from "../util";

const GKE: MeshClusterInfo = {
  clusterName: "gke-cluster",
  meshNetwork: "my-project-hybrid-vpc",
  platform: ClusterPlatform.GKE,
  apiServerHost: "10.20.0.2",
  apiServerPort: 443,
};
const AWS: MeshClusterInfo = {
  clusterName: "aws-cluster",
  meshNetwork: "aws-cluster-network",
  platform: ClusterPlatform.AWS,
  apiServerHost: "10.10.96.10",
  apiServerPort: 6443,
};
const ONPREM: MeshClusterInfo = {
  clusterName: "onprem-cluster",
  meshNetwork: "default",
  platform: ClusterPlatform.ON_PREMISES,
  apiServerHost: "172.16.232.10",
  apiServerPort: 6443,
};
const TWO: MeshClusterOptions[] = [{ cluster: GKE }, { cluster: AWS, gateway: { address: "10.10.96.20" } }];

/** A mesh with clusters and, for a generated root, its CA in a stack of the same app. */
let meshes = 0;
function mesh(
  props: Partial<MeshProps> = {},
  clusters: MeshClusterOptions[] = TWO,
  ca = true,
  app: App = testApp(),
): Mesh {
  const m = new Mesh(app, `Mesh${++meshes}`, {
    meshId: "proj-123456789012",
    ...props,
  });
  clusters.forEach((c) => m.addCluster(c));
  if (ca && m.rootOfTrust === RootOfTrust.GENERATED)
    new MeshCa(new TerraformStack(app, `ca-${m.node.id}`), "MeshCa", { mesh: m });
  return m;
}

const fileOf = (m: Mesh, cluster: string, file: string) =>
  m.files(cluster).find((f) => f.path === file)?.content;

describe("the worked example (REFERENCE.md §3, steps 3-5), at Istio 1.17.5", () => {
  const network = { onprem: "default", gke: "anthos-hybrid-demo-anthos-hybrid" };
  const annotation = { "cloud.google.com/load-balancer-type": "internal" };
  const worked = () =>
    mesh({ istioVersion: "1.17.5", revision: "asm-1175-9", gatewayNamespace: "nifc-gateway" }, [
      {
        cluster: { ...ONPREM, clusterName: "nifc-anthosbm-cls", meshNetwork: network.onprem },
        gateway: { exposure: GatewayExposure.LOAD_BALANCER, serviceAnnotations: annotation },
      },
      {
        cluster: { ...GKE, clusterName: "nifc-anthosgke-cls", meshNetwork: network.gke },
        gateway: { serviceAnnotations: annotation },
      },
    ]);

  test.each([
    ["nifc-anthosbm-cls", network.onprem],
    ["nifc-anthosgke-cls", network.gke],
  ])("the east-west IstioOperator of %s equals the documented one, field for field", (name, net) => {
    const m = worked();
    const cluster = m.resolved.clusters.find((c) => c.name === name)!;
    expect(eastWestGatewayOperator(m.resolved, cluster)).toEqual({
      apiVersion: "install.istio.io/v1alpha1",
      kind: "IstioOperator",
      metadata: { name: "eastwest" },
      spec: {
        revision: "asm-1175-9",
        profile: "empty",
        components: {
          ingressGateways: [
            {
              name: "istio-eastwestgateway",
              namespace: "nifc-gateway",
              label: {
                istio: "eastwestgateway",
                app: "istio-eastwestgateway",
                "topology.istio.io/network": net,
              },
              enabled: true,
              k8s: {
                env: [{ name: "ISTIO_META_REQUESTED_NETWORK_VIEW", value: net }],
                // The document's internal load balancer: on GKE it stands in for the platform's own annotation.
                serviceAnnotations: { "cloud.google.com/load-balancer-type": "internal" },
                service: {
                  ports: [
                    { name: "status-port", port: 15021, targetPort: 15021 },
                    { name: "tls", port: 15443, targetPort: 15443 },
                    { name: "tls-istiod", port: 15012, targetPort: 15012 },
                    { name: "tls-webhook", port: 15017, targetPort: 15017 },
                  ],
                },
              },
            },
          ],
        },
        values: {
          gateways: { "istio-ingressgateway": { injectionTemplate: "gateway" } },
          global: { network: net },
        },
      },
    });
  });

  test("the cross-network Gateway equals the documented one: networking.istio.io/v1alpha3 (plus the managed-by label)", () => {
    const { metadata, ...rest } = crossNetworkGateway(worked().resolved) as any;
    expect(rest).toEqual({
      apiVersion: "networking.istio.io/v1alpha3",
      kind: "Gateway",
      spec: {
        selector: { istio: "eastwestgateway" },
        servers: [
          {
            port: { number: 15443, name: "tls", protocol: "TLS" },
            tls: { mode: "AUTO_PASSTHROUGH" },
            hosts: ["*.local"],
          },
        ],
      },
    });
    expect(metadata).toEqual({
      name: "cross-network-gateway",
      namespace: "nifc-gateway",
      labels: { "app.kubernetes.io/managed-by": "hybrid-mesh" },
    });
  });

  test("PeerAuthentication is security.istio.io/v1beta1: the only version 1.17 serves", () => {
    const pa = worked()
      .manifests("nifc-anthosgke-cls")
      .find((o) => o.kind === "PeerAuthentication");
    expect(pa?.apiVersion).toBe("security.istio.io/v1beta1");
  });

  test("the gateway namespace is labelled istio.io/rev=asm-1175-9, without istio-injection; istio-system carries the network", () => {
    const ns = worked().namespaces("nifc-anthosgke-cls");
    expect(ns.map((n: any) => [n.metadata.name, n.metadata.labels])).toEqual([
      [
        "istio-system",
        { "app.kubernetes.io/managed-by": "hybrid-mesh", "topology.istio.io/network": network.gke },
      ],
      ["nifc-gateway", { "app.kubernetes.io/managed-by": "hybrid-mesh", "istio.io/rev": "asm-1175-9" }],
    ]);
  });

  test("install values: meshID proj-<number>, cluster name, network, revision", () => {
    const m = worked();
    expect(controlPlaneOperator(m.resolved, m.resolved.clusters[1])).toMatchObject({
      spec: {
        revision: "asm-1175-9",
        profile: "default",
        values: {
          global: {
            meshID: "proj-123456789012",
            multiCluster: { clusterName: "nifc-anthosgke-cls" },
            network: network.gke,
          },
        },
      },
    });
  });
});

describe("Istio release", () => {
  test.each([
    ["1.17.5", "networking.istio.io/v1alpha3", "security.istio.io/v1beta1"],
    ["1.21.6", "networking.istio.io/v1alpha3", "security.istio.io/v1beta1"],
    ["1.22.8", "networking.istio.io/v1", "security.istio.io/v1"],
    ["1.30.3", "networking.istio.io/v1", "security.istio.io/v1"],
  ])("at %s, Gateways are %s and policies %s", (istioVersion, networking, security) => {
    const objects = mesh({ istioVersion, defaultDeny: true, model: MeshModel.PRIMARY_REMOTE }, [
      { cluster: GKE, gateway: { address: "10.20.0.50" } },
      { cluster: AWS, role: ClusterRole.REMOTE, primary: "gke-cluster", gateway: { address: "10.10.96.20" } },
    ]).manifests("gke-cluster");
    const versions = (kinds: string[]) => [
      ...new Set(objects.filter((o) => kinds.includes(o.kind)).map((o) => o.apiVersion)),
    ];
    expect(versions(["Gateway", "VirtualService"])).toEqual([networking]);
    expect(versions(["PeerAuthentication", "AuthorizationPolicy"])).toEqual([security]);
  });

  test("the default is 1.30.3; a release outside 1.17-1.30, or not a release, is refused", () => {
    expect(mesh().release.version).toBe("1.30.3");
    expect(() => mesh({ istioVersion: "1.16.7" })).toThrow(
      'istioVersion = "1.16.7": hybrid-mesh renders for Istio 1.17 to 1.30 (API versions, chart values and IstioOperator fields differ per release), not 1.16; use a release from 1.17.0 to 1.30.x, e.g. "1.30.3".',
    );
    expect(() => mesh({ istioVersion: "1.31.0" })).toThrow("not 1.31");
    expect(() => mesh({ istioVersion: "latest" })).toThrow(
      'istioVersion = "latest": an Istio release is "1.<minor>.<patch>", as its Helm charts are versioned',
    );
  });

  /** A GKE primary serving an AWS remote, at `istioVersion`. */
  const primaryRemote = (istioVersion: string) =>
    mesh({ istioVersion, model: MeshModel.PRIMARY_REMOTE }, [
      { cluster: GKE, gateway: { address: "10.20.0.50" } },
      { cluster: AWS, role: ClusterRole.REMOTE, primary: "gke-cluster", gateway: { address: "10.10.96.20" } },
    ]);

  test("EXTERNAL_ISTIOD on a primary serving remotes: values.pilot.env up to 1.22, global.externalIstiod from 1.23", () => {
    const primary = (istioVersion: string) => {
      const m = primaryRemote(istioVersion);
      const gke = m.resolved.clusters[0];
      return {
        iop: (controlPlaneOperator(m.resolved, gke) as any).spec.values,
        helm: controlPlaneCharts(m.resolved, gke)[1].values as any,
      };
    };
    expect(primary("1.22.8").iop.pilot).toEqual({ env: { EXTERNAL_ISTIOD: true } });
    expect(primary("1.22.8").helm.pilot).toEqual({ env: { EXTERNAL_ISTIOD: true } });
    expect(primary("1.30.3").iop.global.externalIstiod).toBe(true);
    expect(primary("1.30.3").helm.global.externalIstiod).toBe(true);
    expect(primary("1.30.3").helm.pilot).toBeUndefined();
  });

  test("a remote cluster gets the remote install: istiod-remote up to 1.23; base and istiod with profile remote from 1.24", () => {
    const remote = (istioVersion: string) => {
      const m = primaryRemote(istioVersion);
      return controlPlaneCharts(m.resolved, m.resolved.clusters[1]);
    };
    expect(remote("1.17.5").map((c) => c.chart)).toEqual(["istiod-remote"]);
    expect(remote("1.17.5")[0].values).toMatchObject({
      global: { remotePilotAddress: "10.20.0.50", multiCluster: { clusterName: "aws-cluster" } },
      istiodRemote: { injectionPath: "/inject/cluster/aws-cluster/net/aws-cluster-network" },
    });
    expect(remote("1.30.3").map((c) => [c.chart, (c.values as any).profile])).toEqual([
      ["base", "remote"],
      ["istiod", "remote"],
    ]);
    expect(remote("1.30.3")[1].values).toMatchObject({
      global: { remotePilotAddress: "10.20.0.50", configCluster: true },
    });
  });
});

describe("Mesh", () => {
  test("every emitted object validates against kubernetes-models and @kubernetes-models/istio, in every form and model", () => {
    const configurations: Mesh[] = [
      mesh(),
      mesh({ gatewayForm: GatewayForm.MANIFESTS, defaultDeny: true, revision: "1-24" }, [
        { cluster: GKE, injectedNamespaces: [{ name: "shop", labels: { team: "web" } }] },
        { cluster: AWS, gateway: { address: "10.10.96.20", minReplicas: 3, maxReplicas: 6 } },
        { cluster: ONPREM, gateway: { address: "172.16.232.50" } },
      ]),
      mesh({ model: MeshModel.PRIMARY_REMOTE, gatewayForm: GatewayForm.HELM, istioVersion: "1.17.5" }, [
        { cluster: GKE, gateway: { address: "10.20.0.50" } },
        {
          cluster: AWS,
          role: ClusterRole.REMOTE,
          primary: "gke-cluster",
          gateway: { address: "10.10.96.20" },
        },
        { cluster: ONPREM, role: ClusterRole.REMOTE, primary: "gke-cluster" },
      ]),
    ];
    const objects = configurations.flatMap((m) =>
      m.resolved.clusters.flatMap((c) => [
        ...m.namespaces(c.name),
        ...m.manifests(c.name),
        controlPlaneOperator(m.resolved, c),
        eastWestGatewayOperator(m.resolved, c),
      ]),
    );
    expect(objects.length).toBeGreaterThan(40);
    expect(k8sSchemaProblems(objects)).toEqual([]);
  });

  test("the schema check does catch a broken object", () => {
    expect(
      k8sSchemaProblems([
        {
          apiVersion: "networking.istio.io/v1",
          kind: "Gateway",
          metadata: { name: "x" },
          spec: { servers: [{ port: { number: "x" } }] },
        },
      ]),
    ).toHaveLength(1);
  });

  test("mesh-wide STRICT mTLS in the root namespace by default; PERMISSIVE only when asked; default-deny on request", () => {
    const pa = (m: Mesh) => m.manifests("gke-cluster").find((o) => o.kind === "PeerAuthentication") as any;
    expect(pa(mesh())).toMatchObject({
      metadata: { name: "default", namespace: "istio-system" },
      spec: { mtls: { mode: "STRICT" } },
    });
    expect(pa(mesh({ mtls: MtlsMode.PERMISSIVE })).spec.mtls.mode).toBe("PERMISSIVE");
    expect(
      mesh()
        .manifests("gke-cluster")
        .some((o) => o.kind === "AuthorizationPolicy"),
    ).toBe(false);
    expect(
      mesh({ defaultDeny: true })
        .manifests("gke-cluster")
        .find((o) => o.kind === "AuthorizationPolicy"),
    ).toMatchObject({
      metadata: { name: "allow-nothing", namespace: "istio-system" },
      spec: {},
    });
  });

  test("gateway annotations: the platform's internal one merged with the user's, never replaced", () => {
    const m = mesh({ gatewayForm: GatewayForm.MANIFESTS }, [
      { cluster: GKE, gateway: { serviceAnnotations: { "example.com/owner": "platform" } } },
      { cluster: AWS, gateway: { address: "10.10.96.20" } },
    ]);
    const svc = (c: string) => m.manifests(c).find((o) => o.kind === "Service") as any;
    expect(svc("gke-cluster").metadata.annotations).toEqual({
      "networking.gke.io/load-balancer-type": "Internal",
      "example.com/owner": "platform",
    });
    expect(svc("gke-cluster").spec.type).toBe("LoadBalancer");
    expect(svc("aws-cluster").spec.type).toBe("NodePort");
    expect(svc("aws-cluster").spec.ports.map((p: any) => [p.port, p.nodePort])).toEqual([
      [15021, 31021],
      [15443, 31443],
      [15012, 31012],
      [15017, 31017],
    ]);
  });

  test("meshNetworks names every network's gateway: by fixed address when known, else by registry service name", () => {
    const m = mesh();
    expect(
      (controlPlaneOperator(m.resolved, m.resolved.clusters[0]) as any).spec.values.global.meshNetworks,
    ).toEqual({
      "my-project-hybrid-vpc": {
        endpoints: [{ fromRegistry: "gke-cluster" }],
        gateways: [
          { registryServiceName: "istio-eastwestgateway.istio-system.svc.cluster.local", port: 15443 },
        ],
      },
      "aws-cluster-network": {
        endpoints: [{ fromRegistry: "aws-cluster" }],
        gateways: [{ address: "10.10.96.20", port: 15443 }],
      },
    });
  });

  test("a gateway with an address per zone: meshNetworks lists every address, so a zone loss leaves the others", () => {
    const m = mesh({}, [
      { cluster: GKE },
      {
        cluster: AWS,
        gateway: { address: "10.10.96.20", additionalAddresses: ["10.10.128.20", "10.10.160.20"] },
      },
    ]);
    const networks = (controlPlaneOperator(m.resolved, m.resolved.clusters[0]) as any).spec.values.global
      .meshNetworks;
    expect(networks["aws-cluster-network"].gateways).toEqual([
      { address: "10.10.96.20", port: 15443 },
      { address: "10.10.128.20", port: 15443 },
      { address: "10.10.160.20", port: 15443 },
    ]);
  });

  test("multi-primary: hybrid-mesh's own reader (not Istio's), read-only without Secrets, and a remote-secret script for every other cluster", () => {
    const m = mesh();
    const objects = m.manifests("aws-cluster");
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Gateway/cross-network-gateway",
      "PeerAuthentication/default",
      "ServiceAccount/hybrid-mesh-reader",
      "ClusterRole/hybrid-mesh-reader",
      "ClusterRoleBinding/hybrid-mesh-reader",
      "Secret/hybrid-mesh-reader-token",
    ]);
    const secret = objects.find((o) => o.kind === "Secret") as any;
    expect(secret).toMatchObject({
      type: "kubernetes.io/service-account-token",
      metadata: { annotations: { "kubernetes.io/service-account.name": "hybrid-mesh-reader" } },
    });
    expect(
      (objects.find((o) => o.kind === "ClusterRole") as any).rules.flatMap((r: any) => r.resources),
    ).not.toContain("secrets");
    // Nothing Istio's charts create (base: istio-reader-service-account) is in manifests.yaml.
    expect(objects.some((o) => o.metadata.name === "istio-reader-service-account")).toBe(false);
    expect(m.files("gke-cluster").map((f) => f.path)).toContain("remote-secrets/aws-cluster.sh");
    expect(m.files("aws-cluster").map((f) => f.path)).toContain("remote-secrets/gke-cluster.sh");
  });

  test("the remote-secret script reads the token at apply time and writes the Secret Istio expects; no credential in the files", () => {
    const files = mesh().files("gke-cluster");
    const script = files.find((f) => f.path === "remote-secrets/aws-cluster.sh")!.content;
    expect(script).toContain("name: istio-remote-secret-aws-cluster");
    expect(script).toContain('istio/multiCluster: "true"');
    expect(script).toContain("networking.istio.io/cluster: aws-cluster");
    expect(script).toContain("get secret hybrid-mesh-reader-token -o jsonpath='{.data.token}'");
    expect(script).toContain("server=${3:-'https://10.10.96.10:6443'}");
    for (const f of files) expect(f.content).not.toMatch(/token: ey[A-Za-z0-9]|BEGIN [A-Z ]*PRIVATE KEY/);
  });

  test("primary-remote: istiod exposure on the primary; the remote takes its config from the primary and is read with Istio's reader", () => {
    const m = mesh({ model: MeshModel.PRIMARY_REMOTE }, [
      { cluster: GKE, gateway: { address: "10.20.0.50" } },
      { cluster: AWS, role: ClusterRole.REMOTE, primary: "gke-cluster", gateway: { address: "10.10.96.20" } },
    ]);
    const primary = m.manifests("gke-cluster");
    expect(
      primary.filter((o) => ["Gateway", "VirtualService"].includes(o.kind)).map((o) => o.metadata.name),
    ).toEqual(["cross-network-gateway", "istiod-gateway", "istiod-vs"]);
    const vs = primary.find((o) => o.kind === "VirtualService") as any;
    expect(vs.spec.tls.map((t: any) => [t.match[0].port, t.route[0].destination.port.number])).toEqual([
      [15012, 15012],
      [15017, 443],
    ]);
    expect(controlPlaneOperator(m.resolved, m.resolved.clusters[1])).toMatchObject({
      spec: {
        profile: "remote",
        values: {
          global: { remotePilotAddress: "10.20.0.50" },
          istiodRemote: { injectionPath: "/inject/cluster/aws-cluster/net/aws-cluster-network" },
        },
      },
    });
    const ns = m.namespaces("aws-cluster").find((o) => o.metadata.name === "istio-system") as any;
    expect(ns.metadata.annotations).toEqual({ "topology.istio.io/controlPlaneClusters": "gke-cluster" });
    // No Gateway or policy on the remote; only the token of Istio's reader (its chart creates the account).
    expect(m.manifests("aws-cluster").map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Secret/istio-reader-service-account-token",
    ]);
    expect(m.files("gke-cluster").map((f) => f.path)).toContain("remote-secrets/aws-cluster.sh");
    expect(
      m.files("aws-cluster").some((f) => f.path.startsWith("remote-secrets/") || f.path === "cacerts.sh"),
    ).toBe(false);
  });

  test("Helm values for the gateway chart: networkGateway behind a load balancer; explicit ports with fixed node ports for NodePort", () => {
    const m = mesh({ gatewayForm: GatewayForm.HELM, revision: "1-30" });
    const [gke, aws] = m.resolved.clusters;
    expect(gatewayChartValues(m.resolved, gke)).toMatchObject({
      name: "istio-eastwestgateway",
      revision: "1-30",
      networkGateway: "my-project-hybrid-vpc",
      labels: { istio: "eastwestgateway", app: "istio-eastwestgateway" },
      service: { type: "LoadBalancer", annotations: { "networking.gke.io/load-balancer-type": "Internal" } },
    });
    const values = gatewayChartValues(m.resolved, aws) as any;
    expect(values.networkGateway).toBeUndefined();
    expect(values.env).toEqual({ ISTIO_META_REQUESTED_NETWORK_VIEW: "aws-cluster-network" });
    expect(values.labels["topology.istio.io/network"]).toBe("aws-cluster-network");
    expect(values.service.ports.map((p: any) => [p.port, p.nodePort])).toEqual([
      [15021, 31021],
      [15443, 31443],
      [15012, 31012],
      [15017, 31017],
    ]);
    expect(m.files("aws-cluster").map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "helm/base.values.yaml",
        "helm/istiod.values.yaml",
        "helm/eastwest-gateway.values.yaml",
      ]),
    );
  });

  test("a revisioned install points the base chart's default validator at its revision", () => {
    const m = mesh({ revision: "asm-1175-9", istioVersion: "1.17.5" });
    expect(controlPlaneCharts(m.resolved, m.resolved.clusters[0])[0]).toMatchObject({
      chart: "base",
      values: { defaultRevision: "asm-1175-9" },
    });
  });

  test("writeYaml writes dist/<cluster>/ in apply order, the same bytes every time, scripts executable", () => {
    const out = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? tmpdir(), "mesh-"));
    const build = () => {
      meshes = 0;
      return mesh({}, TWO, true, freshApp());
    };
    const written = build()
      .writeYaml(out)
      .map((f) => path.relative(out, f));
    expect(written.filter((f) => f.startsWith("gke-cluster/"))).toEqual([
      "gke-cluster/namespaces.yaml",
      "gke-cluster/manifests.yaml",
      "gke-cluster/cacerts.sh",
      "gke-cluster/istioctl/control-plane.yaml",
      "gke-cluster/istioctl/eastwest-gateway.yaml",
      "gke-cluster/helm/base.values.yaml",
      "gke-cluster/helm/istiod.values.yaml",
      "gke-cluster/helm/eastwest-gateway.values.yaml",
      "gke-cluster/remote-secrets/aws-cluster.sh",
      "gke-cluster/README.md",
    ]);
    expect(
      parse(readFileSync(path.join(out, "gke-cluster/istioctl/eastwest-gateway.yaml"), "utf8")).metadata.name,
    ).toBe("eastwest");
    expect(statSync(path.join(out, "gke-cluster/cacerts.sh")).mode & 0o111).not.toBe(0);
    const readme = readFileSync(path.join(out, "gke-cluster/README.md"), "utf8");
    expect(readme).toContain("istioctl install -f istioctl/control-plane.yaml   # istioctl 1.30.3");
    expect(readme).toContain(
      "helm install istiod istio/istiod --version 1.30.3 -n istio-system -f helm/istiod.values.yaml",
    );
    // Namespaces, then the CA, then istiod (it reads cacerts when it starts), then Istio's objects.
    const steps = [
      "1. `kubectl apply -f namespaces.yaml`",
      "2. `./cacerts.sh",
      "3. `istioctl install",
      "5. `kubectl apply -f manifests.yaml",
    ];
    expect(steps.map((s) => readme.indexOf(s))).toEqual(
      [...steps.map((s) => readme.indexOf(s))].sort((a, b) => a - b),
    );
    expect(steps.every((s) => readme.includes(s))).toBe(true);
    const again = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? tmpdir(), "mesh-"));
    build().writeYaml(again);
    for (const f of written)
      expect(readFileSync(path.join(again, f), "utf8")).toBe(readFileSync(path.join(out, f), "utf8"));
  });

  describe("root of trust", () => {
    test("generated (the default): the cacerts script reads the CA stack's outputs, never a key in a file", () => {
      const m = mesh();
      expect(m.rootOfTrust).toBe(RootOfTrust.GENERATED);
      const script = fileOf(m, "aws-cluster", "cacerts.sh")!;
      expect(script).toMatch(/dir=\$\{2:-'cdktf.out\/stacks\/ca-Mesh\d+'\}/);
      expect(script).toContain("--from-file=ca-key.pem=<(out ca_aws_cluster_ca_key)");
      expect(script).toContain("--from-file=root-cert.pem=<(out root_cert)");
    });

    test("generated without its MeshCa: a hybrid-mesh error saying how to add it", () => {
      expect(() => mesh({}, TWO, false).files("gke-cluster")).toThrow(
        'rootOfTrust = "generated": a generated root of trust needs the mesh CA (MeshCa), whose Terraform outputs the cacerts scripts read; add it to a stack: new MeshCa(stack, "MeshCa", { mesh }) (HybridTopology does it for you).',
      );
    });

    test("plugged in: a cacerts script per cluster from its CA files", () => {
      const m = mesh({ rootOfTrust: RootOfTrust.PLUGGED_IN }, [
        { cluster: GKE, caCertsDirectory: "certs/gke" },
        { cluster: AWS, gateway: { address: "10.10.96.20" }, caCertsDirectory: "certs/aws" },
      ]);
      const script = fileOf(m, "aws-cluster", "cacerts.sh")!;
      expect(script).toContain("dir=${2:-'certs/aws'}");
      expect(script).toContain('--from-file=ca-key.pem="$dir/ca-key.pem"');
    });

    test("mixed roots fail: Google's managed CA with an in-cluster istiod, a fleet-managed cluster under a generated root", () => {
      expect(() => mesh({ rootOfTrust: RootOfTrust.MANAGED }).files("gke-cluster")).toThrow(
        "rootOfTrust = \"managed\": Google's managed CA is configured only by the fleet's managed control plane, and gke-cluster, aws-cluster run(s) their own istiod",
      );
      expect(() =>
        mesh({}, [
          {
            cluster: { ...GKE, fleetManagedControlPlane: true },
            controlPlane: ControlPlaneMode.FLEET_MANAGED,
          },
          { cluster: AWS, gateway: { address: "10.10.96.20" } },
        ]).manifests("aws-cluster"),
      ).toThrow(
        "clusters (gke-cluster).controlPlane = \"fleet-managed\": a fleet-managed control plane signs with Google's CA, not with the mesh's generated root the other clusters use: cross-cluster mTLS fails",
      );
    });

    test("one root across a fleet-managed mesh: Google's managed CA, and no istiod in any file", () => {
      const m = mesh({ rootOfTrust: RootOfTrust.MANAGED }, [
        { cluster: { ...GKE, fleetManagedControlPlane: true }, controlPlane: ControlPlaneMode.FLEET_MANAGED },
        {
          cluster: {
            ...GKE,
            clusterName: "gke-two",
            meshNetwork: "other-vpc",
            fleetManagedControlPlane: true,
          },
          controlPlane: ControlPlaneMode.FLEET_MANAGED,
        },
      ]);
      const paths = m.files("gke-cluster").map((f) => f.path);
      expect(paths).toEqual([
        "namespaces.yaml",
        "manifests.yaml",
        "istioctl/eastwest-gateway.yaml",
        "helm/eastwest-gateway.values.yaml",
        "README.md",
      ]);
      expect(controlPlaneCharts(m.resolved, m.resolved.clusters[0])).toEqual([]);
    });
  });

  describe("bad input", () => {
    test("network or cluster names that are not DNS-1123 labels", () => {
      expect(() => mesh({}, [{ cluster: { ...GKE, meshNetwork: "My_Net" } }])).toThrow(
        'cluster.meshNetwork = "My_Net": a DNS-1123 label',
      );
      expect(() => mesh({}, [{ cluster: { ...GKE, clusterName: "GKE" } }])).toThrow(
        'cluster.clusterName = "GKE"',
      );
    });

    test("two clusters with one name", () => {
      expect(() => mesh({}, [{ cluster: GKE }, { cluster: GKE }])).toThrow(
        "every cluster of a mesh needs its own name (Istio's cluster name)",
      );
    });

    test("a mesh id differing across the mesh", () => {
      expect(() => mesh({}, [{ cluster: { ...GKE, meshId: "proj-999999999999" } }])).toThrow(
        "every cluster of a mesh has the same mesh id",
      );
    });

    test("a trust domain that is not a DNS name, or longer than 253 characters", () => {
      expect(() => mesh({ trustDomain: "Cluster_Local" })).toThrow(
        'trustDomain = "Cluster_Local": a trust domain is a DNS name',
      );
      const long = Array.from({ length: 5 }, () => "a".repeat(60)).join(".");
      expect(() => mesh({ trustDomain: long })).toThrow(
        /trustDomain = "a{60}\.a{60}.*at most 253 characters, labels of 1-63/,
      );
    });

    test("an injection label on an injected namespace (hybrid-mesh sets exactly one)", () => {
      expect(() =>
        mesh({}, [
          { cluster: GKE, injectedNamespaces: [{ name: "shop", labels: { "istio.io/rev": "canary" } }] },
        ]),
      ).toThrow(
        'gke-cluster (MeshCluster): injectedNamespaces[0].labels.istio.io/rev = "canary": hybrid-mesh labels every injected namespace with istio-injection: enabled; istio.io/rev next to it would give the namespace both labels, and istio-injection wins (the revision is ignored); remove istio.io/rev from the labels; set the mesh\'s revision to choose istio.io/rev.',
      );
    });

    test("HPA bounds: minReplicas above maxReplicas", () => {
      expect(() => mesh({}, [{ cluster: GKE, gateway: { minReplicas: 6 } }])).toThrow(
        "gateway.minReplicas = 6: the HorizontalPodAutoscaler needs minReplicas (6) <= maxReplicas (5); also set maxReplicas to at least 6.",
      );
      expect(() => mesh({}, [{ cluster: GKE, gateway: { minReplicas: 4, maxReplicas: 3 } }])).toThrow(
        "gateway.minReplicas = 4: the HorizontalPodAutoscaler needs minReplicas (4) <= maxReplicas (3); use a minReplicas of at most 3.",
      );
    });

    test("two gateway ports on one node port", () => {
      expect(() =>
        mesh({}, [{ cluster: AWS, gateway: { address: "10.10.96.20", nodePorts: { crossNetwork: 31012 } } }]),
      ).toThrow(
        "gateway.nodePorts.istiod = 31012: the node port is also nodePorts.crossNetwork's: each gateway port needs its own node port; give the four gateway ports four different node ports.",
      );
    });

    test("an annotation that makes the gateway's load balancer external", () => {
      expect(() =>
        mesh({}, [
          {
            cluster: GKE,
            gateway: { serviceAnnotations: { "networking.gke.io/load-balancer-type": "External" } },
          },
        ]),
      ).toThrow(
        "gateway.serviceAnnotations.networking.gke.io/load-balancer-type = \"External\": the annotation makes the east-west gateway's load balancer external (reachable from the internet), and the mesh's other networks reach it over the VPN: it must be internal",
      );
    });

    test("a fleet-managed control plane off GKE, and two control planes on one cluster", () => {
      expect(() => mesh({}, [{ cluster: ONPREM, controlPlane: ControlPlaneMode.FLEET_MANAGED }])).toThrow(
        'controlPlane = "fleet-managed": only GKE clusters can run on the fleet\'s managed control plane, and onprem-cluster is on on-premises',
      );
      expect(() => mesh({}, [{ cluster: { ...GKE, fleetManagedControlPlane: true } }])).toThrow(
        'controlPlane = "in-cluster": the fleet runs gke-cluster\'s control plane (its service mesh membership is MANAGEMENT_AUTOMATIC), and an in-cluster istiod would be a second control plane on the cluster',
      );
    });

    test("a remote cluster without a primary, or whose primary's gateway has no fixed address", () => {
      expect(() =>
        mesh({ model: MeshModel.PRIMARY_REMOTE }, [
          { cluster: AWS, role: ClusterRole.REMOTE, gateway: { address: "10.10.96.20" } },
        ]),
      ).toThrow(
        "primary = undefined: a remote cluster has no istiod of its own and needs a primary to serve it",
      );
      expect(() =>
        mesh({ model: MeshModel.PRIMARY_REMOTE }, [
          { cluster: GKE },
          {
            cluster: AWS,
            role: ClusterRole.REMOTE,
            primary: "gke-cluster",
            gateway: { address: "10.10.96.20" },
          },
        ]).manifests("gke-cluster"),
      ).toThrow(
        "remote cluster aws-cluster reaches istiod through gke-cluster's east-west gateway (remotePilotAddress)",
      );
    });

    test("a remote cluster in a multi-primary mesh; an AWS gateway without a fixed address; node ports out of range", () => {
      expect(() =>
        mesh({}, [
          { cluster: AWS, role: ClusterRole.REMOTE, primary: "x", gateway: { address: "10.10.96.20" } },
        ]),
      ).toThrow("remote clusters exist only in the primary-remote model");
      expect(() => mesh({}, [{ cluster: AWS }])).toThrow("an east-west gateway on AWS needs a fixed address");
      expect(() =>
        mesh({}, [{ cluster: AWS, gateway: { address: "10.10.96.20", nodePorts: { crossNetwork: 443 } } }]),
      ).toThrow(
        "gateway.nodePorts.crossNetwork = 443: a Kubernetes NodePort is a whole number in the default node-port range 30000-32767",
      );
    });

    test("a plugged-in root of trust without every cluster's CA files; two platforms sharing a network", () => {
      expect(() =>
        mesh({ rootOfTrust: RootOfTrust.PLUGGED_IN }, [{ cluster: GKE }]).manifests("gke-cluster"),
      ).toThrow(
        "with a plugged-in root of trust every cluster needs its intermediate CA files under the shared root",
      );
      expect(() =>
        mesh({}, [
          { cluster: GKE },
          { cluster: { ...AWS, meshNetwork: GKE.meshNetwork }, gateway: { address: "10.10.96.20" } },
        ]).manifests("gke-cluster"),
      ).toThrow("share the network my-project-hybrid-vpc");
    });
  });
});

/** The judge of ../shared (istio-check), when the shared tools sit next to the repository. */
const ISTIO_CHECK = path.resolve(__dirname, "../../../shared/tools/istio-check.mjs");

describe("what the pinned Istio release serves (istio-check, when ../shared/tools is present)", () => {
  test.each(["1.17.5", "1.22.8", "1.26.8", "1.30.3"])(
    "Istio %s: every object and the gateway chart values pass",
    (istioVersion) => {
      if (!existsSync(ISTIO_CHECK)) return;
      const out = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? tmpdir(), "istio-"));
      const meshes = [
        mesh({ istioVersion, defaultDeny: true, gatewayForm: GatewayForm.HELM }, [
          ...TWO,
          { cluster: ONPREM, gateway: { address: "172.16.232.50" } },
        ]),
        mesh({ istioVersion, model: MeshModel.PRIMARY_REMOTE, revision: "canary" }, [
          { cluster: GKE, gateway: { address: "10.20.0.50" } },
          {
            cluster: AWS,
            role: ClusterRole.REMOTE,
            primary: "gke-cluster",
            gateway: { address: "10.10.96.20" },
          },
        ]),
      ];
      const written = meshes.flatMap((m, i) => m.writeYaml(path.join(out, String(i))));
      const values = written.filter((f) => f.endsWith("eastwest-gateway.values.yaml"));
      expect(values.length).toBeGreaterThan(0);
      const run = spawnSync(
        process.execPath,
        [
          ISTIO_CHECK,
          "--quiet",
          "--istio",
          istioVersion,
          ...values.flatMap((f) => ["--helm-gateway-values", f]),
          out,
        ],
        { encoding: "utf8" },
      );
      expect(run.stdout.split("\n").filter((l) => l && !/^0 problems/.test(l))).toEqual([]);
      expect(run.status).toBe(0);
    },
  );
});
