// Three sites, one primary-remote mesh: a GKE cluster on GCP is the primary; a cluster on AWS and
// one on premises are remotes served by its istiod through its east-west gateway. GCP is the hub:
// HA VPN to AWS (4 tunnels) and HA VPN with BGP to the on-premises device (2 tunnels, two device
// addresses); AWS and on premises reach each other through GCP. One stack per site and per link,
// state in S3 with locking.
import * as path from "path";
import { App } from "cdktf";
import { Construct } from "constructs";
import { MeshModel } from "hybrid-mesh/mesh";
import { Backend, HybridTopology, StackLayout } from "hybrid-mesh/topology";

/** Builds the example into `app` (the tests call this too). */
export function build(app: Construct): HybridTopology {
  return new HybridTopology(app, "tri", {
    supernet: "10.64.0.0/10",
    layout: StackLayout.STACK_PER_SITE,
    backend: Backend.s3({ bucket: "example-hybrid-mesh-state", region: "eu-west-1", keyPrefix: "tri" }),
    gcp: [
      {
        name: "gcp",
        project: "hybrid-mesh-demo",
        projectNumber: "123456789012",
        region: "europe-west1",
        cluster: { name: "gke-primary" },
      },
    ],
    aws: [{ name: "aws", region: "eu-west-1", cluster: { name: "aws-remote", minNodes: 3, maxNodes: 9 } }],
    onPremises: [
      {
        name: "dc1",
        ranges: ["172.20.0.0/22"],
        vpn: { addresses: ["203.0.113.10", "203.0.113.11"], asn: 65010 },
        cluster: { name: "dc1-remote", apiServerAddress: "172.20.0.10", gatewayAddress: "172.20.1.50" },
      },
    ],
    links: [
      { between: "gcp", and: "aws" },
      { between: "gcp", and: "dc1" },
    ],
    mesh: { model: MeshModel.PRIMARY_REMOTE, primary: "gke-primary", istioVersion: "1.30.3" },
    // Terraform runs the mesh stacks from the data centre's operations network.
    deployer: { site: "dc1", cidrs: ["172.20.3.0/24"] },
  });
}

if (require.main === module) {
  const app = new App();
  const topology = build(app);
  app.synth();
  // Next to this file, whatever folder `cdktf synth` runs in.
  topology.mesh.writeYaml(path.join(__dirname, "dist"));
  topology.writeDiagram(topology.reportDirectory(app.outdir)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
