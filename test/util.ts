import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";

let outdir: string | undefined;

/** A cdktf App writing (if ever synthesized) to one temporary folder per test file. */
export function testApp(): App {
  outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), "hybrid-mesh-test-"));
  return new App({ outdir, stackTraces: false });
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
