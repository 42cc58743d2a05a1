import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { FindingLevel, PathStatus, snapshotTopology, synthesizedTerraform } from "hybrid-mesh/topology";
import { build, GCP_PROJECT } from "./main";

// One synth for the whole file: it is what `cdktf synth` produces.
const app = Testing.app();
const topology = build(app);
const out = snapshotTopology(topology);
// What cdktf synth wrote, read by construct path; and the resources of one type in a stack's JSON.
const terraform = synthesizedTerraform(topology);
const at = (type: string, pathSuffix: string) => terraform.at(type, pathSuffix).config;
const ofType = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
const infra = out.terraform.hybrid as any;
const meshStack = out.terraform["hybrid-mesh"] as any;
const installStack = out.terraform["hybrid-mesh-install"] as any;
const caStack = out.terraform["hybrid-mesh-ca"] as any;

describe("default example (AWS + GCP, multi-primary)", () => {
  test("four stacks: the infrastructure, the mesh CA, Istio's install, then the mesh", () => {
    expect(Object.keys(out.terraform)).toEqual([
      "hybrid",
      "hybrid-mesh-ca",
      "hybrid-mesh-install",
      "hybrid-mesh",
    ]);
    expect(topology.meshInstallStack.dependencies.map((d) => d.node.id)).toEqual([
      "hybrid",
      "hybrid-mesh-ca",
    ]);
    // The mesh stack reads the clusters' endpoints from the infrastructure too.
    expect(topology.meshStack.dependencies.map((d) => d.node.id).sort()).toEqual([
      "hybrid",
      "hybrid-mesh-install",
    ]);
  });

  test("Istio installed by cdktf deploy: base, istiod and the east-west gateway at 1.30.3 on each cluster, after its cacerts", () => {
    const releases = ofType(installStack, "helm_release");
    expect(releases.map((r) => `${r.name} ${r.chart} ${r.version}`).sort()).toEqual([
      "istio-base base 1.30.3",
      "istio-base base 1.30.3",
      "istio-eastwestgateway gateway 1.30.3",
      "istio-eastwestgateway gateway 1.30.3",
      "istiod istiod 1.30.3",
      "istiod istiod 1.30.3",
    ]);
    const cacerts = ofType(installStack, "kubernetes_secret_v1").filter((s) => s.metadata.name === "cacerts");
    expect(cacerts).toHaveLength(2);
    for (const r of releases.filter((x) => x.chart === "base"))
      expect(r.depends_on.some((d: string) => d.startsWith("kubernetes_secret_v1."))).toBe(true);
  });

  test("one root of trust: a CA generated in Terraform, one intermediate per cluster; one control plane per cluster", () => {
    expect(ofType(caStack, "tls_self_signed_cert")).toHaveLength(1);
    expect(ofType(caStack, "tls_locally_signed_cert")).toHaveLength(2);
    // The GKE cluster runs its own istiod: the fleet's service mesh is on manual management.
    expect(ofType(infra, "google_gke_hub_feature_membership").filter((m) => m.mesh)).toEqual([
      expect.objectContaining({ mesh: { management: "MANAGEMENT_MANUAL" } }),
    ]);
    expect(topology.mesh.resolved.clusters.map((c) => c.controlPlane)).toEqual(["in-cluster", "in-cluster"]);
  });

  test("an AWS site: three zones, three control-plane replicas behind an internal NLB with fixed IPs, one node pool", () => {
    expect(ofType(infra, "aws_subnet")).toHaveLength(6);
    expect(ofType(infra, "aws_autoscaling_group")).toHaveLength(4);
    expect(at("aws_lb", "site-aws/ControlPlane/LoadBalancer")).toMatchObject({
      internal: true,
      load_balancer_type: "network",
      subnet_mapping: [
        expect.objectContaining({ private_ipv4_address: "10.0.96.10" }),
        expect.objectContaining({ private_ipv4_address: "10.0.128.10" }),
        expect.objectContaining({ private_ipv4_address: "10.0.160.10" }),
      ],
    });
  });

  test("a GCP site: network, private GKE cluster, fleet with the service mesh and Config Sync, a reserved gateway address", () => {
    const cluster = at("google_container_cluster", "site-gcp/Cluster");
    expect(cluster.private_cluster_config).toMatchObject({
      enable_private_nodes: true,
      master_ipv4_cidr_block: "10.1.48.0/28",
    });
    expect(
      ofType(infra, "google_gke_hub_feature")
        .map((f) => f.name)
        .sort(),
    ).toEqual(["configmanagement", "servicemesh"]);
    expect(at("google_compute_address", "site-gcp/MeshGatewayAddress")).toMatchObject({
      address: "10.1.15.253",
      address_type: "INTERNAL",
      project: GCP_PROJECT,
    });
  });

  test("the address plan comes from the supernet: disjoint, and clear of 169.254/16 and 172.17/16", () => {
    expect(topology.plan).toEqual({
      supernet: "10.0.0.0/8",
      aws: { aws: { vpc: "10.0.0.0/16", pods: "192.168.0.0/16", services: "10.2.0.0/16" } },
      gcp: {
        gcp: {
          subnet: "10.1.0.0/20",
          pods: "10.1.16.0/20",
          services: "10.1.32.0/20",
          controlPlane: "10.1.48.0/28",
          maxNodes: 9,
        },
      },
      onPrem: {},
    });
  });

  test("HA VPN: 4 tunnels with BGP, distinct ASNs, the Cloud Router advertises the control plane; no literal key", () => {
    expect(ofType(infra, "google_compute_vpn_tunnel")).toHaveLength(4);
    expect(ofType(infra, "aws_vpn_gateway")[0].amazon_side_asn).toBe("64512");
    expect(ofType(infra, "google_compute_router_peer").map((p) => p.peer_asn)).toEqual([
      64512, 64512, 64512, 64512,
    ]);
    const router = at("google_compute_router", "link-gcp-aws/Router");
    expect(router.bgp).toMatchObject({
      asn: 64513,
      advertise_mode: "CUSTOM",
      advertised_groups: ["ALL_SUBNETS"],
      advertised_ip_ranges: [expect.objectContaining({ range: "10.1.48.0/28" })],
    });
  });

  test("each site admits exactly the other's mesh traffic: GKE nodes and pods (one /19) on AWS, the AWS VPC on GCP", () => {
    const gatewaySg = ofType(infra, "aws_vpc_security_group_ingress_rule").filter((r) =>
      String(r.description).startsWith("Istio port 15443"),
    );
    expect([...new Set(gatewaySg.map((r) => r.cidr_ipv4))].sort()).toEqual(["10.1.0.0/19"]);
    const firewall = ofType(infra, "google_compute_firewall").find(
      (f) => f.name === "hybrid-vpc-allow-mesh-peers",
    );
    expect(firewall).toMatchObject({ source_ranges: ["10.0.0.0/16"], target_tags: ["gke-cluster-node"] });
    const cluster = at("google_container_cluster", "site-gcp/Cluster");
    expect(cluster.master_authorized_networks_config.cidr_blocks.map((b: any) => b.cidr_block)).toContain(
      "10.0.0.0/16",
    );
  });

  test("the analysis passes: every gateway and API server reachable both ways, surviving any single failure", () => {
    const result = topology.analyze();
    expect(result.findings.filter((f) => f.level === FindingLevel.ERROR)).toEqual([]);
    // 6 paths between the clusters, and Terraform (in the AWS VPC) to both API servers.
    expect(result.paths.length).toBe(8);
    expect(result.paths.every((p) => p.status === PathStatus.REACHABLE && p.brokenBy.length === 0)).toBe(
      true,
    );
    expect(result.links).toEqual([
      expect.objectContaining({ between: "gcp <-> aws", tunnels: 4, bgpSessions: 4, sla: "99.99%" }),
    ]);
  });

  test("synth writes the reports and the diagram next to the output", () => {
    const dir = topology.reportDirectory(app.outdir);
    for (const f of [
      "analysis.md",
      "analysis.json",
      "checks.md",
      "checks.csv",
      "topology.dot",
      "topology.mmd",
    ])
      expect(existsSync(path.join(dir, f))).toBe(true);
    const report = readFileSync(path.join(dir, "analysis.md"), "utf8");
    expect(report).toContain("- Result: **pass** (0 error(s), 0 warning(s))");
    expect(report).toContain(
      "| gke-cluster | aws-cluster | east-west gateway | 15443 | 10.1.16.0/20 (gke-cluster pods) |",
    );
  });

  test("the security checks pass: only the documented built-in suppressions", () => {
    expect(topology.checks!.errors).toEqual([]);
    expect(topology.checks!.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect([...new Set(topology.checks!.findings.map((f) => f.ruleId))].sort()).toEqual([
      "HM-AWS-12",
      "HM-MESH-2",
    ]);
  });

  test("one multi-primary mesh: YAML for each cluster, valid against the schemas; the AWS gateway lists an address per zone", () => {
    expect(topology.mesh.resolved.clusters.map((c) => [c.name, c.network, c.gateway.addresses])).toEqual([
      ["gke-cluster", "hybrid-mesh-demo-hybrid-vpc", ["10.1.15.253"]],
      ["aws-cluster", "aws-cluster-network", ["10.0.96.20", "10.0.128.20", "10.0.160.20"]],
    ]);
    const objects = ["gke-cluster", "aws-cluster"].flatMap((c) => [
      ...topology.mesh.namespaces(c),
      ...topology.mesh.manifests(c),
    ]);
    // Istio's objects and the reader identity as kubernetes_manifest; each reader token as a Secret that waits for it.
    const tokens = objects.filter((o) => o.kind === "Secret").length;
    const namespaces = objects.filter((o) => o.kind === "Namespace").length;
    expect(Object.keys(meshStack.resource.kubernetes_manifest)).toHaveLength(
      objects.length - tokens - namespaces,
    );
    expect(ofType(installStack, "kubernetes_namespace_v1")).toHaveLength(namespaces);
  });

  test("snapshot (Terraform per stack, YAML per cluster)", () => {
    expect(out).toMatchSnapshot();
  });
});
