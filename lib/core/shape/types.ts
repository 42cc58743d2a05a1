// What a shape is: the kinds of values a props interface is checked with, and what a wrong value
// is reported as. The kinds themselves are in kinds.ts, the check in validate.ts.
import { isUnresolved } from "../tokens";

/**
 * A check of the JavaScript shape of one value (a string, an array of strings, an object with
 * these keys, one of these enum values...), as TypeScript's types describe it.
 *
 * TypeScript callers cannot get the shape wrong; JavaScript callers and apps configured from JSON
 * can. Every public construct checks the shape of its props with {@link validateShape} before it
 * uses them, so that a `null` or a string where an array belongs is a hybrid-mesh error naming
 * the property, not a `TypeError` from deep inside. Values that are unresolved tokens always pass.
 *
 * The type parameter is the TypeScript type the kind accepts: {@link Shape} uses it so that the
 * compiler rejects a shape that does not match its props interface.
 *
 * @internal
 */
export interface Kind<T> {
  /** What a good value is, in words: "a string", "an array of IPv4 CIDR blocks". */
  readonly expected: string;
  /** A good value as written in code, for the fix: `"10.0.0.0/16"`, `["eu-west-1a"]`. */
  readonly example: string;
  /** Whether the property must be given. */
  readonly required: boolean;
  /**
   * Returns the first problem of `value` (which is not undefined), or undefined.
   *
   * @param path where the value sits, e.g. "subnets[0].pods"
   */
  readonly test: (value: unknown, path: string) => ShapeIssue | undefined;
  /** Phantom field carrying the accepted type (never set). */
  readonly accepts?: T;
}

/**
 * A kind for a property that must be given.
 *
 * @internal
 */
export interface RequiredKind<T> extends Kind<T> {
  /** Always true. */
  readonly required: true;
}

/**
 * A value whose shape is wrong.
 *
 * @internal
 */
export interface ShapeIssue {
  /** Where it sits, e.g. "aws[0].availabilityZones[1]". */
  readonly path: string;
  /** The value. */
  readonly value: unknown;
  /** What it should have been. */
  readonly expected: string;
  /** A good value, as written in code. */
  readonly example: string;
  /** How to fix it, when there is a better fix than "give <expected>". */
  readonly fix?: string;
  /** How to show the wrong value in the rule, when better than its type ("not \"ONE_PER_AZ\""). */
  readonly got?: string;
}

/** @internal */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * The shape of a props interface: one kind per property, required exactly where the interface
 * requires the property. The compiler checks that a shape names every property of `T`.
 *
 * @internal
 */
export type Shape<T> = {
  readonly [K in keyof T]-?: K extends RequiredKeys<T> ? RequiredKind<T[K]> : Kind<T[K]>;
};

/**
 * A shape of any props (for walking a shape's entries).
 *
 * @internal
 */
export type AnyShape = Record<string, Kind<unknown>>;

/**
 * "a string", "an IPv4 address": a noun phrase with its article.
 *
 * @internal
 */
export function article(text: string): string {
  return /^[aeiou]/i.test(text) ? `an ${text}` : `a ${text}`;
}

/**
 * A kind that is not required, whose test passes unresolved tokens.
 *
 * @internal
 */
export function kind<T>(
  expected: string,
  example: string,
  test: (value: unknown, path: string) => ShapeIssue | undefined,
): Kind<T> {
  return {
    expected,
    example,
    required: false,
    test: (value, path) => (isUnresolved(value) ? undefined : test(value, path)),
  };
}

/**
 * The issue of a value that is not of kind `k`.
 *
 * @internal
 */
export function issue(path: string, value: unknown, k: { expected: string; example: string }): ShapeIssue {
  return { path, value, expected: k.expected, example: k.example };
}

/**
 * Whether a value is an object that is not an array (props, nested options, records).
 *
 * @internal
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
