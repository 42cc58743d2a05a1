import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { AwsNetwork, ControlPlane, NodePool } from "../../lib/aws";
import { synthJson, testApp } from "../util";

/** The lower constructs composed as a user would, with only the provider they know about. */
function compose(withAws = true) {
  const stack = new TerraformStack(testApp(), "site");
  if (withAws) new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16" });
  const controlPlane = new ControlPlane(stack, "ControlPlane", { network, clusterName: "aws-cluster" });
  new NodePool(stack, "Nodes", { controlPlane });
  return stack;
}

describe("providers", () => {
  test("a construct adds the random provider its generated secrets need", () => {
    const json = synthJson(compose());
    expect(Object.keys(json.provider)).toEqual(["aws", "random"]);
    expect(Object.keys(json.resource.random_password ?? {}).length).toBeGreaterThan(0);
  });

  test("the same constructs in two stacks of one app get different derived names", () => {
    const app = testApp();
    const stacks = ["site-a", "site-b"].map((id) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16" });
      // Cluster names are the user's; everything else is derived from the construct path.
      new ControlPlane(stack, "ControlPlane", { network, clusterName: `aws-${id}` });
      return stack;
    });
    const names = stacks.map((stack) =>
      Object.entries<Record<string, any>>(synthJson(stack).resource)
        // Inline policy names are scoped to their role.
        .filter(([type]) => type !== "aws_iam_role_policy")
        .flatMap(([, byId]) => Object.values<any>(byId))
        .flatMap((r) => [r.name, r.name_prefix])
        .filter((n): n is string => typeof n === "string"),
    );
    expect(names[0]).toEqual(expect.arrayContaining(["site-a-Network-FlowLogs-"]));
    expect(names[0].filter((n) => names[1].includes(n))).toEqual([]);
  });

  test("without the AWS provider, synth names the construct and the provider to add", () => {
    expect(() => synthJson(compose(false))).toThrow(
      'hybrid-mesh: site/Network (AwsNetwork): provider = undefined: it creates aws_* resources, and its stack site has no AWS provider; add one to the stack: new AwsProvider(stack, "aws", { region: "eu-west-1" }) (import it from "@cdktf/provider-aws/lib/provider").',
    );
  });
});
