import { Compliance, RuleOutcome } from "../rule";

/**
 * A rule's outcome from what it found: the findings, or compliant when there are none.
 *
 * @internal
 */
export function outcome(found: string[]): RuleOutcome {
  return found.length ? found : Compliance.COMPLIANT;
}
