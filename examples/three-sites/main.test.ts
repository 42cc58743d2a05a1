import { readFileSync } from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { ClusterRole } from "hybrid-mesh/mesh";
import { PathStatus, snapshotTopology, synthesizedTerraform } from "hybrid-mesh/topology";
import { build } from "./main";

const app = Testing.app();
const topology = build(app);
const out = snapshotTopology(topology);
// What cdktf synth wrote, read by construct path; and the resources of one type in a stack's JSON.
const terraform = synthesizedTerraform(topology);
const at = (type: string, pathSuffix: string) => terraform.at(type, pathSuffix).config;
const ofType = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
const stack = (name: string) => out.terraform[name] as any;

describe("three sites (AWS, GCP, on premises), primary-remote", () => {
  test("a stack per site and per link, and the mesh stacks; state in S3 with locking, one key per stack", () => {
    expect(Object.keys(out.terraform)).toEqual([
      "tri-aws",
      "tri-gcp",
      "tri-link-gcp-aws",
      "tri-link-gcp-dc1",
      "tri-mesh-ca",
      "tri-mesh-install",
      "tri-mesh",
    ]);
    for (const [name, json] of Object.entries(out.terraform) as [string, any][]) {
      expect(json.terraform.backend.s3).toEqual({
        bucket: "example-hybrid-mesh-state",
        encrypt: true,
        key: `tri/${name}.tfstate`,
        region: "eu-west-1",
        use_lockfile: true,
      });
    }
  });

  test("cross-stack references form a DAG: sites <- links <- mesh CA and install <- mesh", () => {
    const deps = (name: string) =>
      topology.allStacks
        .find((s) => s.node.id === name)!
        .dependencies.map((d) => d.node.id)
        .sort();
    expect(deps("tri-gcp")).toEqual([]);
    expect(deps("tri-aws")).toEqual([]);
    expect(deps("tri-link-gcp-aws")).toEqual(["tri-aws", "tri-gcp"]);
    expect(deps("tri-link-gcp-dc1")).toEqual(["tri-gcp"]);
    expect(deps("tri-mesh-ca")).toEqual([]);
    expect(deps("tri-mesh-install")).toEqual([
      "tri-aws",
      "tri-gcp",
      "tri-link-gcp-aws",
      "tri-link-gcp-dc1",
      "tri-mesh-ca",
    ]);
    expect(deps("tri-mesh")).toEqual(["tri-aws", "tri-gcp", "tri-mesh-install"]);
    // The link stack reads the sites' outputs from their S3 state.
    expect(Object.keys(stack("tri-link-gcp-aws").data.terraform_remote_state).sort()).toEqual([
      "cross-stack-reference-input-tri--tri-aws",
      "cross-stack-reference-input-tri--tri-gcp",
    ]);
  });

  test("GCP is the hub: each Cloud Router advertises the other site's ranges (transit) and the control plane", () => {
    const toAws = at("google_compute_router", "link-gcp-aws/Router");
    expect(toAws.bgp.advertised_ip_ranges.map((r: any) => r.range)).toEqual([
      "10.65.48.0/28",
      "172.20.0.0/22",
    ]);
    const toDc = at("google_compute_router", "link-gcp-dc1/Router");
    expect(toDc.bgp.advertised_ip_ranges.map((r: any) => r.range)).toEqual(["10.65.48.0/28", "10.64.0.0/16"]);
    expect(ofType(stack("tri-link-gcp-dc1"), "google_compute_external_vpn_gateway")[0].redundancy_type).toBe(
      "TWO_IPS_REDUNDANCY",
    );
  });

  test("the data centre's peer sheet: GKE's ranges as GCP's, the AWS VPC as transit, what its firewall admits, BGP timers", () => {
    const sheet = readFileSync(
      path.join(
        app.outdir,
        "stacks",
        "tri-link-gcp-dc1",
        "peer-sheets",
        "tri-link-gcp-dc1-link-gcp-dc1-vpn.md",
      ),
      "utf8",
    );
    for (const row of [
      "| 10.65.0.0/20 | gcp: gke-primary nodes | GCP |",
      "| 10.65.16.0/20 | gcp: gke-primary pods | GCP |",
      "| 10.65.32.0/20 | gcp: gke-primary services | GCP |",
      "| 10.65.48.0/28 | gcp: gke-primary control plane | GCP |",
      "| 10.64.0.0/16 | aws: VPC, via gcp | transit, through GCP |",
      "| 172.20.0.0/22 | dc1: LAN |",
      "| 15443 | 172.20.1.50 | dc1-remote east-west gateway (cross-network mTLS) | 10.64.0.0/16 (aws: VPC, via gcp), 10.65.0.0/20 (gcp: gke-primary nodes), 10.65.16.0/20 (gcp: gke-primary pods) |",
      "| 6443 | 172.20.0.10 | dc1-remote API server | 10.65.0.0/20 (gcp: gke-primary nodes), 10.65.16.0/20 (gcp: gke-primary pods) |",
      "| keepalive interval | 20 s (the Cloud Router's; use the same on the device) |",
      "| hold time | 60 s (three times the keepalive; the lower of the two ends' hold times applies) |",
    ])
      expect(sheet).toContain(row);
  });

  test("tunnel inside /30s unique across the topology: the AWS link's four, then the data centre's two", () => {
    const ranges = (name: string) =>
      ofType(stack(name), "google_compute_router_interface").map((i) => i.ip_range);
    expect(ranges("tri-link-gcp-aws")).toEqual([
      "169.254.6.2/30",
      "169.254.6.6/30",
      "169.254.6.10/30",
      "169.254.6.14/30",
    ]);
    expect(ranges("tri-link-gcp-dc1")).toEqual(["169.254.6.17/30", "169.254.6.21/30"]);
  });

  test("distinct BGP ASNs: AWS 64512, GCP 64513, on premises 65010", () => {
    expect(topology.awsSites.aws.asn).toBe(64512);
    expect(topology.gcpSites.gcp.asn).toBe(64513);
    expect(ofType(stack("tri-link-gcp-dc1"), "google_compute_router_peer").map((p) => p.peer_asn)).toEqual([
      65010, 65010,
    ]);
  });

  test("the primary exposes istiod; the remotes reach it (15012, 15017) and its API server is read by no one", () => {
    expect(topology.mesh.resolved.clusters.map((c) => [c.name, c.role, c.primary ?? null])).toEqual([
      ["gke-primary", ClusterRole.PRIMARY, null],
      ["aws-remote", ClusterRole.REMOTE, "gke-primary"],
      ["dc1-remote", ClusterRole.REMOTE, "gke-primary"],
    ]);
    const result = topology.analyze();
    const services = (from: string, to: string) =>
      [...new Set(result.paths.filter((p) => p.from === from && p.to === to).map((p) => p.port))].sort(
        (a, b) => a - b,
      );
    expect(services("aws-remote", "gke-primary")).toEqual([15012, 15017, 15443]);
    expect(services("dc1-remote", "gke-primary")).toEqual([15012, 15017, 15443]);
    expect(services("gke-primary", "aws-remote")).toEqual([6443, 15443]);
    expect(services("aws-remote", "dc1-remote")).toEqual([15443]);
  });

  test("the remotes get the remote install (1.30: base and istiod with profile remote) and no cacerts; the primary its CA", () => {
    const releases = ofType(stack("tri-mesh-install"), "helm_release");
    const of = (cluster: string) =>
      releases
        .filter((r) => r.provider === `helm.cluster-${cluster}`)
        .map((r) => `${r.chart}${r.values[0].includes("profile: remote") ? " (remote)" : ""}`)
        .sort();
    expect(of("aws-remote")).toEqual(["base (remote)", "gateway", "istiod (remote)"]);
    expect(of("gke-primary")).toEqual(["base", "gateway", "istiod"]);
    const cacerts = ofType(stack("tri-mesh-install"), "kubernetes_secret_v1").filter(
      (s) => s.metadata.name === "cacerts",
    );
    expect(cacerts.map((s) => s.provider)).toEqual(["kubernetes.cluster-gke-primary"]);
  });

  test("the analysis: all 19 paths reachable (16 between clusters, Terraform to 3 API servers), AWS <-> on premises through GCP, each surviving any single failure", () => {
    const result = topology.analyze();
    expect(result.ok).toBe(true);
    expect(result.paths).toHaveLength(19);
    expect(result.paths.every((p) => p.status === PathStatus.REACHABLE && p.brokenBy.length === 0)).toBe(
      true,
    );
    const transit = result.paths.find((p) => p.from === "aws-remote" && p.to === "dc1-remote")!;
    expect(transit.hops.filter((h) => / tunnels? \(/.test(h) && !h.startsWith("return"))).toHaveLength(2);
    expect(result.links.map((l) => [l.between, l.tunnels, l.sla])).toEqual([
      ["gcp <-> aws", 4, "99.99%"],
      ["gcp <-> dc1", 2, "99.99%"],
    ]);
  });

  test("snapshot (Terraform per stack, YAML per cluster)", () => {
    expect(out).toMatchSnapshot();
  });
});
