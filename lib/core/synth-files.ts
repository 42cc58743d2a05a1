import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { addCustomSynthesis } from "./cdktf-internals";

/**
 * Writes a file next to the synthesized Terraform of the stack holding `scope`
 * (`cdktf.out/stacks/<stack>/<relativePath>`), at synth. `produce` runs then, so it sees the
 * whole app. This is the one place the library writes files through cdktf's synthesis hook.
 *
 * @internal
 *
 * @param relativePath path under the stack's folder, e.g. "peer-sheets/onprem.md"
 */
export function writeNextToStack(scope: Construct, relativePath: string, produce: () => string): void {
  const holder = new Construct(scope, `File:${relativePath}`);
  addCustomSynthesis(holder, (session) => {
    const stack = TerraformStack.of(scope);
    const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
    const file = path.join(dir, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, produce());
  });
}
