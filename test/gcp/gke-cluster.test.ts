import { GcpNetwork, GcpSubnetOptions, GkeCluster, GkeClusterProps, ReleaseChannel } from "../../lib/gcp";
import { ClusterPlatform } from "../../lib/core";
import { byPath, gcpStack, ofType, refOf, synthJson, warningsOf, expectHybridMeshError } from "../util";

const SUBNET: GcpSubnetOptions = {
  cidr: "10.20.0.0/20",
  pods: { cidr: "10.24.0.0/14", maxNodes: 64 },
  services: { cidr: "10.28.0.0/20" },
};

function build(props: Partial<GkeClusterProps> = {}, subnet: GcpSubnetOptions = SUBNET) {
  const stack = gcpStack("gke");
  const network = new GcpNetwork(stack, "Network", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    subnets: [subnet],
  });
  const cluster = new GkeCluster(stack, "Gke", {
    network,
    name: "gke-cluster",
    projectNumber: "123456789012",
    ...props,
  });
  return { stack, network, cluster, json: () => synthJson(stack) };
}

const clusterOf = (j: any) => byPath(j, "google_container_cluster", "Gke");

describe("GkeCluster security defaults (constraints-and-rules.md §B)", () => {
  test("private nodes with a /28 control-plane range (CKV_GCP_25, CKV_GCP_64, AVD-GCP-0059)", () => {
    expect(clusterOf(build().json()).private_cluster_config).toEqual({
      enable_private_nodes: true,
      enable_private_endpoint: false,
      master_ipv4_cidr_block: "172.16.0.0/28",
      master_global_access_config: { enabled: true },
    });
  });

  test("master authorized networks, no public Google ranges (CKV_GCP_20, CKV_GCP_18, AVD-GCP-0061)", () => {
    expect(
      clusterOf(build({ authorizedNetworks: ["10.10.0.0/16"] }).json()).master_authorized_networks_config,
    ).toEqual({
      gcp_public_cidrs_access_enabled: false,
      cidr_blocks: [
        { cidr_block: "10.20.0.0/20", display_name: "nodes subnet" },
        { cidr_block: "10.10.0.0/16", display_name: "authorized 1" },
      ],
    });
  });

  test("shielded nodes with secure boot and integrity monitoring (CKV_GCP_71, CKV_GCP_68, CKV_GCP_72, AVD-GCP-0055)", () => {
    const j = build().json();
    expect(clusterOf(j).enable_shielded_nodes).toBe(true);
    for (const pool of ofType(j, "google_container_node_pool")) {
      expect(pool.node_config.shielded_instance_config).toEqual({
        enable_secure_boot: true,
        enable_integrity_monitoring: true,
      });
    }
  });

  test("GKE metadata server and Workload Identity (CKV_GCP_69, AVD-GCP-0057)", () => {
    const j = build().json();
    expect(clusterOf(j).workload_identity_config).toEqual({ workload_pool: "my-project-123.svc.id.goog" });
    for (const pool of ofType(j, "google_container_node_pool")) {
      expect(pool.node_config.workload_metadata_config).toEqual({ mode: "GKE_METADATA" });
      expect(pool.node_config.metadata).toEqual({ "disable-legacy-endpoints": "true" });
    }
  });

  test("auto-repair and auto-upgrade (CKV_GCP_9, CKV_GCP_10, AVD-GCP-0063, AVD-GCP-0058)", () => {
    for (const pool of ofType(build().json(), "google_container_node_pool")) {
      expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
    }
  });

  test("legacy ABAC off and no client certificate (CKV_GCP_7, CKV_GCP_13, AVD-GCP-0062, AVD-GCP-0064)", () => {
    const c = clusterOf(build().json());
    expect(c.enable_legacy_abac).toBe(false);
    expect(c.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
  });

  test("Dataplane V2, or Calico network policy (CKV_GCP_12, AVD-GCP-0056)", () => {
    expect(clusterOf(build().json()).datapath_provider).toBe("ADVANCED_DATAPATH");
    const calico = clusterOf(build({ dataplaneV2: false }).json());
    expect(calico.network_policy).toEqual({ enabled: true, provider: "CALICO" });
    expect(calico.addons_config).toEqual({ network_policy_config: { disabled: false } });
  });

  test("release channel REGULAR by default, or a pinned version (CKV_GCP_70)", () => {
    expect(clusterOf(build().json()).release_channel).toEqual({ channel: "REGULAR" });
    const j = build({ kubernetesVersion: "1.27.3-gke.100" }).json();
    expect(clusterOf(j)).toMatchObject({
      release_channel: { channel: "UNSPECIFIED" },
      min_master_version: "1.27.3-gke.100",
    });
    expect(ofType(j, "google_container_node_pool")[0].version).toBe("1.27.3-gke.100");
    expect(clusterOf(build({ releaseChannel: ReleaseChannel.STABLE }).json()).release_channel).toEqual({
      channel: "STABLE",
    });
  });

  test("COS containerd nodes with a dedicated least-privilege service account (CKV_GCP_22, AVD-GCP-0050)", () => {
    const j = build().json();
    const sa = refOf(j, "google_service_account", "Gke/NodeServiceAccount", "email");
    for (const pool of ofType(j, "google_container_node_pool")) {
      expect(pool.node_config).toMatchObject({ image_type: "COS_CONTAINERD", service_account: sa });
    }
    expect(ofType(j, "google_project_iam_member")).toEqual([
      expect.objectContaining({
        role: "roles/container.defaultNodeServiceAccount",
        member: `serviceAccount:${sa}`,
      }),
    ]);
    expect(byPath(j, "google_service_account", "Gke/NodeServiceAccount").account_id).toBe(
      "gke-cluster-nodes",
    );
  });

  test("VPC-native on the subnet's named secondary ranges, default pool removed", () => {
    const c = clusterOf(build().json());
    expect(c).toMatchObject({
      networking_mode: "VPC_NATIVE",
      ip_allocation_policy: {
        cluster_secondary_range_name: "hybrid-vpc-us-central1-pods",
        services_secondary_range_name: "hybrid-vpc-us-central1-services",
      },
      remove_default_node_pool: true,
      deletion_protection: true,
      resource_labels: { mesh_id: "proj-123456789012", "managed-by": "hybrid-mesh" },
    });
  });

  test("a firewall rule lets the control plane reach Istio's webhook on the nodes", () => {
    const j = build().json();
    expect(ofType(j, "google_compute_firewall")).toEqual([
      expect.objectContaining({
        source_ranges: ["172.16.0.0/28"],
        allow: [{ protocol: "tcp", ports: ["15017"] }],
        target_tags: ["gke-cluster-node"],
      }),
    ]);
  });

  test("the VPC exports its custom routes to the control plane's network, so that peers across the VPN reach the private endpoint", () => {
    const j = build().json();
    const cluster = refOf(j, "google_container_cluster", "Gke");
    expect(ofType(j, "google_compute_network_peering_routes_config")).toEqual([
      expect.objectContaining({
        network: expect.stringMatching(/^\$\{google_compute_network\..*\.name\}$/),
        peering: `\${${cluster.slice(2, -4)}.private_cluster_config[0].peering_name}`,
        export_custom_routes: true,
        import_custom_routes: false,
      }),
    ]);
    expect(
      ofType(
        build({ exportRoutesToControlPlane: false }).json(),
        "google_compute_network_peering_routes_config",
      ),
    ).toEqual([]);
    expect(
      ofType(build({ privateNodes: false }).json(), "google_compute_network_peering_routes_config"),
    ).toEqual([]);
  });
});

describe("GkeCluster", () => {
  test("one node pool by default: e2-standard-4, 1-3 nodes per zone, regional", () => {
    const j = build().json();
    expect(ofType(j, "google_container_node_pool")).toEqual([
      expect.objectContaining({
        name: "general",
        location: "us-central1",
        autoscaling: { min_node_count: 1, max_node_count: 3 },
        max_pods_per_node: 110,
      }),
    ]);
    expect(ofType(j, "google_container_node_pool")[0].node_config.machine_type).toBe("e2-standard-4");
  });

  test("a zonal cluster in a zone of the subnet's region", () => {
    const { cluster, json } = build({ location: "us-central1-c" });
    expect(clusterOf(json()).location).toBe("us-central1-c");
    expect(cluster.location).toBe("us-central1-c");
  });

  test("gives the mesh what it needs through MeshClusterInfo", () => {
    const { cluster } = build();
    expect(cluster.meshCluster).toMatchObject({
      clusterName: "gke-cluster",
      meshNetwork: "my-project-123-hybrid-vpc",
      platform: ClusterPlatform.GKE,
      apiServerPort: 443,
      meshId: "proj-123456789012",
    });
    expect(cluster.meshCluster.apiServerHost).toMatch(/TfToken/);
  });

  test("without a project number the mesh id is read with a data source", () => {
    const stack = gcpStack("gke");
    const network = new GcpNetwork(stack, "Network", {
      project: "my-project-123",
      region: "us-central1",
      subnets: [SUBNET],
    });
    const cluster = new GkeCluster(stack, "Gke", { network, name: "c" });
    const j = synthJson(stack);
    expect(Object.values<any>(j.data.google_project)).toEqual([{ project_id: "my-project-123" }]);
    expect(clusterOf(j).resource_labels.mesh_id).toMatch(/^proj-\$\{data\.google_project\.[^.]+\.number\}$/);
    expect(cluster.meshId).toContain("proj-");
  });

  test("allowApiFrom adds a master authorized network", () => {
    const { cluster, json } = build();
    cluster.allowApiFrom("10.10.0.0/16", "aws vpc");
    cluster.allowApiFrom("10.10.0.0/16", "aws vpc");
    expect(clusterOf(json()).master_authorized_networks_config.cidr_blocks).toEqual([
      { cidr_block: "10.20.0.0/20", display_name: "nodes subnet" },
      { cidr_block: "10.10.0.0/16", display_name: "aws vpc" },
    ]);
  });

  test("turning Workload Identity off warns", () => {
    const { cluster, json } = build({ workloadIdentity: false });
    expect(clusterOf(json()).workload_identity_config).toBeUndefined();
    expect(warningsOf(cluster)[0]).toMatch(/Workload Identity is off/);
  });

  describe("bad input", () => {
    const fails = (props: Partial<GkeClusterProps>, message: string | RegExp, subnet?: GcpSubnetOptions) =>
      expectHybridMeshError(() => build(props, subnet), message);

    test("names breaking the GKE rules", () => {
      fails({ name: "c".repeat(41) }, /name = "c{41}": a GKE cluster name is 1-40 characters/);
      fails(
        { name: "GKE" },
        'name = "GKE": a GKE cluster name is 1-40 characters: a lower-case letter first',
      );
    });

    test("a control-plane range that is not a /28", () => {
      fails(
        { controlPlaneCidr: "172.16.0.0/24" },
        'hybrid-mesh: gke/Gke (GkeCluster): controlPlaneCidr = "172.16.0.0/24": a GKE control-plane range must be exactly a /28; use e.g. "172.16.0.0/28".',
      );
    });

    test("a control-plane range that overlaps the VPC ranges", () => {
      fails(
        { controlPlaneCidr: "10.20.0.16/28" },
        'controlPlaneCidr = "10.20.0.16/28": the control-plane range must not overlap anything in the VPC, and it overlaps the subnet (10.20.0.0/20)',
      );
      fails({ controlPlaneCidr: "10.28.0.0/28" }, "it overlaps the service range (10.28.0.0/20)");
    });

    test("a zone outside the region", () => {
      fails(
        { location: "europe-west1-b" },
        'location = "europe-west1-b": the zone is in europe-west1, not in the region us-central1; use a zone of us-central1: us-central1-a, us-central1-b, us-central1-c, us-central1-f.',
      );
    });

    test("a subnet without secondary ranges", () => {
      fails(
        {},
        'subnet = "hybrid-vpc-us-central1": a VPC-native GKE cluster needs the subnet\'s named secondary ranges for pods and services',
        { cidr: "10.20.0.0/20" },
      );
    });

    test("a malformed pinned version", () => {
      fails(
        { kubernetesVersion: "latest" },
        'kubernetesVersion = "latest": a GKE version is "1.<minor>" or a full version such as "1.27.3-gke.100"',
      );
    });

    test("authorized networks open to the internet", () => {
      fails(
        { authorizedNetworks: ["0.0.0.0/0"] },
        'authorizedNetworks[0] = "0.0.0.0/0": the control plane must not be open to the whole internet',
      );
    });

    test("node pools: min above max, bad taint effects", () => {
      fails(
        { nodePools: [{ minNodesPerZone: 4, maxNodesPerZone: 2 }] },
        "nodePools[0].minNodesPerZone = 4: minNodesPerZone must be <= maxNodesPerZone (2)",
      );
      fails(
        { nodePools: [{ taints: [{ key: "k", value: "v", effect: "NoSchedule" }] }] },
        'nodePools[0].taints[0].effect = "NoSchedule": a GKE taint effect must be one of "NO_SCHEDULE"',
      );
    });

    test("node pools that outgrow the subnet or the pod range fail at synth with the numbers", () => {
      const small: GcpSubnetOptions = {
        cidr: "10.20.0.0/28",
        pods: { cidr: "10.24.0.0/20", maxNodes: 16 },
        services: { cidr: "10.28.0.0/20" },
      };
      const { stack } = build({ nodePools: [{ maxNodesPerZone: 10 }] }, small);
      expect(() => synthJson(stack)).toThrow(
        /the node pools can grow to 30 nodes but subnet hybrid-vpc-us-central1 \(10\.20\.0\.0\/28\) has 12 usable addresses/,
      );
      expect(() => synthJson(stack)).toThrow(
        /at their largest the node pools need 7680 pod addresses but the pod range 10\.24\.0\.0\/20 has 4096: the secondary range is too small for the requested nodes x pods/,
      );
    });
  });
});
