// Turning problems into errors for constructs: immediately (fail, check) or at synth
// (validateLater), never judging a value known only at deploy time.
import { IConstruct } from "constructs";
import { HybridMeshError, Problem, Violation } from "./errors";
import { isUnresolved } from "./tokens";

/**
 * Throws a {@link HybridMeshError} for `scope`.
 *
 * @internal
 */
export function fail(scope: IConstruct, property: string, value: unknown, problem: Problem): never {
  throw new HybridMeshError({ scope, property, value, ...problem });
}

/**
 * Runs a pure check on a value and throws a {@link HybridMeshError} if it finds a problem.
 *
 * A value that is an unresolved token (a reference to another resource's attribute, known only
 * at deploy time) is not checked: it cannot be judged as a literal, and it never throws.
 * An undefined value (an unset optional prop) is not checked either.
 *
 * @returns the value, for chaining
 *
 * @internal
 */
export function check<T>(
  scope: IConstruct,
  property: string,
  value: T,
  rule: (value: NonNullable<T>) => Problem | undefined,
): T {
  if (value === undefined || value === null || isUnresolved(value)) return value;
  const problem = rule(value as NonNullable<T>);
  if (problem) fail(scope, property, value, problem);
  return value;
}

/**
 * Like {@link check}, for every element of an array; the property is shown as `prop[i]`.
 *
 * @internal
 */
export function checkEach<T>(
  scope: IConstruct,
  property: string,
  values: readonly T[] | undefined,
  rule: (value: T, index: number) => Problem | undefined,
): void {
  if (values === undefined || isUnresolved(values)) return;
  values.forEach((value, index) => {
    if (isUnresolved(value)) return;
    const problem = rule(value, index);
    if (problem) fail(scope, `${property}[${index}]`, value, problem);
  });
}

/**
 * Registers a whole-app check on `scope` with `node.addValidation()`: it runs at synth, after
 * every construct exists, and all problems of all constructs are reported together.
 *
 * @internal
 */
export function validateLater(scope: IConstruct, validate: () => readonly Violation[]): void {
  scope.node.addValidation({
    validate: () => validate().map((v) => HybridMeshError.format({ scope, ...v })),
  });
}

/**
 * Fails when a value the library must compute with at synth (a CIDR to split, a list of zones to
 * count) is an unresolved token, saying why a literal is needed.
 *
 * @param why what the value is used for at synth, e.g. "it is split into subnets at synth"
 *
 * @internal
 */
export function requireLiteral<T>(scope: IConstruct, property: string, value: T, why: string): T {
  if (value !== undefined && isUnresolved(value)) {
    fail(scope, property, value, {
      rule: `${property} must be a literal value, not a reference known only at deploy time: ${why}`,
      fix: "pass the value itself",
    });
  }
  return value;
}
