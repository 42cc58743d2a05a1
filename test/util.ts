import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { HybridMeshError, TerraformModel } from "../lib/core";

let outdir: string | undefined;

/**
 * A cdktf App writing (if ever synthesized) into the test run's temporary folder (made by
 * test/global-setup.js and removed by test/global-teardown.js).
 */
export function testApp(): App {
  outdir ??= fs.mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? os.tmpdir(), "app-"));
  return new App({ outdir, stackTraces: false });
}

/** A cdktf App with its own new output folder (for tests that synthesize and read the files). */
export function freshApp(): App {
  const dir = fs.mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? os.tmpdir(), "app-"));
  return new App({ outdir: dir, stackTraces: false });
}

/** A fresh stack in a fresh app. */
export function testStack(id = "test"): TerraformStack {
  return new TerraformStack(testApp(), id);
}

/** The resources of one type in synthesized Terraform JSON, as an array. */
export function resources(synthesized: string, type: string): any[] {
  return Object.values(JSON.parse(synthesized).resource?.[type] ?? {});
}

/** The resources of one type in synthesized Terraform JSON, by logical id. */
export function resourceMap(synthesized: string, type: string): Record<string, any> {
  return JSON.parse(synthesized).resource?.[type] ?? {};
}

/** A stack with the AWS and random providers configured (validations need providers). */
export function awsStack(id = "test"): TerraformStack {
  const stack = testStack(id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new RandomProvider(stack, "random");
  return stack;
}

/** The reader of each JSON `synthJson` returned: the same Terraform with cdktf's metadata (construct paths). */
const READERS = new WeakMap<object, TerraformModel>();

/**
 * Synthesizes with validations and returns the parsed Terraform JSON (as `Testing.synth`: without
 * cdktf's metadata); `byPath` and `refOf` find its elements by construct path all the same.
 */
export function synthJson(stack: TerraformStack, runValidations = true): any {
  const json = JSON.parse(Testing.synth(stack, runValidations));
  READERS.set(
    json,
    TerraformModel.fromJson({ [stack.node.id]: JSON.parse(JSON.stringify(stack.toTerraform())) }),
  );
  return json;
}

/** Resources of one type from parsed Terraform JSON. */
export function ofType(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

function readerOf(json: any): TerraformModel {
  return READERS.get(json) ?? TerraformModel.fromJson({ test: json });
}

/** cdktf's "//" metadata removed from an element's configuration. */
function withoutMetadata(config: Record<string, any>): any {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key !== "//"));
}

/** The resource whose construct path ends with `pathSuffix` (read with the library's Terraform reader). */
export function byPath(json: any, type: string, pathSuffix: string): any {
  return withoutMetadata(readerOf(json).at(type, pathSuffix).config);
}

/** The Terraform reference `${type.<logical id>.<attribute>}` of the resource at `pathSuffix`. */
export function refOf(json: any, type: string, pathSuffix: string, attribute = "id"): string {
  return `\${${type}.${readerOf(json).at(type, pathSuffix).name}.${attribute}}`;
}

/**
 * Expects `build` to fail with a hybrid-mesh error (never another error) whose message contains
 * `message` (or matches it); returns the error.
 */
export function expectHybridMeshError(build: () => unknown, message: string | RegExp): HybridMeshError {
  let thrown: unknown;
  try {
    build();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined)
    throw new Error(`expected a hybrid-mesh error matching ${String(message)}, nothing was thrown`);
  if (!HybridMeshError.isHybridMeshError(thrown)) throw thrown;
  if (typeof message === "string") expect(thrown.message).toContain(message);
  else expect(thrown.message).toMatch(message);
  return thrown;
}

/**
 * A `fails(props, message)` for a builder of props: `const fails = failsWith(build)`, then
 * `fails({ replicas: 4 }, "etcd needs an odd number")`.
 */
export function failsWith<P>(
  build: (props: P) => unknown,
): (props: P, message: string | RegExp) => HybridMeshError {
  return (props, message) => expectHybridMeshError(() => build(props), message);
}

/** A stack with the Google and random providers configured. */
export function gcpStack(id = "test"): TerraformStack {
  const stack = testStack(id);
  new GoogleProvider(stack, "google", { project: "my-project-123", region: "us-central1" });
  new RandomProvider(stack, "random");
  return stack;
}

/** Warnings (cdktf annotations) recorded on a construct. */
export function warningsOf(construct: { node: { metadata: { type: string; data: unknown }[] } }): string[] {
  return construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

/** A stack with the AWS, Google and random providers configured. */
export function hybridStack(id = "test"): TerraformStack {
  const stack = awsStack(id);
  new GoogleProvider(stack, "google", { project: "my-project-123", region: "us-central1" });
  return stack;
}

/** Attributes that hold VPN keys or other secrets, by resource type. */
export const SECRET_ATTRIBUTES: Record<string, string[]> = {
  aws_vpn_connection: ["tunnel1_preshared_key", "tunnel2_preshared_key"],
  google_compute_vpn_tunnel: ["shared_secret"],
};

/** Every secret attribute in synthesized JSON whose value is a literal rather than a reference. */
export function literalSecrets(json: any): string[] {
  const found: string[] = [];
  for (const [type, attributes] of Object.entries(SECRET_ATTRIBUTES)) {
    for (const [id, resource] of Object.entries<any>(json.resource?.[type] ?? {})) {
      for (const a of attributes) {
        const v = resource[a];
        if (v !== undefined && !/^\$\{.+\}$/s.test(String(v))) found.push(`${type}.${id}.${a}`);
      }
    }
  }
  for (const [id, p] of Object.entries<any>(json.resource?.aws_ssm_parameter ?? {})) {
    if (p.type !== "SecureString") continue;
    const attribute = p.value_wo !== undefined ? "value_wo" : "value";
    if (!/^\$\{.+\}$/s.test(String(p[attribute]))) found.push(`aws_ssm_parameter.${id}.${attribute}`);
  }
  return found;
}

/**
 * Validates Kubernetes objects against kubernetes-models / @kubernetes-models/istio (ESM-only,
 * so in a child process) and returns the problems found (empty when all are valid).
 */
export function k8sSchemaProblems(objects: object[]): string[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, "k8s-validate.mjs")], {
    input: JSON.stringify(objects),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`k8s-validate failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
