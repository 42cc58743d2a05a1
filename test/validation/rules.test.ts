// One test per input rule that no other test triggered (found by logging every rule the suite
// raised against the rules in lib/): each builds the bad input and checks the hybrid-mesh error
// names the construct, the property, the value, the rule and the fix.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { AwsNetwork, ControlPlane, NodePool, NodePoolProps } from "../../lib/aws";
import { ClusterPlatform, FindingLevel, MeshClusterInfo } from "../../lib/core";
import { GcpNetwork, GcpSubnetOptions, GkeCluster, GkeClusterProps } from "../../lib/gcp";
import {
  ClusterConnection,
  ClusterRole,
  ControlPlaneMode,
  GatewayExposure,
  Mesh,
  MeshCa,
  MeshClusterOptions,
  MeshModel,
  MeshStack,
  RootOfTrust,
} from "../../lib/mesh";
import { GatewayAddressing, HybridTopology, HybridTopologyProps } from "../../lib/topology";
import { THREE_SITES, TWO_SITES } from "../topology/fixtures";
import { awsStack, expectHybridMeshError, freshApp, gcpStack } from "../util";

const SUBNET: GcpSubnetOptions = {
  cidr: "10.20.0.0/20",
  pods: { cidr: "10.24.0.0/14", maxNodes: 64 },
  services: { cidr: "10.28.0.0/20" },
};

describe("GCP", () => {
  const gke = (props: Partial<GkeClusterProps> = {}, subnets: GcpSubnetOptions[] = [SUBNET]) => {
    const stack = gcpStack("gke");
    const network = new GcpNetwork(stack, "Network", {
      project: "my-project-123",
      region: "us-central1",
      subnets,
    });
    return new GkeCluster(stack, "Gke", {
      network,
      name: "gke-cluster",
      projectNumber: "123456789012",
      ...props,
    });
  };

  test("a node pool's pods per node outside 8-110", () => {
    expectHybridMeshError(
      () => gke({ nodePools: [{ name: "pool", maxPodsPerNode: 200 }] }),
      "gke/Gke (GkeCluster): nodePools[0].maxPodsPerNode = 200: GKE allows 8 to 110 pods per node; use e.g. 110 (the default) or 32",
    );
  });

  test("a machine type that is not one", () => {
    expectHybridMeshError(
      () => gke({ nodePools: [{ name: "pool", machineType: "E2 big" }] }),
      'nodePools[0].machineType = "E2 big": a GCE machine type looks like e2-standard-4; use e.g. "e2-standard-4"',
    );
  });

  test("a cluster on a network with no subnet", () => {
    expectHybridMeshError(
      () => gke({}, []),
      "gke/Gke (GkeCluster): subnet = undefined: a GKE cluster needs a subnet and the network has none; add a subnet",
    );
  });

  test("a control-plane range on a public cluster", () => {
    expectHybridMeshError(
      () => gke({ privateNodes: false, controlPlaneCidr: "172.16.0.0/28" }),
      'controlPlaneCidr = "172.16.0.0/28": a control-plane range applies to private clusters only; remove it, or set privateNodes to true',
    );
  });

  test("pod and service ranges with one name", () => {
    expectHybridMeshError(
      () =>
        gke({}, [
          {
            ...SUBNET,
            pods: { ...SUBNET.pods!, name: "ranges" },
            services: { ...SUBNET.services!, name: "ranges" },
          },
        ]),
      'gke/Network/Subnet1 (GcpSubnet): services.name = "ranges": the pod and service ranges need different names; rename one of them',
    );
  });
});

