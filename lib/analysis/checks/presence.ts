import { AnalysisOptions } from "../input";
import { NETWORK_TYPES, NetworkModel } from "../model";
import { ExplanationCode, Finding } from "../result";

/**
 * The network elements whose `count` or `for_each` is known at plan time only: the analysis does
 * not assume they exist (what they would carry is lost), and says so, one finding each.
 *
 * @internal
 */
export function checkPresence(
  net: NetworkModel,
  options: Required<AnalysisOptions>,
  findings: Finding[],
): void {
  for (const type of NETWORK_TYPES) {
    for (const e of net.tf.ofType(type, "unknown")) {
      findings.push({
        level: options.unchecked,
        code: ExplanationCode.COUNT_UNKNOWN,
        check: "presence",
        subject: `${type} ${e.path}`,
        hop: e.path,
        rule: `not checked: whether Terraform creates it is known only at plan time (${e.instances}), so the analysis does not assume it exists`,
        fix: "give it a literal count (0 or 1) or a literal for_each, or check the network after plan",
      });
    }
  }
}
