import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";

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

/** Synthesizes with validations and returns the parsed Terraform JSON. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Resources of one type from parsed Terraform JSON. */
export function ofType(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/**
 * Whether a logical id belongs to the construct at `pathSuffix` (ids below the stack, "/"-separated,
 * without a final "Resource"). cdktf derives logical ids from the path: the ids joined with "_"
 * ("Resource" left out) and an 8-digit hash.
 */
function idMatches(logicalId: string, pathSuffix: string): boolean {
  const human = logicalId.replace(/_[0-9A-F]{8}$/, "");
  const wanted = pathSuffix
    .replace(/\/Resource$/, "")
    .split("/")
    .join("_");
  return human === wanted || human.endsWith(`_${wanted}`);
}

/** The resource whose construct path ends with `pathSuffix`. */
export function byPath(json: any, type: string, pathSuffix: string): any {
  const found = Object.entries<any>(json.resource?.[type] ?? {}).filter(([id]) => idMatches(id, pathSuffix));
  if (found.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${found.length}`);
  return found[0][1];
}

/** The Terraform reference `${type.<logical id>.<attribute>}` of the resource at `pathSuffix`. */
export function refOf(json: any, type: string, pathSuffix: string, attribute = "id"): string {
  const entry = Object.entries<any>(json.resource?.[type] ?? {}).find(([id]) => idMatches(id, pathSuffix));
  if (!entry) throw new Error(`no ${type} at *${pathSuffix}`);
  return `\${${type}.${entry[0]}.${attribute}}`;
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
    if (p.type === "SecureString" && !/^\$\{.+\}$/s.test(String(p.value)))
      found.push(`aws_ssm_parameter.${id}.value`);
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
