import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { FindingLevel, HybridMeshError, TerraformModel } from "../core";
import type { HybridTopology } from "./hybrid-topology";

/**
 * Runs the analysis of a topology at synth, after every stack is synthesized (an app-level
 * validation; the mesh stack's when the topology is not in an App): writes the reports to the
 * report directory and fails synth on the analysis's errors and the mesh's security-check errors.
 *
 * @internal
 */
export function analyzeAtSynth(topology: HybridTopology): void {
  const root = topology.node.root;
  const target = App.isApp(root) ? root : topology.meshStack;
  target.node.addValidation({
    validate: () => {
      // After synth the stacks are on disk: read them rather than resolve every token again.
      const result = topology.analyze(
        App.isApp(root) ? synthesizedModel(root, topology.allStacks) : undefined,
      );
      const meshFindings = topology.checks?.checkMesh(topology.mesh) ?? [];
      if (App.isApp(root)) topology.writeReports(topology.reportDirectory(root.outdir));
      // One root cause, one error: paths over an invalid address plan are not worth reporting.
      const errors = result.findings.filter((f) => f.level === FindingLevel.ERROR);
      const planErrors = errors.filter((f) => f.check === "address-plan");
      return [
        ...(planErrors.length > 0 ? planErrors : errors).map((f) =>
          HybridMeshError.format({
            scope: topology,
            property: f.check,
            value: f.subject,
            rule: f.rule,
            fix: f.fix,
          }),
        ),
        ...meshFindings
          .filter((f) => f.level === FindingLevel.ERROR && !f.suppressed)
          .map((f) =>
            HybridMeshError.format({
              scope: topology.mesh,
              property: `${f.ruleId} ${f.ruleName}`,
              value: f.resource,
              rule: `${f.detail}: ${f.info}`,
              fix: "fix the mesh settings, or suppress the rule with a reason (SecurityChecks.suppress)",
            }),
          ),
      ];
    },
  });
}

/** The model of the stacks as synthesized into an app's output directory (none when one is missing). */
function synthesizedModel(app: App, stacks: TerraformStack[]): TerraformModel | undefined {
  const json: Record<string, unknown> = {};
  for (const stack of stacks) {
    const file = path.join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath);
    if (!existsSync(file)) return undefined;
    json[stack.node.id] = JSON.parse(readFileSync(file, "utf8"));
  }
  return TerraformModel.fromJson(json);
}
