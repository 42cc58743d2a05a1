import { IConstruct } from "constructs";
import { HybridMeshError } from "./errors";

/**
 * Metadata key under which suppressions of security rules are recorded on a construct.
 *
 * @internal
 */
export const RULE_SUPPRESSIONS_KEY = "hybrid-mesh:rule-suppressions";

/**
 * Shortest accepted reason for a suppression (as cdk-nag).
 *
 * @internal
 */
export const MIN_SUPPRESSION_REASON = 10;

/** A security rule that does not apply to a construct and its children, and why. */
export interface RuleSuppression {
  /** Rule id, e.g. "HM-AWS-12". */
  readonly id: string;
  /** Why the rule does not apply here: at least 10 characters. */
  readonly reason: string;
  /**
   * Only these findings of the rule (the details it reports, e.g. a CIDR or a port).
   *
   * @default - every finding of the rule
   */
  readonly appliesTo?: string[];
}

/**
 * Suppresses security rules for a construct and everything under it (cdk-nag's
 * `addResourceSuppressions` with `applyToChildren`). A reason shorter than 10 characters is
 * rejected: a suppression without a reason hides a decision.
 *
 * @throws HybridMeshError when a reason is too short or an id is empty
 */
export function suppressRules(scope: IConstruct, suppressions: RuleSuppression[]): void {
  suppressions.forEach((s, i) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s.id ?? "")) {
      throw new HybridMeshError({
        scope,
        property: `suppressions[${i}].id`,
        value: s.id,
        rule: "a suppression names the rule it suppresses",
        fix: 'give the rule id, e.g. "HM-AWS-12"',
      });
    }
    if ((s.reason ?? "").trim().length < MIN_SUPPRESSION_REASON) {
      throw new HybridMeshError({
        scope,
        property: `suppressions[${i}].reason`,
        value: s.reason,
        rule: `a suppression needs a reason of at least ${MIN_SUPPRESSION_REASON} characters`,
        fix: "say why the rule does not apply here",
      });
    }
  });
  scope.node.addMetadata(
    RULE_SUPPRESSIONS_KEY,
    suppressions.map((s) => ({ ...s })),
  );
}

/**
 * Every suppression recorded on a construct and its ancestors, nearest first.
 *
 * @internal
 */
export function ruleSuppressionsOf(scope: IConstruct): RuleSuppression[] {
  const out: RuleSuppression[] = [];
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    for (const m of c.node.metadata)
      if (m.type === RULE_SUPPRESSIONS_KEY) out.push(...(m.data as RuleSuppression[]));
  }
  return out;
}
