// Reading values of synthesized Terraform JSON: blocks may be objects or one-element lists,
// booleans may be strings, numbers may be strings.

/** A value of synthesized Terraform JSON (or of a Kubernetes object): untyped by nature. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The first element of a list block, or the block itself. */
export const one = (x: Json): Json => (Array.isArray(x) ? x[0] : x);

/** A list (a missing value is empty, a single value is a list of one). */
export const many = (x: Json): Json[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

/** A boolean ("true" counts), or the fallback when unset. */
export const bool = (x: Json, fallback: boolean): boolean =>
  x === undefined || x === null ? fallback : x === true || x === "true";

/** A whole number, or undefined. */
export const num = (x: Json): number | undefined =>
  typeof x === "number" ? x : typeof x === "string" && /^\d+$/.test(x) ? Number(x) : undefined;

/** Whether a value is (or holds) a Terraform expression rather than a literal. */
export const isExpression = (x: unknown): boolean => typeof x === "string" && x.includes("${");
