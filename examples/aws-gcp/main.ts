// The default hybrid-mesh example: an AWS site and a GCP site joined by HA VPN (4 tunnels, BGP),
// with one Istio multi-primary mesh over both clusters, described as one HybridTopology.
// `npm run synth` at the repository root synthesizes it into cdktf.out/ (Terraform per stack,
// the analysis and security reports and the diagram in cdktf.out/hybrid-mesh/hybrid/) and the
// mesh YAML per cluster into dist/<cluster>/.
import * as path from "path";
import { App } from "cdktf";
import { Construct } from "constructs";
import { HybridTopology } from "hybrid-mesh/topology";

/** The GCP project of the example (replace with yours). */
export const GCP_PROJECT = "hybrid-mesh-demo";
/** Its project number (the mesh id is proj-<number>). */
export const GCP_PROJECT_NUMBER = "123456789012";

/** Builds the example into `app` (the tests call this too). */
export function build(app: Construct): HybridTopology {
  return new HybridTopology(app, "hybrid", {
    // Every range comes from this block: VPC, subnet, pods, services, control plane.
    supernet: "10.0.0.0/8",
    aws: [
      {
        name: "aws",
        region: "eu-west-1",
        // Three control-plane replicas (one per zone, each in its own auto scaling group) behind
        // an internal NLB, and a node pool of 2 to 6 nodes.
        cluster: { name: "aws-cluster", minNodes: 2, maxNodes: 6 },
      },
    ],
    gcp: [
      {
        name: "gcp",
        project: GCP_PROJECT,
        projectNumber: GCP_PROJECT_NUMBER,
        region: "europe-west1",
        networkName: "hybrid-vpc",
        // GitOps for the cluster's workloads.
        configSync: {
          repo: "https://github.com/example/platform-config",
          branch: "main",
          policyDir: "clusters/gke-cluster",
        },
        // A private regional GKE cluster, registered in the fleet (its istiod runs in the cluster,
        // like the AWS cluster's: one Istio release and one root of trust for the whole mesh).
        cluster: { name: "gke-cluster", machineType: "e2-standard-4", maxNodesPerZone: 3 },
      },
    ],
    // HA VPN: 4 tunnels on both HA VPN interfaces and two AWS connections, BGP on each (99.99 %).
    links: [{ between: "gcp", and: "aws" }],
    // The mesh: multi-primary, Istio 1.30.3, STRICT mTLS, a CA generated in Terraform (stack
    // hybrid-mesh-ca), Istio installed by `cdktf deploy hybrid-mesh-install`.
    mesh: { istioVersion: "1.30.3" },
    // Terraform runs the mesh stacks from a CI runner in the AWS VPC: it reaches both API servers
    // privately, across the VPN.
    deployer: { site: "aws" },
  });
}

if (require.main === module) {
  const app = new App();
  const topology = build(app);
  app.synth();
  // Kubernetes YAML per cluster (kubectl, istioctl, Helm or Config Sync): dist/<cluster>/.
  // Next to this file, whatever folder `cdktf synth` runs in.
  topology.mesh.writeYaml(path.join(__dirname, "dist"));
  // The picture of the topology, next to the reports.
  topology.writeDiagram(topology.reportDirectory(app.outdir)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
