import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { Testing } from "cdktf";
import { FindingLevel, PathStatus, snapshotTopology, synthesizedTerraform } from "hybrid-mesh/topology";
import { build, WORKED_EXAMPLE as v } from "./main";

const app = Testing.app();
const topology = build(app);
const out = snapshotTopology(topology);
// What cdktf synth wrote, read by construct path; and the resources of one type in a stack's JSON.
const terraform = synthesizedTerraform(topology);
const at = (type: string, pathSuffix: string) => terraform.at(type, pathSuffix).config;
const ofType = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
const json = out.terraform["onprem-gke"] as any;

describe("worked example: on premises + GKE (REFERENCE.md §3), end to end", () => {
  test("VPC anthos-hybrid in us-central1, the region's internal range 10.128.0.0/20", () => {
    expect(at("google_compute_network", "site-gcp/Network")).toMatchObject({
      name: v.vpc,
      auto_create_subnetworks: false,
    });
    expect(at("google_compute_subnetwork", "site-gcp/Network/Subnet1")).toMatchObject({
      region: v.region,
      ip_cidr_range: "10.128.0.0/20",
    });
  });

  test("firewall nifc-rules allows all from 172.16.232.0/24 and from the on-premises VPN public IP", () => {
    expect(ofType(json, "google_compute_firewall").find((f) => f.name === v.firewall)).toMatchObject({
      source_ranges: [v.onPremLan, "${var.onprem_vpn_address_1}/32"],
      allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
    });
  });

  test("GKE cluster nifc-anthosgke-cls, zone us-central1-c, static version 1.27.3-gke.100, e2-standard-2, Workload Identity on", () => {
    expect(at("google_container_cluster", "site-gcp/Cluster")).toMatchObject({
      name: v.cluster,
      location: v.zone,
      min_master_version: v.version,
      release_channel: { channel: "UNSPECIFIED" },
      workload_identity_config: { workload_pool: `${v.project}.svc.id.goog` },
      resource_labels: expect.objectContaining({ mesh_id: `proj-${v.projectNumber}` }),
    });
    const [pool] = ofType(json, "google_container_node_pool");
    expect(pool).toMatchObject({
      location: v.zone,
      version: v.version,
      node_config: { machine_type: v.machineType },
    });
  });

  test("Cloud VPN nifc-anthos-vpn, tunnel nif-anthos-tn: IKEv1, route-based, remote range 172.16.232.0/24, the peer's address a variable", () => {
    expect(at("google_compute_vpn_gateway", "link-gcp-onprem/Vpn")).toMatchObject({
      name: v.vpnGateway,
      region: v.region,
    });
    expect(at("google_compute_vpn_tunnel", "link-gcp-onprem/Vpn/Tunnel")).toMatchObject({
      name: v.vpnTunnel,
      ike_version: 1,
      peer_ip: "${var.onprem_vpn_address_1}",
      local_traffic_selector: ["0.0.0.0/0"],
      remote_traffic_selector: ["0.0.0.0/0"],
    });
    expect(ofType(json, "google_compute_route").map((r) => r.dest_range)).toEqual([v.onPremLan]);
    expect(json.variable.onprem_vpn_address_1).toMatchObject({ type: "string" });
  });

  test("the peer sheet tells the on-premises admin every GCP range to route into the tunnel (nodes, pods, services, control plane) and what to admit", () => {
    const sheet = readFileSync(
      path.join(app.outdir, "stacks", "onprem-gke", "peer-sheets", `${v.vpnGateway}.md`),
      "utf8",
    );
    for (const row of [
      "| 10.128.0.0/20 | gcp: nifc-anthosgke-cls nodes | GCP |",
      "| 10.4.0.0/14 | gcp: nifc-anthosgke-cls pods | GCP |",
      "| 10.0.32.0/20 | gcp: nifc-anthosgke-cls services | GCP |",
      "| 172.16.0.0/28 | gcp: nifc-anthosgke-cls control plane | GCP |",
    ])
      expect(sheet).toContain(row);
    expect(sheet).toContain("| IKE version | IKEv1 |");
    // What the on-premises firewall admits for the mesh: the GKE nodes and pods, to the gateway
    // (15443) and the API server (6443), as the analysis checks.
    expect(sheet).toContain(
      "| 6443 | 172.16.232.10 | nifc-anthosbm-cls API server | 10.128.0.0/20 (gcp: nifc-anthosgke-cls nodes), 10.4.0.0/14 (gcp: nifc-anthosgke-cls pods) |",
    );
  });

  test("the mesh: Istio 1.17.5 as ASM revision asm-1175-9, gateways in nifc-gateway behind internal load balancers, networks default and <project>-anthos-hybrid", () => {
    const mesh = topology.mesh;
    expect(mesh.resolved).toMatchObject({
      meshId: `proj-${v.projectNumber}`,
      revision: v.revision,
      gatewayNamespace: v.gatewayNamespace,
    });
    expect(mesh.release.version).toBe("1.17.5");
    expect(mesh.resolved.clusters.map((c) => [c.name, c.network])).toEqual([
      [v.cluster, `${v.project}-${v.vpc}`],
      [v.onPremCluster, "default"],
    ]);
  });

  test.each([
    [v.cluster, `${v.project}-${v.vpc}`],
    [v.onPremCluster, "default"],
  ])(
    "the east-west IstioOperator of %s equals REFERENCE.md's, field for field (addresses assigned by the platform)",
    (cluster, network) => {
      const iop = parse(
        topology.mesh.files(cluster).find((f) => f.path === "istioctl/eastwest-gateway.yaml")!.content,
      );
      expect(iop).toEqual({
        apiVersion: "install.istio.io/v1alpha1",
        kind: "IstioOperator",
        metadata: { name: "eastwest" },
        spec: {
          revision: v.revision,
          profile: "empty",
          components: {
            ingressGateways: [
              {
                name: "istio-eastwestgateway",
                namespace: v.gatewayNamespace,
                label: {
                  istio: "eastwestgateway",
                  app: "istio-eastwestgateway",
                  "topology.istio.io/network": network,
                },
                enabled: true,
                k8s: {
                  env: [{ name: "ISTIO_META_REQUESTED_NETWORK_VIEW", value: network }],
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
            global: { network },
          },
        },
      });
    },
  );

  test("the cross-network-gateway equals REFERENCE.md's: networking.istio.io/v1alpha3, 15443 TLS AUTO_PASSTHROUGH, *.local, on both clusters", () => {
    for (const cluster of [v.cluster, v.onPremCluster]) {
      const gateway = topology.mesh.manifests(cluster).find((o) => o.kind === "Gateway") as any;
      expect(gateway).toEqual({
        apiVersion: "networking.istio.io/v1alpha3",
        kind: "Gateway",
        metadata: {
          name: "cross-network-gateway",
          namespace: v.gatewayNamespace,
          labels: { "app.kubernetes.io/managed-by": "hybrid-mesh" },
        },
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
    }
  });

  test("remote secrets as documented: istio-remote-secret-<cluster name>, each cluster's in the other", () => {
    const script = (cluster: string, source: string) =>
      topology.mesh.files(cluster).find((f) => f.path === `remote-secrets/${source}.sh`)!.content;
    expect(script(v.cluster, v.onPremCluster)).toContain(`name: istio-remote-secret-${v.onPremCluster}`);
    expect(script(v.onPremCluster, v.cluster)).toContain(`name: istio-remote-secret-${v.cluster}`);
  });

  test("the analysis: every path reachable both ways; a single tunnel and a zonal cluster are warnings, as designed", () => {
    const result = topology.analyze();
    expect(result.ok).toBe(true);
    expect(result.paths.every((p) => p.status === PathStatus.REACHABLE)).toBe(true);
    // Every path between the clusters crosses the one tunnel; Terraform, on the admin server, reaches
    // the on-premises API server locally and GKE's across the tunnel.
    expect(
      result.paths
        .filter((p) => !(p.from === "Terraform" && p.to === v.onPremCluster))
        .every((p) => p.brokenBy.includes("tunnel nif-anthos-tn")),
    ).toBe(true);
    expect(result.paths.filter((p) => p.from === "Terraform").map((p) => `${p.to} ${p.port}`)).toEqual([
      `${v.cluster} 443`,
      `${v.onPremCluster} 6443`,
    ]);
    expect(result.findings.every((f) => f.level === FindingLevel.WARNING)).toBe(true);
    expect(result.links).toEqual([
      expect.objectContaining({ between: "gcp <-> onprem", tunnels: 1, sla: "99.9%" }),
    ]);
  });

  test("the security checks: the design's weak IKE, Classic VPN and pinned version are suppressed with reasons", () => {
    expect(topology.checks!.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(
      [...new Set(topology.checks!.findings.map((f) => `${f.ruleId}: ${f.suppressed}`))].filter(
        (x) => !x.startsWith("HM-MESH"),
      ),
    ).toEqual([
      "HM-GCP-5: the worked example pins GKE 1.27.3-gke.100 outside release channels",
      "HM-VPN-1: the on-premises VPN device of the worked example speaks IKEv1 only",
      "HM-VPN-2: the on-premises VPN device of the worked example needs SHA1 integrity",
      "HM-VPN-7: the worked example uses a route-based Classic VPN with static routes",
    ]);
  });

  test("snapshot (Terraform per stack, YAML per cluster)", () => {
    expect(out).toMatchSnapshot();
  });
});