describe("AWS", () => {
  const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
  const pool = (props: Partial<NodePoolProps>) => {
    const stack = awsStack("np");
    const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16", availabilityZones: AZS });
    const controlPlane = new ControlPlane(stack, "ControlPlane", { network, clusterName: "aws-cluster" });
    return new NodePool(stack, "Workers", { controlPlane, name: "general", ...props });
  };

  test("a node pool with no instance type", () => {
    expectHybridMeshError(
      () => pool({ instanceTypes: [] }),
      'np/Workers (NodePool): instanceTypes = []: a node pool needs an instance type; use e.g. ["m5.large"]',
    );
  });

  test("a node pool in no zone", () => {
    expectHybridMeshError(
      () => pool({ zoneIndexes: [] }),
      "np/Workers (NodePool): zoneIndexes = []: a node pool spans at least one zone; leave zoneIndexes unset for every zone",
    );
  });

  test("zones of two regions when the provider's region is not known", () => {
    const stack = new TerraformStack(freshApp(), "net");
    new AwsProvider(stack, "aws", {});
    expectHybridMeshError(
      () =>
        new AwsNetwork(stack, "Network", {
          cidr: "10.10.0.0/16",
          availabilityZones: ["eu-west-1a", "us-east-1a"],
        }),
      "all zones must be in one region, got zones of eu-west-1 and us-east-1; use the zones of one region",
    );
  });

  test("a control plane on a network without private subnets", () => {
    const stack = awsStack("cp");
    const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16", availabilityZones: AZS });
    // The network's outputs as another network would give them (an imported VPC with public subnets only).
    const publicOnly = Object.assign(Object.create(network), { privateSubnets: [] });
    expectHybridMeshError(
      () => new ControlPlane(stack, "ControlPlane", { network: publicOnly, clusterName: "aws-cluster" }),
      'cp/ControlPlane (ControlPlane): network = "cp/Network": the network has no private subnets; use a network with private subnets',
    );
  });
});

