// The default hybrid-mesh example: an AWS site, a GCP site, the HA VPN between them and one Istio
// multi-primary mesh over both clusters. `npm run synth` at the repository root synthesizes it.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsNetwork, ControlPlane, MeshGatewayLoadBalancer, NodePool } from "hybrid-mesh/aws";
import { Tags } from "hybrid-mesh/core";
import { Fleet, GcpNetwork, GkeCluster } from "hybrid-mesh/gcp";
import { ClusterConnection, Mesh, MeshStack } from "hybrid-mesh/mesh";
import { AwsHaVpn } from "hybrid-mesh/vpn";

/** The GCP project of the example (replace with yours). */
export const GCP_PROJECT = "hybrid-mesh-demo";
/** Its project number (the mesh id is proj-<number>). */
export const GCP_PROJECT_NUMBER = "123456789012";

/** What the example builds. */
export interface Example {
  /** The infrastructure stack (both sites and the VPN). */
  readonly stack: TerraformStack;
  /** The mesh (YAML per cluster with `mesh.writeYaml("dist")`). */
  readonly mesh: Mesh;
  /** The stack applying the mesh with the Terraform kubernetes provider (deploy it after `stack`). */
  readonly meshStack: MeshStack;
}

/** Builds the example into `app` (the tests call this too). */
export function build(app: Construct): Example {
  const stack = new TerraformStack(app, "hybrid-aws-gcp");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: GCP_PROJECT, region: "europe-west1" });
  new RandomProvider(stack, "random");

  // AWS site: VPC in three zones, a 3-replica control plane behind an internal NLB, one node pool.
  const aws = new Construct(stack, "AwsSite");
  Tags.of(aws).add("site", "aws-eu-west-1");
  const network = new AwsNetwork(aws, "Network", {
    cidr: "10.10.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  });
  const controlPlane = new ControlPlane(aws, "ControlPlane", {
    network,
    clusterName: "aws-cluster",
    podCidr: "192.168.0.0/16",
    serviceCidr: "10.96.0.0/12",
    // Fixed addresses so that the GCP side can route and firewall to a known API endpoint.
    loadBalancer: { privateIpAddresses: ["10.10.96.10", "10.10.128.10", "10.10.160.10"] },
  });
  const workers = new NodePool(aws, "Workers", { controlPlane, name: "general", minSize: 2, maxSize: 6 });
  // The east-west gateway's entrance: an internal NLB with fixed IPs (Istio needs an IP, not the
  // NLB's DNS name), forwarding the Istio ports to the gateway's node ports.
  const meshGateway = new MeshGatewayLoadBalancer(aws, "MeshGateway", {
    controlPlane,
    nodePools: [workers],
    privateIpAddresses: ["10.10.96.20", "10.10.128.20", "10.10.160.20"],
    allowedCidrs: ["10.20.0.0/20"],
  });

  // GCP site: custom VPC, a private regional GKE cluster, registered in the fleet with the
  // managed service mesh and Config Sync.
  const gcp = new Construct(stack, "GcpSite");
  Tags.of(gcp).add("site", "gcp-europe-west1");
  const vpc = new GcpNetwork(gcp, "Network", {
    project: GCP_PROJECT,
    region: "europe-west1",
    name: "hybrid-vpc",
    subnets: [
      {
        cidr: "10.20.0.0/20",
        pods: { cidr: "10.24.0.0/14", maxNodes: 64, maxPodsPerNode: 110 },
        services: { cidr: "10.28.0.0/20" },
      },
    ],
  });
  const gke = new GkeCluster(gcp, "Gke", {
    network: vpc,
    name: "gke-cluster",
    controlPlaneCidr: "172.16.0.0/28",
    projectNumber: GCP_PROJECT_NUMBER,
    nodePools: [{ name: "general", machineType: "e2-standard-4", minNodesPerZone: 1, maxNodesPerZone: 3 }],
  });
  const fleet = new Fleet(gcp, "Fleet", {
    project: GCP_PROJECT,
    projectNumber: GCP_PROJECT_NUMBER,
    configSync: {
      repo: "https://github.com/example/platform-config",
      branch: "main",
      policyDir: "clusters/gke-cluster",
    },
  });
  fleet.register(gke);

  // HA VPN between the sites: 4 tunnels, BGP, both ends in one construct. AWS routes to GCP's
  // subnets are propagated from BGP; GCP's firewall admits the AWS VPC.
  const vpn = new AwsHaVpn(stack, "AwsToGcp", {
    gcpNetwork: vpc,
    gcpAsn: 64514,
    awsNetwork: network,
    amazonSideAsn: 64512,
  });
  // The clusters' API servers must be reachable across the VPN (remote istiod, operators).
  controlPlane.allowApiFrom("10.20.0.0/20", "gcp-nodes");
  gke.allowApiFrom(network.vpcCidr, "aws-vpc");
  // GCP nodes accept the Istio ports from AWS (the internal passthrough load balancer keeps client IPs).
  vpc.allowMeshPorts("aws", [network.vpcCidr], [gke.nodeTag]);

  // One multi-primary mesh over both clusters: each istiod watches the other's API server.
  const mesh = new Mesh(app, "Mesh", { meshId: fleet.meshId });
  mesh.addCluster({ cluster: gke.meshCluster });
  mesh.addCluster({ cluster: controlPlane.meshCluster, gateway: { address: meshGateway.addresses[0] } });
  const meshStack = new MeshStack(app, "hybrid-aws-gcp-mesh", {
    mesh,
    connections: {
      [gke.clusterName]: ClusterConnection.gke({ endpoint: gke.endpoint, caCertificate: gke.caCertificate }),
      [controlPlane.clusterName]: ClusterConnection.kubeconfig({ context: controlPlane.clusterName }),
    },
  });
  meshStack.addDependency(stack);

  new TerraformOutput(stack, "aws_api_endpoint", {
    value: controlPlane.endpoint,
    description: "Kubernetes API (port 6443) of aws-cluster",
  });
  new TerraformOutput(stack, "gke_endpoint", {
    value: gke.endpoint,
    description: "Kubernetes API of gke-cluster",
  });
  new TerraformOutput(stack, "mesh_id", { value: fleet.meshId });
  new TerraformOutput(stack, "vpn_tunnels", {
    value: vpn.tunnels.map((t) => `${t.insideCidr} (HA interface ${t.gcpInterface})`),
  });
  return { stack, mesh, meshStack };
}

if (require.main === module) {
  const app = new App();
  const { mesh } = build(app);
  app.synth();
  // Kubernetes YAML per cluster (kubectl, istioctl, Helm or Config Sync): dist/<cluster>/.
  mesh.writeYaml("dist");
}
