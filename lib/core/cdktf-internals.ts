// The only file that imports cdktf's private modules (not exported from its package root): a move
// to cdktf's community fork, or a cdktf release that moves them, touches only this file.
import { resolve } from "cdktf/lib/_tokens";
import { addCustomSynthesis as cdktfAddCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { IConstruct } from "constructs";

/**
 * Resolves the tokens of a value in the context of a construct's stack, as synth does
 * (`TerraformStack.toTerraform` uses the same function).
 *
 * @internal
 */
export function resolveTerraform<T = unknown>(scope: IConstruct, value: unknown): T {
  return resolve(scope, value) as T;
}

/** What a custom synthesis step is given: the output folder and cdktf's manifest. @internal */
export interface SynthesisSession {
  /** The app's output folder. */
  readonly outdir: string;
  /** cdktf's manifest: where each stack's files go. */
  readonly manifest: { forStack(stack: IConstruct): { workingDirectory: string } };
}

/**
 * Runs `onSynthesize` when the app is synthesized (cdktf's hook for files next to a stack).
 *
 * @internal
 */
export function addCustomSynthesis(
  construct: IConstruct,
  onSynthesize: (session: SynthesisSession) => void,
): void {
  cdktfAddCustomSynthesis(construct, {
    onSynthesize: (session) =>
      onSynthesize({
        outdir: session.outdir,
        manifest: {
          forStack: (stack) => session.manifest.forStack(stack as never),
        },
      }),
  });
}