describe("Mesh", () => {
  const GKE: MeshClusterInfo = {
    clusterName: "gke-cluster",
    meshNetwork: "net-gke",
    platform: ClusterPlatform.GKE,
    apiServerHost: "10.20.0.2",
    apiServerPort: 443,
  };
  const AWS: MeshClusterInfo = {
    clusterName: "aws-cluster",
    meshNetwork: "net-aws",
    platform: ClusterPlatform.AWS,
    apiServerHost: "10.10.96.10",
    apiServerPort: 6443,
  };
  const newMesh = (props: Partial<ConstructorParameters<typeof Mesh>[2]> = {}) =>
    new Mesh(freshApp(), "Mesh", { meshId: "proj-123456789012", ...props });
  const problemsOf = (m: Mesh) => m.problems().map((p) => `${p.property}: ${p.rule}; ${p.fix}`);

  test("FLEET_MANAGED on a cluster the fleet does not manage", () => {
    expectHybridMeshError(
      () =>
        newMesh().addCluster({
          cluster: { ...GKE, fleetManagedControlPlane: false },
          controlPlane: ControlPlaneMode.FLEET_MANAGED,
        }),
      'Mesh/gke-cluster (MeshCluster): controlPlane = "fleet-managed": gke-cluster is not on the fleet\'s managed control plane (its service mesh membership is not MANAGEMENT_AUTOMATIC): no istiod would run there; register the cluster with meshManagement: MeshManagement.AUTOMATIC',
    );
  });

  test("a remote cluster on the fleet's managed control plane", () => {
    const m = newMesh({ model: MeshModel.PRIMARY_REMOTE });
    m.addCluster({ cluster: { ...GKE, clusterName: "primary" }, gateway: { address: "10.20.0.50" } });
    expectHybridMeshError(
      () =>
        m.addCluster({
          cluster: { ...GKE, fleetManagedControlPlane: true },
          role: ClusterRole.REMOTE,
          primary: "primary",
          controlPlane: ControlPlaneMode.FLEET_MANAGED,
        }),
      'controlPlane = "fleet-managed": a remote cluster has no control plane of its own, managed or not; leave controlPlane unset on remote clusters',
    );
  });

  test("LOAD_BALANCER_IP exposure without the address", () => {
    expectHybridMeshError(
      () => newMesh().addCluster({ cluster: GKE, gateway: { exposure: GatewayExposure.LOAD_BALANCER_IP } }),
      "gateway.address = undefined: LOAD_BALANCER_IP exposure needs the address to request; give the gateway's IP",
    );
  });

  test("additional gateway addresses without the first", () => {
    expectHybridMeshError(
      () => newMesh().addCluster({ cluster: GKE, gateway: { additionalAddresses: ["10.20.0.51"] } }),
      'gateway.additionalAddresses = ["10.20.0.51"]: further addresses come after the gateway\'s first address; give gateway.address too',
    );
  });

  test("a mesh with no cluster", () => {
    expect(problemsOf(newMesh())).toContain(
      "clusters: a mesh has at least one cluster; add clusters with addCluster()",
    );
  });

  test("a remote whose primary is not in the mesh", () => {
    const m = newMesh({ model: MeshModel.PRIMARY_REMOTE });
    m.addCluster({ cluster: GKE, gateway: { address: "10.20.0.50" } });
    m.addCluster({
      cluster: AWS,
      role: ClusterRole.REMOTE,
      primary: "elsewhere",
      gateway: { address: "10.10.96.20" },
    });
    expect(problemsOf(m)).toContain(
      "clusters (aws-cluster).primary: a remote cluster needs a primary of the mesh to serve it; add the primary cluster, or name one of: gke-cluster",
    );
  });

  test("a remote served by a fleet-managed primary", () => {
    const m = newMesh({ model: MeshModel.PRIMARY_REMOTE, rootOfTrust: RootOfTrust.MANAGED });
    m.addCluster({
      cluster: { ...GKE, fleetManagedControlPlane: true },
      controlPlane: ControlPlaneMode.FLEET_MANAGED,
      gateway: { address: "10.20.0.50" },
    });
    m.addCluster({
      cluster: AWS,
      role: ClusterRole.REMOTE,
      primary: "gke-cluster",
      gateway: { address: "10.10.96.20" },
    });
    expect(problemsOf(m)).toContain(
      "clusters (gke-cluster).controlPlane: remote cluster aws-cluster needs an in-cluster istiod on its primary, and the fleet manages gke-cluster's control plane; make the primary's control plane in-cluster, or make every cluster a fleet-managed primary",
    );
  });

  test("a cluster added after the MeshCa", () => {
    const app = freshApp();
    const m = new Mesh(app, "Mesh", { meshId: "proj-123456789012" });
    m.addCluster({ cluster: GKE, gateway: { address: "10.20.0.50" } });
    const ca = new MeshCa(new TerraformStack(app, "ca"), "MeshCa", { mesh: m });
    m.addCluster({ cluster: AWS, gateway: { address: "10.10.96.20" } });
    expect(problemsOf(m)).toContain(
      "clusters (aws-cluster): the mesh CA (MeshCa) has no intermediate for this cluster: it was added to the mesh after the MeshCa was made; create the MeshCa after adding every cluster to the mesh",
    );
    expectHybridMeshError(
      () => ca.cacerts("aws-cluster"),
      'ca/MeshCa (MeshCa): mesh = "aws-cluster": the mesh CA has no intermediate for cluster aws-cluster (it was added to the mesh after the MeshCa was made, or runs no istiod of its own); create the MeshCa after adding every cluster',
    );
  });

  test("a MeshCa for a mesh whose root is not generated", () => {
    const app = freshApp();
    const m = new Mesh(app, "Mesh", { meshId: "proj-123456789012", rootOfTrust: RootOfTrust.PLUGGED_IN });
    expectHybridMeshError(
      () => new MeshCa(new TerraformStack(app, "ca"), "MeshCa", { mesh: m }),
      'ca/MeshCa (MeshCa): mesh.rootOfTrust = "plugged-in": MeshCa generates the root of a mesh whose rootOfTrust is GENERATED; remove the MeshCa',
    );
  });

  test("a cluster the mesh does not have", () => {
    const m = newMesh();
    m.addCluster({ cluster: GKE, gateway: { address: "10.20.0.50" } });
    expectHybridMeshError(
      () => m.cluster("nope"),
      'Mesh (Mesh): clusterName = "nope": no such cluster in the mesh; use one of: gke-cluster',
    );
  });

  test("a remote secret for a cluster whose API server address is not known", () => {
    const app = freshApp();
    const m = new Mesh(app, "Mesh", { meshId: "proj-123456789012", rootOfTrust: RootOfTrust.PLUGGED_IN });
    const clusters: MeshClusterOptions[] = [
      { cluster: GKE, gateway: { address: "10.20.0.50" }, caCertsDirectory: "certs/gke" },
      {
        // Not known: the YAML delivery's script then takes it from the source's kubectl context.
        cluster: { ...AWS, apiServerHost: "" },
        gateway: { address: "10.10.96.20" },
        caCertsDirectory: "certs/aws",
      },
    ];
    clusters.forEach((c) => m.addCluster(c));
    const connections = {
      "gke-cluster": ClusterConnection.kubeconfig({ context: "gke" }),
      "aws-cluster": ClusterConnection.kubeconfig({ context: "aws" }),
    };
    expectHybridMeshError(
      () => new MeshStack(app, "mesh", { mesh: m, connections }),
      `mesh (MeshStack): clusters (aws-cluster).apiServerHost = "": gke-cluster's istiod needs aws-cluster's API server address for its remote secret; give apiServerHost in the cluster's MeshClusterInfo`,
    );
  });
});

