import { Testing, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkCidr,
  checkEach,
  checkPort,
  fail,
  formatValue,
  HybridMeshError,
  isUnresolved,
  oneOf,
  validateLater,
} from "../../lib/core";
import { testStack } from "../util";

class ControlPlane extends Construct {}

describe("HybridMeshError", () => {
  test("names the construct path, its type, the property, the value, the rule and the fix", () => {
    const cp = new ControlPlane(new Construct(testStack("app"), "aws"), "cp");
    const replicas = oneOf([1, 3, 5, 7], "replicas", "etcd needs an odd number of members to keep quorum");
    let error: unknown;
    try {
      check(cp, "replicas", 4, replicas);
    } catch (e) {
      error = e;
    }
    expect(HybridMeshError.isHybridMeshError(error)).toBe(true);
    const e = error as HybridMeshError;
    expect(e.message).toBe(
      "hybrid-mesh: app/aws/cp (ControlPlane): replicas = 4: replicas must be one of 1, 3, 5, 7 (etcd needs an odd number of members to keep quorum); use one of them.",
    );
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("HybridMeshError");
    expect(e.path).toBe("app/aws/cp");
    expect(e.property).toBe("replicas");
    expect(e.value).toBe(4);
  });

  test("a construct may declare the type shown in messages", () => {
    const c = new Construct(testStack(), "x");
    Object.defineProperty(c, "hybridMeshType", { value: "AwsNetwork" });
    expect(() => fail(c, "cidr", "x", { rule: "r", fix: "f" })).toThrow(
      'hybrid-mesh: test/x (AwsNetwork): cidr = "x": r; f.',
    );
  });

  test("values are shown as JSON, and long ones are shortened", () => {
    expect(formatValue("10.0.0.0/8")).toBe('"10.0.0.0/8"');
    expect(formatValue(["a", 1])).toBe('["a",1]');
    expect(formatValue(undefined)).toBe("undefined");
    expect(formatValue("x".repeat(500))).toHaveLength(160);
  });
});

describe("check", () => {
  test("passes valid values through", () => {
    expect(check(new Construct(testStack(), "x"), "cidr", "10.0.0.0/16", checkCidr)).toBe("10.0.0.0/16");
  });

  test("never throws on unresolved tokens: strings, numbers and lists", () => {
    const stack = testStack();
    const scope = new Construct(stack, "x");
    const variable = new TerraformVariable(stack, "cidr", { type: "string" });
    const asString = variable.stringValue;
    const asNumber = Token.asNumber(variable.value);
    const asList = Token.asList(variable.value);
    expect(isUnresolved(asString)).toBe(true);
    expect(isUnresolved(asNumber)).toBe(true);
    expect(isUnresolved(`prefix-${asString}`)).toBe(true);
    expect(isUnresolved("10.0.0.0/16")).toBe(false);
    expect(() => check(scope, "cidr", asString, checkCidr)).not.toThrow();
    expect(() => check(scope, "port", asNumber, checkPort)).not.toThrow();
    expect(() => checkEach(scope, "ranges", asList, checkCidr)).not.toThrow();
    expect(() => checkEach(scope, "ranges", ["10.0.0.0/8", asString, "bad"], checkCidr)).toThrow(
      /ranges\[2\] = "bad": an IPv4 CIDR block is/,
    );
  });
});

describe("validateLater", () => {
  test("reports every problem of every construct in one synth", () => {
    const stack = testStack("whole");
    const a = new Construct(stack, "a");
    const b = new Construct(stack, "b");
    validateLater(a, () => [{ property: "cidr", value: "10.0.0.0/16", rule: "overlaps b", fix: "move it" }]);
    validateLater(b, () => [
      { property: "cidr", value: "10.0.0.0/16", rule: "overlaps a", fix: "move it" },
      { property: "asn", value: 1, rule: "not private", fix: "use 64514" },
    ]);
    let message = "";
    try {
      Testing.synth(stack, true);
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain('hybrid-mesh: whole/a (Construct): cidr = "10.0.0.0/16": overlaps b; move it.');
    expect(message).toContain('hybrid-mesh: whole/b (Construct): cidr = "10.0.0.0/16": overlaps a; move it.');
    expect(message).toContain("hybrid-mesh: whole/b (Construct): asn = 1: not private; use 64514.");
  });

  test("reports nothing when there is no problem", () => {
    const stack = testStack();
    validateLater(new Construct(stack, "a"), () => []);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
