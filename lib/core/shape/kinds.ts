// The kinds of values a shape is made of: strings, numbers, arrays, records, nested objects,
// enum values, instances of the library's classes, and the network values (CIDR blocks, addresses).
import { formatValue } from "../errors";
import { AnyShape, article, isPlainObject, issue, kind, Kind, RequiredKind, Shape } from "./types";
import { shapeIssue } from "./validate";

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
