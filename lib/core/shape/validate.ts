// The check of props against their shape: the first wrong value, and the hybrid-mesh error that
// names it with what was expected and a fix.
import { IConstruct } from "constructs";
import { fail } from "../validation";
import { AnyShape, isPlainObject, issue, Shape, ShapeIssue } from "./types";

/**
 * What a wrong value is, for messages: "null", "a string", "an array", "the number 3".
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : String(value);
    case "boolean":
      return `${value}`;
    case "function":
      return "a function";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * The first problem of an object against a shape: a missing required property, a null, a value of
 * the wrong kind, or a key that looks like a typo of one of the shape's.
 *
 * @internal
 */
export function shapeIssue(
  value: Record<string, unknown>,
  shape: AnyShape,
  prefix: string,
): ShapeIssue | undefined {
  for (const [key, k] of Object.entries(shape)) {
    const v = value[key];
    const path = join(prefix, key);
    if (v === undefined) {
      if (k.required) return { ...issue(path, v, k), fix: `add ${key}: ${k.example}` };
      continue;
    }
    if (v === null) {
      return {
        ...issue(path, v, k),
        fix: k.required
          ? `give ${k.expected}, e.g. ${k.example}`
          : `leave ${path} out to use its default, or give ${k.expected}, e.g. ${k.example}`,
      };
    }
    const problem = k.test(v, path);
    if (problem) return problem;
  }
  // A key that is not in the shape but close to one that is: a typo that would be ignored.
  for (const key of Object.keys(value)) {
    if (key in shape || value[key] === undefined) continue;
    const known = Object.keys(shape).find(
      (s) =>
        s.toLowerCase() === key.toLowerCase() || distance(s, key) <= Math.min(2, Math.floor(s.length / 4)),
    );
    if (known) {
      return {
        path: join(prefix, key),
        value: value[key],
        expected: `not a property (did you mean ${known}?)`,
        example: known,
        fix: `rename it to ${join(prefix, known)}`,
      };
    }
  }
  return undefined;
}

/**
 * Checks the shape of `props` against `shape` and throws a hybrid-mesh error naming the
 * construct, the property, the value, what was expected and a fix, on the first problem:
 *
 * ```
 * hybrid-mesh: stack/Vpn (AwsHaVpn): gcpRanges = "10.0.0.0/16": gcpRanges must be an array of IPv4 CIDR blocks, not a string; wrap it in an array: ["10.0.0.0/16"].
 * ```
 *
 * @param prefix the property path of `props` itself, for nested options ("" for a constructor's props)
 *
 * @internal
 */
export function validateShape<T>(scope: IConstruct, props: T, shape: Shape<T>, prefix = ""): T {
  const what = prefix || "props";
  if (!isPlainObject(props)) {
    const anyRequired = Object.values(shape as unknown as AnyShape).some((k) => k.required);
    if (props === undefined && !anyRequired && prefix !== "") return props;
    fail(scope, what, props, {
      rule: `${what} must be an object, not ${describeValue(props)}`,
      fix: anyRequired
        ? `give an object with at least ${Object.entries(shape as unknown as AnyShape)
            .filter(([, k]) => k.required)
            .map(([key]) => key)
            .join(", ")}`
        : "give an object, or leave it out",
    });
  }
  const problem = shapeIssue(props, shape as unknown as AnyShape, prefix);
  if (problem) {
    const missing = problem.value === undefined && problem.got === undefined;
    const rule = problem.expected.startsWith("not a property")
      ? `${problem.path} is ${problem.expected}`
      : missing
        ? `${problem.path} is required: ${problem.expected}`
        : `${problem.path} must be ${problem.expected}, not ${problem.got ?? describeValue(problem.value)}`;
    fail(scope, problem.path, problem.value, {
      rule,
      fix: problem.fix ?? `give ${problem.expected}, e.g. ${problem.example}`,
    });
  }
  return props;
}
