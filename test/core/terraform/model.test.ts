import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { freshApp } from "../../util";
import { keyOf, TerraformModel } from "../../../lib/core";

describe("TerraformModel", () => {
  function twoStacks() {
    const app = freshApp();
    const group = new Construct(app, "team");
    const site = new TerraformStack(group, "site");
    new AwsProvider(site, "aws", { region: "eu-west-1" });
    const vpc = new Vpc(site, "Vpc", { cidrBlock: "10.0.0.0/16" });
    const link = new TerraformStack(group, "link");
    new AwsProvider(link, "aws", { region: "eu-west-1" });
    const subnet = new Subnet(new Construct(link, "Net"), "Subnet", {
      vpcId: vpc.id,
      cidrBlock: "10.0.1.0/24",
    });
    return { model: TerraformModel.fromStacks([site, link]), vpc, subnet };
  }

  test("every element with its key, type, path inside its stack and configuration", () => {
    const { model, vpc, subnet } = twoStacks();
    expect(model.get(keyOf(vpc))).toMatchObject({
      stack: "site",
      type: "aws_vpc",
      path: "Vpc",
      fullPath: "team/site/Vpc",
    });
    expect(model.get(keyOf(subnet))).toMatchObject({
      stack: "link",
      path: "Net/Subnet",
      config: expect.objectContaining({ cidr_block: "10.0.1.0/24" }),
    });
    expect(model.ofType("aws_subnet")).toHaveLength(1);
  });

  test("follows cross-stack references to the producing stack's element", () => {
    const { model, vpc, subnet } = twoStacks();
    const s = model.get(keyOf(subnet))!;
    expect(s.config.vpc_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-team--site\.outputs\./,
    );
    expect(model.ref(s.stack, s.config.vpc_id)).toEqual({ element: model.get(keyOf(vpc)), attribute: "id" });
    expect(model.literal(s.stack, s.config.cidr_block)).toBe("10.0.1.0/24");
    expect(model.literal(s.stack, s.config.vpc_id)).toBeUndefined();
  });
});
