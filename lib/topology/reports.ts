import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { AnalysisResult, renderAnalysisJson, renderAnalysisMarkdown } from "../analysis";
import { renderChecksCsv, renderChecksMarkdown, secretsInState, SecurityChecks } from "../checks";
import { TerraformModel } from "../core";
import { renderSvg } from "./diagram/render";
import type { TopologyDiagram } from "./props";

/**
 * Where the reports of a topology go under an output directory: `<outdir>/hybrid-mesh/<name>`.
 *
 * @internal
 */
export function reportDirectoryOf(outdir: string, topologyName: string): string {
  return path.join(outdir, "hybrid-mesh", topologyName);
}

/**
 * Writes the reports of a topology to a directory: the analysis (`analysis.md`,
 * `analysis.json`), the diagram (`topology.dot`, `topology.mmd`) and the security checks
 * (`checks.md` with the secrets each stack's state holds, `checks.csv`) when they run.
 *
 * @returns the files written
 * @internal
 */
export function writeReportFiles(
  directory: string,
  topologyName: string,
  result: AnalysisResult,
  diagram: (result: AnalysisResult) => TopologyDiagram,
  checks: SecurityChecks | undefined,
  model: TerraformModel,
): string[] {
  mkdirSync(directory, { recursive: true });
  const files: [string, string][] = [
    ["analysis.md", renderAnalysisMarkdown(topologyName, result)],
    ["analysis.json", renderAnalysisJson(topologyName, result)],
  ];
  const { dot, mermaid } = diagram(result);
  files.push(["topology.dot", dot], ["topology.mmd", mermaid]);
  if (checks) {
    files.push([
      "checks.md",
      renderChecksMarkdown(topologyName, checks.findings, checks.rules, secretsInState(model)),
    ]);
    files.push(["checks.csv", renderChecksCsv(checks.findings)]);
  }
  return writeFiles(directory, files);
}

/**
 * Writes a diagram to a directory: `topology.dot`, `topology.mmd` and `topology.svg` (rendered
 * with Graphviz compiled to WebAssembly).
 *
 * @returns the files written
 * @internal
 */
export async function writeDiagramFiles(
  directory: string,
  { dot, mermaid }: TopologyDiagram,
): Promise<string[]> {
  mkdirSync(directory, { recursive: true });
  const svg = await renderSvg(dot);
  return writeFiles(directory, [
    ["topology.dot", dot],
    ["topology.mmd", mermaid],
    ["topology.svg", svg],
  ]);
}

/** Writes `[file, content]` pairs to a directory and returns their paths. */
function writeFiles(directory: string, files: [string, string][]): string[] {
  return files.map(([file, content]) => {
    const target = path.join(directory, file);
    writeFileSync(target, content);
    return target;
  });
}
