import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Tags, toGcpLabel } from "../../lib/core";
import { resourceMap, resources, testApp, testStack } from "../util";

function setup() {
  const stack = testStack("tags");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p", region: "europe-west1" });
  const site = new Construct(stack, "site");
  return { stack, site };
}

describe("Tags", () => {
  test("tag AWS resources and label GCP resources under the scope, and nothing outside it", () => {
    const { stack, site } = setup();
    new Vpc(site, "vpc", { cidrBlock: "10.0.0.0/16", tags: { Name: "explicit" } });
    new Vpc(stack, "outside", { cidrBlock: "10.1.0.0/16" });
    new ComputeAddress(site, "addr", { name: "a", region: "europe-west1" });
    new ContainerCluster(site, "gke", { name: "c", location: "europe-west1" });
    new ComputeNetwork(site, "net", { name: "n" });
    new RouteTableAssociation(site, "rta", { routeTableId: "rt", subnetId: "s" });
    Tags.of(site).add("Team", "Platform Eng");
    const out = Testing.synth(stack, true);
    const vpcs = resourceMap(out, "aws_vpc");
    expect(Object.values(vpcs).find((v: any) => v.cidr_block === "10.0.0.0/16").tags).toEqual({
      Name: "explicit",
      Team: "Platform Eng",
    });
    expect(Object.values(vpcs).find((v: any) => v.cidr_block === "10.1.0.0/16").tags).toBeUndefined();
    expect(resources(out, "google_compute_address")[0].labels).toEqual({ team: "platform_eng" });
    expect(resources(out, "google_container_cluster")[0].resource_labels).toEqual({ team: "platform_eng" });
    expect(resources(out, "google_compute_network")[0].labels).toBeUndefined();
    expect(resources(out, "aws_route_table_association")[0].tags).toBeUndefined();
  });

  test("explicit tags win; the innermost Tags.of() wins over outer ones", () => {
    const { stack, site } = setup();
    const inner = new Construct(site, "inner");
    new Vpc(inner, "vpc", { cidrBlock: "10.0.0.0/16", tags: { owner: "explicit" } });
    Tags.of(stack).add("env", "outer");
    Tags.of(inner).add("env", "inner");
    Tags.of(stack).add("owner", "outer");
    const vpc = resources(Testing.synth(stack, true), "aws_vpc")[0];
    expect(vpc.tags).toEqual({ env: "inner", owner: "explicit" });
  });

  test("Auto Scaling groups get propagated tag blocks; launch templates tag instances, volumes and ENIs", () => {
    const { stack, site } = setup();
    new AutoscalingGroup(site, "asg", {
      maxSize: 1,
      minSize: 1,
      tag: [{ key: "Name", value: "node", propagateAtLaunch: true }],
    });
    new LaunchTemplate(site, "lt", { imageId: "ami-1" });
    Tags.of(site).add("site", "aws-eu");
    const out = Testing.synth(stack, true);
    expect(resources(out, "aws_autoscaling_group")[0].tag).toEqual([
      { key: "Name", value: "node", propagate_at_launch: true },
      { key: "site", value: "aws-eu", propagate_at_launch: true },
    ]);
    expect(resources(out, "aws_launch_template")[0].tag_specifications).toEqual([
      { resource_type: "instance", tags: { site: "aws-eu" } },
      { resource_type: "volume", tags: { site: "aws-eu" } },
      { resource_type: "network-interface", tags: { site: "aws-eu" } },
    ]);
  });

  test("tags given as a token are merged with Terraform's merge()", () => {
    const { stack, site } = setup();
    const given = new TerraformVariable(stack, "tags", { type: "map(string)" });
    new Vpc(site, "vpc", { cidrBlock: "10.0.0.0/16", tags: given.value });
    Tags.of(site).add("site", "x");
    expect(resources(Testing.synth(stack, true), "aws_vpc")[0].tags).toBe(
      '${merge({"site" = "x"}, var.tags)}',
    );
  });

  test("synthesizing twice gives the same output", () => {
    const { stack, site } = setup();
    new Vpc(site, "vpc", { cidrBlock: "10.0.0.0/16" });
    Tags.of(site).add("a", "1");
    expect(Testing.synth(stack, true)).toBe(Testing.synth(stack, true));
  });

  test.each([
    ["", /a tag key is 1-128 characters and starts with a letter/],
    ["1team", /a tag key is 1-128 characters and starts with a letter/],
    ["x".repeat(129), /a tag key is 1-128 characters/],
    ["aws:createdBy", /tag keys starting with "aws:" are reserved by AWS; drop the aws: prefix/],
  ])("refuses the key %j", (key, message) => {
    const { site } = setup();
    expect(() => Tags.of(site).add(key, "v")).toThrow(message);
  });

  test("refuses a value over 256 characters, naming the key", () => {
    const { site } = setup();
    expect(() => Tags.of(site).add("k", "v".repeat(257))).toThrow(
      /hybrid-mesh: tags\/site \(Construct\): tags.k = "v+…: a tag value is a string of at most 256 characters/,
    );
  });

  test("toGcpLabel makes keys and values valid GCP labels", () => {
    expect(toGcpLabel("Cost.Center", "ABC 123/x")).toEqual(["cost_center", "abc_123_x"]);
    expect(toGcpLabel("k", "v".repeat(100))[1]).toHaveLength(63);
  });
});

describe("Tags.of(app)", () => {
  test("reaches the resources of every stack of the app (cdktf runs aspects per stack)", () => {
    const app = testApp();
    const a = new TerraformStack(app, "a");
    const b = new TerraformStack(app, "b");
    for (const s of [a, b]) {
      new AwsProvider(s, "aws", { region: "eu-west-1" });
      new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
    }
    Tags.of(app).add("team", "platform");
    expect(resources(Testing.synth(a, true), "aws_vpc")[0].tags).toEqual({ team: "platform" });
    expect(resources(Testing.synth(b, true), "aws_vpc")[0].tags).toEqual({ team: "platform" });
  });
});
