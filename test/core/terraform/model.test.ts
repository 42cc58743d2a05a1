import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformIterator, TerraformVariable } from "cdktf";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { freshApp } from "../../util";
import { keyOf, presenceOf, TerraformModel } from "../../../lib/core";

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

  describe("presence: what Terraform will create (count, for_each)", () => {
    function counted() {
      const app = freshApp();
      const stack = new TerraformStack(app, "site");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      const n = new TerraformVariable(stack, "n", { type: "number" });
      const zones = new TerraformVariable(stack, "zones", { type: "list(string)" });
      const vpc = (id: string, extra: Record<string, unknown> = {}) =>
        new Vpc(stack, id, { cidrBlock: "10.0.0.0/16", ...extra });
      const elements = {
        plain: vpc("Plain"),
        zero: vpc("Zero", { count: 0 }),
        two: vpc("Two", { count: 2 }),
        unknown: vpc("Unknown"),
        emptyList: vpc("EmptyList", { forEach: TerraformIterator.fromList([]) }),
        list: vpc("List", { forEach: TerraformIterator.fromList(["a", "b"]) }),
        emptyMap: vpc("EmptyMap", { forEach: TerraformIterator.fromMap({}) }),
        map: vpc("Map", { forEach: TerraformIterator.fromMap({ a: "x" }) }),
        dynamic: vpc("Dynamic", { forEach: TerraformIterator.fromList(zones.listValue) }),
        overridden: vpc("Overridden"),
      };
      elements.unknown.count = n.numberValue;
      elements.overridden.addOverride("count", 0);
      const model = TerraformModel.fromStacks([stack]);
      const get = (k: keyof typeof elements) => model.get(keyOf(elements[k]))!;
      return { model, get };
    }

    test("a literal 0 or an empty list or map is absent; an expression unknown; anything else present", () => {
      const { get } = counted();
      expect(get("plain")).toMatchObject({ presence: "present" });
      expect(get("plain").instances).toBeUndefined();
      expect(get("zero")).toMatchObject({ presence: "absent", instances: "count = 0" });
      expect(get("overridden")).toMatchObject({ presence: "absent", instances: "count = 0" });
      expect(get("two")).toMatchObject({ presence: "present", instances: "count = 2" });
      expect(get("unknown")).toMatchObject({ presence: "unknown", instances: "count = ${var.n}" });
      // cdktf writes a TerraformIterator over a list as ${toset([...])}, over a map as the map.
      expect(get("emptyList")).toMatchObject({ presence: "absent", instances: "for_each = ${toset([])}" });
      expect(get("list")).toMatchObject({ presence: "present" });
      expect(get("emptyMap")).toMatchObject({ presence: "absent", instances: "for_each = {}" });
      expect(get("map")).toMatchObject({ presence: "present" });
      expect(get("dynamic")).toMatchObject({
        presence: "unknown",
        instances: "for_each = ${toset(var.zones)}",
      });
    });

    test("lookups skip what Terraform does not create: ofType by presence, find and get see everything", () => {
      const { model } = counted();
      const names = (presence?: Parameters<TerraformModel["ofType"]>[1]) =>
        model.ofType("aws_vpc", presence).map((e) => e.name);
      expect(names()).toEqual(["Plain", "Two", "Unknown", "List", "Map", "Dynamic"]);
      expect(names("present")).toEqual(["Plain", "Two", "List", "Map"]);
      expect(names(["absent"])).toEqual(["Zero", "EmptyList", "EmptyMap", "Overridden"]);
      expect(names("unknown")).toEqual(["Unknown", "Dynamic"]);
      expect(model.find("aws_vpc", "Zero")).toHaveLength(1);
    });

    test("count and for_each as strings and literal sets", () => {
      expect(presenceOf("0", undefined).presence).toBe("absent");
      expect(presenceOf(" 3 ", undefined).presence).toBe("present");
      expect(presenceOf("${length(var.x)}", undefined).presence).toBe("unknown");
      expect(presenceOf(undefined, []).presence).toBe("absent");
      expect(presenceOf(undefined, ["a"]).presence).toBe("present");
      expect(presenceOf(undefined, '${toset(["a", "a"])}').presence).toBe("present");
      expect(presenceOf(undefined, "${toset( [ ] )}").presence).toBe("absent");
      expect(presenceOf(undefined, "${toset([aws_subnet.a.id])}").presence).toBe("unknown");
      expect(presenceOf(undefined, undefined)).toEqual({ presence: "present" });
    });

    test("references to an instance of a counted element are followed", () => {
      const { model, get } = counted();
      expect(model.ref("site", "${aws_vpc.Two[1].id}")).toEqual({ element: get("two"), attribute: "id" });
      expect(model.ref("site", '${aws_vpc.Map["a"].arn}')).toEqual({ element: get("map"), attribute: "arn" });
    });
  });
});
