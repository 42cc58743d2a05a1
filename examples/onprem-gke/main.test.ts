import { Testing } from "cdktf";
import { build, WORKED_EXAMPLE as v } from "./main";
import { parse } from "yaml";
import { byPath, k8sSchemaProblems, literalSecrets, ofType, testApp } from "../../test/util";

function synth() {
  const { stack } = build(testApp());
  return { text: Testing.synth(stack, true), json: JSON.parse(Testing.synth(stack, true)) };
}

describe("worked example: GCP side (REFERENCE.md §3)", () => {
  test("VPC anthos-hybrid in us-central1", () => {
    const { json } = synth();
    expect(byPath(json, "google_compute_network", "Network")).toMatchObject({
      name: "anthos-hybrid",
      auto_create_subnetworks: false,
    });
    expect(byPath(json, "google_compute_subnetwork", "Network/Subnet1")).toMatchObject({
      region: "us-central1",
      ip_cidr_range: "10.128.0.0/20",
    });
  });

  test("firewall nifc-rules allows all from 172.16.232.0/24 and from the on-premises VPN public IP", () => {
    const { json } = synth();
    expect(ofType(json, "google_compute_firewall").find((f) => f.name === "nifc-rules")).toMatchObject({
      source_ranges: ["172.16.232.0/24", "${var.onprem_vpn_public_ip}/32"],
      allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
    });
  });

  test("GKE cluster nifc-anthosgke-cls, zone us-central1-c, static version 1.27.3-gke.100, e2-standard-2, Workload Identity on", () => {
    const { json } = synth();
    expect(byPath(json, "google_container_cluster", "Gke")).toMatchObject({
      name: v.cluster,
      location: v.zone,
      min_master_version: v.version,
      release_channel: { channel: "UNSPECIFIED" },
      workload_identity_config: { workload_pool: `${v.project}.svc.id.goog` },
    });
    const [pool] = ofType(json, "google_container_node_pool");
    expect(pool).toMatchObject({
      location: v.zone,
      version: v.version,
      node_config: { machine_type: v.machineType },
    });
  });

  test("Cloud VPN nifc-anthos-vpn, tunnel nif-anthos-tn: IKEv1, route-based, remote range 172.16.232.0/24", () => {
    const { json } = synth();
    expect(byPath(json, "google_compute_vpn_gateway", "Vpn")).toMatchObject({
      name: v.vpnGateway,
      region: v.region,
      network: expect.any(String),
    });
    expect(byPath(json, "google_compute_vpn_tunnel", "Vpn/Tunnel")).toMatchObject({
      name: v.vpnTunnel,
      ike_version: 1,
      peer_ip: "${var.onprem_vpn_public_ip}",
      local_traffic_selector: ["0.0.0.0/0"],
      remote_traffic_selector: ["0.0.0.0/0"],
    });
    expect(ofType(json, "google_compute_route").map((r) => r.dest_range)).toEqual([v.onPremLan]);
    expect(literalSecrets(json)).toEqual([]);
  });

  test("the mesh id is proj-<project number>", () => {
    const { json } = synth();
    expect(byPath(json, "google_container_cluster", "Gke").resource_labels.mesh_id).toBe(
      `proj-${v.projectNumber}`,
    );
  });

  test("the mesh: ASM revision asm-1175-9, gateways in nifc-gateway, networks default and <project>-anthos-hybrid", () => {
    const { mesh } = build(testApp());
    expect(mesh.resolved).toMatchObject({
      meshId: "proj-123456789012",
      revision: v.revision,
      gatewayNamespace: v.gatewayNamespace,
    });
    expect(mesh.resolved.clusters.map((c) => [c.name, c.network])).toEqual([
      ["onprem-cluster", "default"],
      [v.cluster, `${v.project}-${v.vpc}`],
    ]);
    const iop = parse(
      mesh.files(v.cluster).find((f) => f.path === "istioctl/eastwest-gateway.yaml")!.content,
    );
    expect(iop.spec.components.ingressGateways[0].k8s.serviceAnnotations).toEqual({
      "cloud.google.com/load-balancer-type": "internal",
    });
    expect(k8sSchemaProblems(["onprem-cluster", v.cluster].flatMap((c) => mesh.manifests(c)))).toEqual([]);
  });

  test("snapshot", () => {
    expect(synth().text).toMatchSnapshot();
  });
});
