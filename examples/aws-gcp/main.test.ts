import { Testing } from "cdktf";
import { build } from "./main";
import { byPath, k8sSchemaProblems, literalSecrets, ofType, testApp } from "../../test/util";

function synth() {
  const { stack } = build(testApp());
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) };
}

describe("default example (AWS + GCP)", () => {
  test("an AWS site: three zones, three control-plane replicas behind an internal NLB, one node pool", () => {
    const { json } = synth();
    expect(ofType(json, "aws_subnet")).toHaveLength(6);
    expect(ofType(json, "aws_autoscaling_group")).toHaveLength(4);
    expect(byPath(json, "aws_lb", "AwsSite/ControlPlane/LoadBalancer")).toMatchObject({
      internal: true,
      load_balancer_type: "network",
    });
  });

  test("a GCP site: network, private GKE cluster with a node pool, fleet membership, service mesh, Config Sync", () => {
    const { json } = synth();
    expect(
      byPath(json, "google_container_cluster", "GcpSite/Gke").private_cluster_config.enable_private_nodes,
    ).toBe(true);
    expect(ofType(json, "google_container_node_pool")).toHaveLength(1);
    expect(ofType(json, "google_gke_hub_membership")).toHaveLength(1);
    expect(
      ofType(json, "google_gke_hub_feature")
        .map((f) => f.name)
        .sort(),
    ).toEqual(["configmanagement", "servicemesh"]);
  });

  test("the sites are linked by HA VPN: 4 tunnels, BGP, FOUR_IPS_REDUNDANCY, no literal key", () => {
    const { json } = synth();
    expect(ofType(json, "google_compute_vpn_tunnel")).toHaveLength(4);
    expect(ofType(json, "google_compute_router_peer").map((p) => p.peer_asn)).toEqual([
      64512, 64512, 64512, 64512,
    ]);
    expect(ofType(json, "google_compute_external_vpn_gateway")[0].redundancy_type).toBe(
      "FOUR_IPS_REDUNDANCY",
    );
    expect(ofType(json, "aws_vpn_connection")).toHaveLength(2);
    expect(literalSecrets(json)).toEqual([]);
  });

  test("every resource carries its site tag or label", () => {
    const { json } = synth();
    for (const vpc of ofType(json, "aws_vpc")) expect(vpc.tags.site).toBe("aws-eu-west-1");
    expect(byPath(json, "google_container_cluster", "GcpSite/Gke").resource_labels.site).toBe(
      "gcp-europe-west1",
    );
  });

  test("one multi-primary mesh over both clusters: YAML for each, every object valid against the schemas", () => {
    const { mesh } = build(testApp());
    expect(mesh.resolved.clusters.map((c) => [c.name, c.network, c.gateway.address ?? null])).toEqual([
      ["gke-cluster", "hybrid-mesh-demo-hybrid-vpc", null],
      ["aws-cluster", "aws-cluster-network", "10.10.96.20"],
    ]);
    const objects = ["gke-cluster", "aws-cluster"].flatMap((c) => mesh.manifests(c));
    expect(k8sSchemaProblems(objects)).toEqual([]);
    expect(mesh.files("gke-cluster").map((f) => f.path)).toEqual([
      "manifests.yaml",
      "istioctl/control-plane.yaml",
      "helm/base.values.yaml",
      "helm/istiod.values.yaml",
      "istioctl/eastwest-gateway.yaml",
      "remote-secrets/aws-cluster.sh",
      "README.md",
    ]);
  });

  test("a mesh stack applies the same objects with the kubernetes provider, after the infrastructure stack", () => {
    const { mesh, meshStack, stack } = build(testApp());
    const json = JSON.parse(Testing.synth(meshStack, true));
    expect(Object.keys(json.resource.kubernetes_manifest)).toHaveLength(
      mesh.manifests("gke-cluster").length + mesh.manifests("aws-cluster").length,
    );
    expect(meshStack.dependencies).toContain(stack);
  });

  test("synthesizes the same JSON every time", () => {
    expect(synth().text).toBe(synth().text);
  });

  test("snapshot", () => {
    expect(synth().text).toMatchSnapshot();
  });

  test("snapshot of the mesh YAML", () => {
    const { mesh } = build(testApp());
    expect(
      mesh
        .files("gke-cluster")
        .map((f) => `# ${f.path}\n${f.content}`)
        .join("\n"),
    ).toMatchSnapshot();
  });
});
