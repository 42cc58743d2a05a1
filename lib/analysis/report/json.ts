import { AnalysisResult } from "../result";

/**
 * The analysis as JSON (stable key order).
 *
 * @internal
 */
export function renderAnalysisJson(name: string, result: AnalysisResult): string {
  return `${JSON.stringify({ topology: name, ...result }, null, 2)}\n`;
}