describe("HybridTopology", () => {
  const build = (props: Partial<HybridTopologyProps>, base: HybridTopologyProps = TWO_SITES) =>
    new HybridTopology(freshApp(), "hybrid", { ...base, ...props });

  test("the deployer in a site the topology does not have", () => {
    expectHybridMeshError(
      () => build({ deployer: { site: "nowhere" } }),
      'hybrid (HybridTopology): deployer.site = "nowhere": the deployer runs in a site of the topology, and there is no such site; use one of aws, gcp',
    );
  });

  test("a deployer that names neither a site nor ranges", () => {
    expectHybridMeshError(
      () => build({ deployer: {} }),
      "deployer = {}: where Terraform runs is a site of the topology or the ranges it connects from; give deployer.site",
    );
  });

  test("a deployer connecting from the whole internet", () => {
    expectHybridMeshError(
      () => build({ deployer: { cidrs: ["0.0.0.0/0"] } }),
      'deployer.cidrs[0] = "0.0.0.0/0": API servers must never be open to the whole internet; give the ranges Terraform connects from',
    );
  });

  test("an on-premises site with both its addresses and an address count", () => {
    const onPremises = THREE_SITES.onPremises!.map((s) => ({ ...s, vpn: { ...s.vpn!, addressCount: 2 } }));
    expectHybridMeshError(
      () => build({ onPremises }, THREE_SITES),
      "onPremises[0].vpn.addressCount = 2: addressCount declares Terraform variables for addresses not given; the addresses are given; give either vpn.addresses or vpn.addressCount",
    );
  });

  test("a GKE gateway address outside the node subnet", () => {
    const gcp = TWO_SITES.gcp!.map((s) => ({
      ...s,
      cluster: { ...s.cluster, gatewayAddress: "192.168.0.10" },
    }));
    expectHybridMeshError(
      () => build({ gcp }),
      /gcp\[0\]\.cluster\.gatewayAddress = "192\.168\.0\.10": the gateway's address must lie in the node subnet 10\.[0-9.]+\/\d+; pick an address of the subnet/,
    );
  });

  test("a GKE gateway address when the platform assigns it", () => {
    const gcp = TWO_SITES.gcp!.map((s) => ({
      ...s,
      cluster: { ...s.cluster, gatewayAddress: "10.64.0.10" },
    }));
    expectHybridMeshError(
      () => build({ gcp, mesh: { gatewayAddressing: GatewayAddressing.PLATFORM } }),
      'gcp[0].cluster.gatewayAddress = "10.64.0.10": with mesh.gatewayAddressing PLATFORM the platform assigns the gateway\'s address; remove gatewayAddress, or use GatewayAddressing.RESERVED',
    );
  });

  test("no deployer: the analysis says it cannot check the mesh stacks' reach (a warning with the fix)", () => {
    const t = build({ deployer: undefined });
    const finding = t
      .analyze()
      .findings.find((f) => f.rule.startsWith("where Terraform runs for the mesh stacks"));
    expect(finding).toBeDefined();
    expect(finding!.level).toBe(FindingLevel.WARNING);
    expect(finding!.rule).toContain("is not given, so whether it reaches every cluster's API server is not");
    expect(finding!.fix).toMatch(/deployer/);
  });
});
