import { mkdtempSync, readFileSync, statSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse } from "yaml";
import { ClusterPlatform, MeshClusterInfo } from "../../lib/core";
import {
  ClusterRole,
  controlPlaneOperator,
  crossNetworkGateway,
  eastWestGatewayOperator,
  GatewayExposure,
  GatewayForm,
  gatewayChartValues,
  istiodChartValues,
  Mesh,
  MeshClusterOptions,
  MeshModel,
  MeshProps,
  MtlsMode,
  RootOfTrust,
} from "../../lib/mesh";
import { k8sSchemaProblems, testApp } from "../util";

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

function mesh(
  props: Partial<MeshProps> = {},
  clusters: MeshClusterOptions[] = [{ cluster: GKE }, { cluster: AWS, gateway: { address: "10.10.96.20" } }],
): Mesh {
  const m = new Mesh(testApp(), "Mesh", { meshId: "proj-123456789012", ...props });
  clusters.forEach((c) => m.addCluster(c));
  return m;
}

describe("the worked example (REFERENCE.md §3, steps 3-5)", () => {
  const network = { onprem: "default", gke: "anthos-hybrid-demo-anthos-hybrid" };
  const annotation = { "cloud.google.com/load-balancer-type": "internal" };
  const worked = () =>
    mesh({ revision: "asm-1175-9", gatewayNamespace: "nifc-gateway" }, [
      {
        cluster: { ...ONPREM, clusterName: "onprem-cluster", meshNetwork: network.onprem },
        gateway: { exposure: GatewayExposure.LOAD_BALANCER, serviceAnnotations: annotation },
      },
      {
        cluster: { ...GKE, clusterName: "nifc-anthosgke-cls", meshNetwork: network.gke },
        gateway: { exposure: GatewayExposure.LOAD_BALANCER, serviceAnnotations: annotation },
      },
    ]);

  test.each([
    ["onprem-cluster", network.onprem],
    ["nifc-anthosgke-cls", network.gke],
  ])("the east-west IstioOperator of %s equals the one shown, field for field", (name, net) => {
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

  test("the cross-network Gateway equals the one shown (plus hybrid-mesh's managed-by label)", () => {
    const { metadata, ...rest } = crossNetworkGateway(worked().resolved) as any;
    expect(rest).toEqual({
      apiVersion: "networking.istio.io/v1",
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

  test("the gateway namespace is labelled istio.io/rev=asm-1175-9, without istio-injection; istio-system carries the network", () => {
    const objects = worked().manifests("nifc-anthosgke-cls");
    const ns = objects.filter((o) => o.kind === "Namespace");
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
    const gke = m.resolved.clusters[1];
    expect(controlPlaneOperator(m.resolved, gke)).toMatchObject({
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

describe("Mesh", () => {
  test("every emitted object validates against kubernetes-models and @kubernetes-models/istio, in every form and model", () => {
    const configurations: Mesh[] = [
      mesh(),
      mesh({ gatewayForm: GatewayForm.MANIFESTS, defaultDeny: true, revision: "1-24" }, [
        { cluster: GKE, injectedNamespaces: [{ name: "shop", labels: { team: "web" } }] },
        { cluster: AWS, gateway: { address: "10.10.96.20", minReplicas: 3, maxReplicas: 6 } },
        { cluster: ONPREM, gateway: { address: "172.16.232.50" } },
      ]),
      mesh({ model: MeshModel.PRIMARY_REMOTE, gatewayForm: GatewayForm.HELM }, [
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
    const strict = mesh()
      .manifests("gke-cluster")
      .find((o) => o.kind === "PeerAuthentication") as any;
    expect(strict).toMatchObject({
      metadata: { name: "default", namespace: "istio-system" },
      spec: { mtls: { mode: "STRICT" } },
    });
    expect(
      (
        mesh({ mtls: MtlsMode.PERMISSIVE })
          .manifests("gke-cluster")
          .find((o) => o.kind === "PeerAuthentication") as any
      ).spec.mtls.mode,
    ).toBe("PERMISSIVE");
    expect(
      mesh()
        .manifests("gke-cluster")
        .some((o) => o.kind === "AuthorizationPolicy"),
    ).toBe(false);
    expect(
      mesh({ defaultDeny: true })
        .manifests("gke-cluster")
        .find((o) => o.kind === "AuthorizationPolicy"),
    ).toMatchObject({ metadata: { name: "allow-nothing", namespace: "istio-system" }, spec: {} });
  });

  test("GKE gateways use the internal passthrough load balancer; AWS gateways a NodePort on fixed node ports", () => {
    const m = mesh({ gatewayForm: GatewayForm.MANIFESTS });
    const svc = (c: string) => m.manifests(c).find((o) => o.kind === "Service") as any;
    expect(svc("gke-cluster")).toMatchObject({
      metadata: { annotations: { "networking.gke.io/load-balancer-type": "Internal" } },
      spec: { type: "LoadBalancer" },
    });
    expect(svc("aws-cluster").spec).toMatchObject({ type: "NodePort" });
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

  test("gateway.additionalAddresses: IPv4 addresses, and only after gateway.address", () => {
    expect(() =>
      mesh({}, [
        { cluster: GKE },
        { cluster: AWS, gateway: { address: "10.10.96.20", additionalAddresses: ["10.10.128"] } },
      ]),
    ).toThrow('gateway.additionalAddresses[0] = "10.10.128"');
    expect(() =>
      mesh({}, [{ cluster: GKE }, { cluster: ONPREM, gateway: { additionalAddresses: ["172.16.232.51"] } }]),
    ).toThrow("further addresses come after the gateway's first address; give gateway.address too.");
  });

  test("multi-primary: each cluster gets the reader identity, and a remote-secret script for every other cluster", () => {
    const m = mesh();
    const objects = m.manifests("aws-cluster");
    expect(
      objects
        .filter((o) => ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Secret"].includes(o.kind))
        .map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      "ServiceAccount/istio-reader-service-account",
      "ClusterRole/hybrid-mesh-istio-reader",
      "ClusterRoleBinding/hybrid-mesh-istio-reader",
      "Secret/istio-reader-service-account-token",
    ]);
    const secret = objects.find((o) => o.kind === "Secret") as any;
    expect(secret).toMatchObject({
      type: "kubernetes.io/service-account-token",
      metadata: { annotations: { "kubernetes.io/service-account.name": "istio-reader-service-account" } },
    });
    const role = objects.find((o) => o.kind === "ClusterRole") as any;
    expect(role.rules.flatMap((r: any) => r.resources)).not.toContain("secrets");
    expect(m.files("gke-cluster").map((f) => f.path)).toContain("remote-secrets/aws-cluster.sh");
    expect(m.files("aws-cluster").map((f) => f.path)).toContain("remote-secrets/gke-cluster.sh");
  });

  test("the remote-secret script reads the token at apply time and writes the Secret Istio expects; no credential in the files", () => {
    const files = mesh().files("gke-cluster");
    const script = files.find((f) => f.path === "remote-secrets/aws-cluster.sh")!.content;
    expect(script).toContain("name: istio-remote-secret-aws-cluster");
    expect(script).toContain('istio/multiCluster: "true"');
    expect(script).toContain("networking.istio.io/cluster: aws-cluster");
    expect(script).toContain("get secret istio-reader-service-account-token -o jsonpath='{.data.token}'");
    expect(script).toContain("server=${3:-'https://10.10.96.10:6443'}");
    for (const f of files) expect(f.content).not.toMatch(/token: ey[A-Za-z0-9]/);
  });

  test("primary-remote: istiod exposure and EXTERNAL_ISTIOD on the primary; remotePilotAddress, injectionPath and controlPlaneClusters on the remote", () => {
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
    const [gke, aws] = m.resolved.clusters;
    expect((controlPlaneOperator(m.resolved, gke) as any).spec.values.pilot).toEqual({
      env: { EXTERNAL_ISTIOD: true },
    });
    expect(istiodChartValues(m.resolved, gke)).toMatchObject({ global: { externalIstiod: true } });
    expect(controlPlaneOperator(m.resolved, aws)).toMatchObject({
      spec: {
        profile: "remote",
        values: {
          global: { remotePilotAddress: "10.20.0.50" },
          istiodRemote: { injectionPath: "/inject/cluster/aws-cluster/net/aws-cluster-network" },
        },
      },
    });
    const ns = m.manifests("aws-cluster").find((o) => o.metadata.name === "istio-system") as any;
    expect(ns.metadata.annotations).toEqual({ "topology.istio.io/controlPlaneClusters": "gke-cluster" });
    expect(m.files("gke-cluster").map((f) => f.path)).toContain("remote-secrets/aws-cluster.sh");
    expect(m.files("aws-cluster").some((f) => f.path.startsWith("remote-secrets/"))).toBe(false);
  });

  test("Helm values for the gateway chart use networkGateway", () => {
    const m = mesh({ gatewayForm: GatewayForm.HELM, revision: "1-24" });
    expect(gatewayChartValues(m.resolved, m.resolved.clusters[1])).toMatchObject({
      name: "istio-eastwestgateway",
      revision: "1-24",
      networkGateway: "aws-cluster-network",
      service: { type: "NodePort" },
    });
    expect(m.files("aws-cluster").map((f) => f.path)).toContain("helm/eastwest-gateway.values.yaml");
  });

  test("writeYaml writes dist/<cluster>/ with manifests, install files and executable scripts, the same bytes every time", () => {
    const out = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? tmpdir(), "mesh-"));
    const written = mesh()
      .writeYaml(out)
      .map((f) => path.relative(out, f));
    expect(written).toEqual(
      expect.arrayContaining([
        "gke-cluster/manifests.yaml",
        "gke-cluster/istioctl/control-plane.yaml",
        "gke-cluster/istioctl/eastwest-gateway.yaml",
        "gke-cluster/remote-secrets/aws-cluster.sh",
        "aws-cluster/README.md",
      ]),
    );
    const text = readFileSync(path.join(out, "gke-cluster/manifests.yaml"), "utf8");
    expect(text.split("---").length).toBeGreaterThan(3);
    expect(
      parse(readFileSync(path.join(out, "gke-cluster/istioctl/eastwest-gateway.yaml"), "utf8")).metadata.name,
    ).toBe("eastwest");
    expect(statSync(path.join(out, "gke-cluster/remote-secrets/aws-cluster.sh")).mode & 0o111).not.toBe(0);
    const again = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? tmpdir(), "mesh-"));
    mesh().writeYaml(again);
    expect(readFileSync(path.join(again, "gke-cluster/manifests.yaml"), "utf8")).toBe(text);
  });

  test("a plugged-in root of trust writes a cacerts script per cluster", () => {
    const m = mesh({}, [
      { cluster: GKE, caCertsDirectory: "certs/gke" },
      { cluster: AWS, gateway: { address: "10.10.96.20" }, caCertsDirectory: "certs/aws" },
    ]);
    expect(m.rootOfTrust).toBe(RootOfTrust.PLUGGED_IN);
    const script = m.files("aws-cluster").find((f) => f.path === "cacerts.sh")!.content;
    expect(script).toContain("dir=${2:-'certs/aws'}");
    expect(script).toContain('--from-file=ca-key.pem="$dir/ca-key.pem"');
  });

  describe("bad input", () => {
    test("network or cluster names that are not DNS-1123 labels", () => {
      expect(() => mesh({}, [{ cluster: { ...GKE, clusterName: "GKE_1" } }])).toThrow(
        'cluster.clusterName = "GKE_1": a DNS-1123 label is 1-63 lower-case letters',
      );
      expect(() => mesh({}, [{ cluster: { ...GKE, meshNetwork: "Net.1" } }])).toThrow(
        'cluster.meshNetwork = "Net.1": a DNS-1123 label',
      );
    });

    test("two clusters with one name", () => {
      expect(() =>
        mesh({}, [{ cluster: GKE }, { cluster: { ...ONPREM, clusterName: "gke-cluster" } }]),
      ).toThrow(
        'cluster.clusterName = "gke-cluster": every cluster of a mesh needs its own name (Istio\'s cluster name); rename one of the clusters.',
      );
    });

    test("a mesh id differing across the mesh", () => {
      expect(() => mesh({}, [{ cluster: { ...GKE, meshId: "proj-999" } }])).toThrow(
        'hybrid-mesh: Mesh/gke-cluster (MeshCluster): cluster.meshId = "proj-999": every cluster of a mesh has the same mesh id, and the mesh\'s is proj-123456789012',
      );
    });

    test("a trust domain that is not a DNS name", () => {
      expect(() => mesh({ trustDomain: "Cluster Local" })).toThrow(
        'trustDomain = "Cluster Local": a trust domain is a DNS name',
      );
    });

    test("both injection labels on one namespace", () => {
      expect(() =>
        mesh({}, [
          {
            cluster: GKE,
            injectedNamespaces: [
              { name: "shop", labels: { "istio-injection": "enabled", "istio.io/rev": "1-24" } },
            ],
          },
        ]),
      ).toThrow(
        "istio-injection and istio.io/rev on one namespace conflict (istio-injection wins and the revision is ignored)",
      );
    });

    test("a remote cluster without a primary, or with a primary that is not one", () => {
      expect(() =>
        mesh({ model: MeshModel.PRIMARY_REMOTE }, [
          { cluster: AWS, role: ClusterRole.REMOTE, gateway: { address: "10.10.96.20" } },
        ]),
      ).toThrow(
        "primary = undefined: a remote cluster has no istiod of its own and needs a primary to serve it",
      );
      const m = mesh({ model: MeshModel.PRIMARY_REMOTE }, [
        { cluster: GKE },
        { cluster: AWS, role: ClusterRole.REMOTE, primary: "nowhere", gateway: { address: "10.10.96.20" } },
      ]);
      expect(() => m.manifests("gke-cluster")).toThrow(
        /clusters \(aws-cluster\)\.primary = "nowhere": a remote cluster needs a primary of the mesh to serve it; add the primary cluster, or name one of: gke-cluster/,
      );
    });

    test("a remote cluster whose primary's gateway has no fixed address", () => {
      const m = mesh({ model: MeshModel.PRIMARY_REMOTE }, [
        { cluster: GKE },
        {
          cluster: AWS,
          role: ClusterRole.REMOTE,
          primary: "gke-cluster",
          gateway: { address: "10.10.96.20" },
        },
      ]);
      expect(() => m.writeYaml(mkdtempSync(path.join(tmpdir(), "x-")))).toThrow(
        /remote cluster aws-cluster reaches istiod through gke-cluster's east-west gateway \(remotePilotAddress\), so that gateway needs a fixed address/,
      );
    });

    test("a remote cluster in a multi-primary mesh", () => {
      expect(() =>
        mesh({}, [
          { cluster: GKE },
          {
            cluster: AWS,
            role: ClusterRole.REMOTE,
            primary: "gke-cluster",
            gateway: { address: "10.10.96.20" },
          },
        ]),
      ).toThrow("remote clusters exist only in the primary-remote model");
    });

    test("an AWS-hosted gateway without a fixed address", () => {
      expect(() => mesh({}, [{ cluster: AWS }])).toThrow(
        "hybrid-mesh: Mesh/aws-cluster (MeshCluster): gateway.address = undefined: an east-west gateway on AWS needs a fixed address: an AWS load balancer's DNS name is ignored as a gateway address by Istio (istio#29359); put the gateway behind MeshGatewayLoadBalancer with fixed private IPs and give one of them here.",
      );
    });

    test("node ports outside the node-port range, bad addresses", () => {
      expect(() =>
        mesh({}, [{ cluster: AWS, gateway: { address: "10.10.96.20", nodePorts: { crossNetwork: 15443 } } }]),
      ).toThrow(
        "gateway.nodePorts.crossNetwork = 15443: a Kubernetes NodePort is a whole number in the default node-port range 30000-32767",
      );
      expect(() => mesh({}, [{ cluster: AWS, gateway: { address: "gw.example.com" } }])).toThrow(
        'gateway.address = "gw.example.com": an IPv4 address',
      );
    });

    test("a plugged-in root of trust without every cluster's CA files", () => {
      const m = mesh({ rootOfTrust: RootOfTrust.PLUGGED_IN }, [
        { cluster: GKE, caCertsDirectory: "certs/gke" },
        { cluster: AWS, gateway: { address: "10.10.96.20" } },
      ]);
      expect(() => m.manifests("gke-cluster")).toThrow(
        /clusters \(aws-cluster\)\.caCertsDirectory = undefined: with a plugged-in root of trust every cluster needs its intermediate CA files/,
      );
    });

    test("clusters of two platforms sharing a network", () => {
      const m = mesh({}, [{ cluster: GKE }, { cluster: { ...ONPREM, meshNetwork: GKE.meshNetwork } }]);
      expect(() => m.manifests("gke-cluster")).toThrow(
        /clusters on gke and on-premises share the network my-project-hybrid-vpc/,
      );
    });
  });
});
