import { IConstruct } from "constructs";
import { formatValue, HybridMeshError } from "./errors";
import { fail } from "./validation";
import { isUnresolved } from "./tokens";

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

function article(text: string): string {
  return /^[aeiou]/i.test(text) ? `an ${text}` : `a ${text}`;
}

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

function kind<T>(
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

function issue(path: string, value: unknown, k: { expected: string; example: string }): ShapeIssue {
  return { path, value, expected: k.expected, example: k.example };
}

/**
 * The property must be given.
 *
 * @internal
 */
export function req<T>(k: Kind<T>): RequiredKind<T> {
  return { ...k, required: true };
}

/**
 * A string.
 *
 * @internal
 */
export function str(what = "string", example = '"example"'): Kind<string> {
  const k = { expected: article(what), example };
  return kind(k.expected, example, (v, p) => (typeof v === "string" ? undefined : issue(p, v, k)));
}

/**
 * A finite number.
 *
 * @internal
 */
export function num(what = "number", example = "1"): Kind<number> {
  const k = { expected: article(what), example };
  return kind(k.expected, example, (v, p) =>
    typeof v === "number" && Number.isFinite(v) ? undefined : issue(p, v, k),
  );
}

/**
 * A whole number.
 *
 * @internal
 */
export function int(what = "whole number", example = "1"): Kind<number> {
  const k = { expected: article(what), example };
  return kind(k.expected, example, (v, p) =>
    typeof v === "number" && Number.isInteger(v)
      ? undefined
      : {
          ...issue(p, v, k),
          ...(typeof v === "number" ? { got: `${formatValue(v)} (a whole number is needed)` } : {}),
        },
  );
}

/**
 * true or false.
 *
 * @internal
 */
export function bool(): Kind<boolean> {
  const k = { expected: "true or false", example: "true" };
  return kind(k.expected, k.example, (v, p) =>
    typeof v === "boolean"
      ? undefined
      : {
          ...issue(p, v, k),
          fix: `use ${v === 0 || v === "false" || v === "no" ? "false" : "true"} or false`,
        },
  );
}

/**
 * An array whose elements are all of one kind.
 *
 * @internal
 */
export function arrayOf<T>(element: Kind<T>, what?: string): Kind<T[]> {
  const expected = what ? article(what) : `an array of ${plural(element.expected)}`;
  const example = `[${element.example}]`;
  return kind(expected, example, (v, p) => {
    if (!Array.isArray(v)) {
      const wrapped = v !== null && v !== undefined && element.test(v, p) === undefined;
      return {
        path: p,
        value: v,
        expected,
        example,
        ...(wrapped ? { fix: `wrap it in an array: [${formatValue(v)}]` } : {}),
      };
    }
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (item === undefined || item === null)
        return { ...issue(`${p}[${i}]`, item, element), got: String(item) };
      const problem = element.test(item, `${p}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  });
}

function plural(expected: string): string {
  if (!/^an? /.test(expected)) return `values, each ${expected}`;
  const phrase = expected.replace(/^an? /, "");
  return /(s|x|sh|ch)$/.test(phrase) ? `${phrase}es` : `${phrase}s`;
}

/**
 * A plain object mapping string keys to values of one kind (labels, annotations, tags).
 *
 * @internal
 */
export function record<T>(
  value: Kind<T>,
  what = "object of string keys and values",
): Kind<Record<string, T>> {
  const expected = article(what);
  const example = `{ key: ${value.example} }`;
  return kind(expected, example, (v, p) => {
    if (!isPlainObject(v)) return { path: p, value: v, expected, example };
    for (const [key, item] of Object.entries(v)) {
      const at = `${p}.${key}`;
      if (item === undefined || item === null) return issue(at, item, value);
      const problem = value.test(item, at);
      if (problem) return problem;
    }
    return undefined;
  });
}

/**
 * An object with the given shape (nested props).
 *
 * @internal
 */
export function obj<T>(shape: Shape<T>, what = "object", example = "{ ... }"): Kind<T> {
  // "an object of flow log options", "a cluster"
  const expected = /(options|ports|settings)$/.test(what) ? `an object of ${what}` : article(what);
  return kind(expected, example, (v, p) =>
    isPlainObject(v)
      ? shapeIssue(v, shape as unknown as AnyShape, p)
      : { path: p, value: v, expected, example },
  );
}

/**
 * One of the values of a string enum.
 *
 * @internal
 */
export function enumOf<E extends Record<string, string>>(e: E, name: string): Kind<E[keyof E]> {
  const entries = Object.entries(e).filter(([key]) => Number.isNaN(Number(key)));
  const expected = `one of ${entries.map(([, v]) => JSON.stringify(v)).join(", ")}`;
  const example = `${name}.${entries[0][0]}`;
  return kind(expected, example, (v, p) =>
    entries.some(([, value]) => value === v)
      ? undefined
      : {
          ...issue(p, v, { expected, example }),
          got: formatValue(v),
          fix: `use ${entries.map(([key]) => `${name}.${key}`).join(", ")} (${entries.map(([, value]) => JSON.stringify(value)).join(", ")} in JSON)`,
        },
  );
}

/**
 * One of a few literal values.
 *
 * @internal
 */
export function literal<T extends string | number>(values: readonly T[], what?: string): Kind<T> {
  const list = values.map((x) => JSON.stringify(x)).join(", ");
  const expected = what ? `${what}: one of ${list}` : `one of ${list}`;
  return kind(expected, JSON.stringify(values[0]), (v, p) =>
    values.includes(v as T)
      ? undefined
      : { ...issue(p, v, { expected, example: JSON.stringify(values[0]) }), got: formatValue(v) },
  );
}

/**
 * An object recognized by a predicate (an instance of one of the library's classes).
 *
 * @internal
 */
export function instance<T>(what: string, test: (value: unknown) => boolean, example: string): Kind<T> {
  const expected = article(what);
  return kind(expected, example, (v, p) => (test(v) ? undefined : issue(p, v, { expected, example })));
}

/**
 * A construct (anything with a construct node), e.g. the network a cluster lives in.
 *
 * @internal
 */
export function construct<T>(what: string, example: string): Kind<T> {
  return instance<T>(
    what,
    (v) => typeof v === "object" && v !== null && typeof (v as { node?: unknown }).node === "object",
    example,
  );
}

/**
 * A function.
 *
 * @internal
 */
export function func<T>(what: string, example: string): Kind<T> {
  return instance<T>(what, (v) => typeof v === "function", example);
}

/**
 * A value of either kind.
 *
 * @internal
 */
export function either<A, B>(a: Kind<A>, b: Kind<B>): Kind<A | B> {
  const expected = `${a.expected} or ${b.expected}`;
  return kind(expected, a.example, (v, p) =>
    a.test(v, p) === undefined || b.test(v, p) === undefined
      ? undefined
      : issue(p, v, { expected, example: a.example }),
  );
}

/**
 * Any value (checked elsewhere, e.g. a Kubernetes object passed through).
 *
 * @internal
 */
export function anything<T>(): Kind<T> {
  return kind("any value", "{}", () => undefined);
}

type AnyShape = Record<string, Kind<unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

function shapeIssue(value: Record<string, unknown>, shape: AnyShape, prefix: string): ShapeIssue | undefined {
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

/**
 * An IPv4 CIDR block, as a string (the syntax is checked by the construct).
 *
 * @internal
 */
export function cidrKind(): Kind<string> {
  return str("IPv4 CIDR block", '"10.0.0.0/16"');
}

/**
 * An IPv4 address, as a string.
 *
 * @internal
 */
export function ipv4Kind(): Kind<string> {
  return str("IPv4 address", '"10.0.0.10"');
}

/**
 * A list of IPv4 CIDR blocks.
 *
 * @internal
 */
export function cidrsKind(): Kind<string[]> {
  return arrayOf(cidrKind());
}

/**
 * An instance of a class (its constructor), e.g. a MachineImage from one of its factories.
 *
 * @internal
 */
export function instanceOf<T>(
  cls: { readonly name: string; readonly prototype: T },
  example: string,
): Kind<T> {
  return instance<T>(
    `${cls.name} (made with ${example.replace(/\(.*$/, "()")})`,
    (v) => typeof v === "object" && v !== null && Object.prototype.isPrototypeOf.call(cls.prototype, v),
    example,
  );
}

/**
 * Checks the id given to a construct's constructor before the construct exists (call it in
 * `super(scope, constructId(scope, id, "AwsNetwork"))`): a non-empty string. The constructs
 * library would otherwise fail with a TypeError on a number, or accept "" only for the root.
 *
 * @internal
 */
export function constructId(scope: IConstruct, id: unknown, type: string): string {
  if (typeof id === "string" && id.length > 0) return id;
  const parent = typeof scope === "object" && scope !== null && "node" in scope ? scope : undefined;
  throw new HybridMeshError({
    scope: parent,
    property: `id (of a new ${type})`,
    value: id,
    rule: "a construct id is a non-empty string, unique among the constructs of its scope",
    fix: `give a name such as ${JSON.stringify(type.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase()))}`,
  });
}
