import { IConstruct } from "constructs";
// cdktf resolves tokens with this internal function (TerraformStack.toTerraform uses it); it is
// not exported from the package root. Kept in this one file so that a move to cdktf's community
// fork only touches it and synth-files.ts.
import { resolve } from "cdktf/lib/_tokens";

/** Resolves the tokens of a value in the context of a construct's stack, as synth does. */
export function resolveTerraform<T = unknown>(scope: IConstruct, value: unknown): T {
  return resolve(scope, value) as T;
}
