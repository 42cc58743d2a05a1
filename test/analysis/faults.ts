import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import {
  AnalysisInput,
  AnalysisResult,
  ExplanationCode,
  HybridTopology,
  PathStatus,
} from "../../lib/topology";

/**
 * The one Terraform resource under `scope` whose construct path ends with `suffix` (a final
 * "/Resource" may be left out): where a test plants a fault with an escape hatch.
 */
export function resourceAt(scope: IConstruct, suffix: string): TerraformResource {
  const found = scope.node
    .findAll()
    .filter(
      (c): c is TerraformResource =>
        c instanceof TerraformResource &&
        (c.node.path.endsWith(`/${suffix}`) || c.node.path.endsWith(`/${suffix}/Resource`)),
    );
  if (found.length !== 1) throw new Error(`expected one resource at */${suffix}, found ${found.length}`);
  return found[0];
}

/**
 * The analysis input of a topology, with its on-premises devices' ASNs (65010 unless the topology
 * gives one): the sessions to them are then checked from both ends.
 */
export function withDeviceAsns(t: HybridTopology): AnalysisInput {
  const input = t.analysisInput();
  return { ...input, onPrem: input.onPrem?.map((s) => ({ ...s, asn: s.asn ?? 65010 })) };
}

/** Every finding, and every path blocked, unchecked or not surviving a single failure, has a known code. */
export function expectEveryCode(result: AnalysisResult): void {
  const known = new Set<string>(Object.values(ExplanationCode));
  for (const f of result.findings) expect(known.has(f.code)).toBe(true);
  for (const p of result.paths) {
    const fragile = p.status !== PathStatus.REACHABLE || p.brokenBy.length > 0;
    if (fragile) expect(known.has(p.code!)).toBe(true);
    else expect(p.code).toBeUndefined();
  }
}

/** The paths from one cluster to another on one port. */
export function pathsOf(result: AnalysisResult, from: string, to: string, port: number) {
  return result.paths.filter((p) => p.from === from && p.to === to && p.port === port);
}
