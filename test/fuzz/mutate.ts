// Mutations of props, as JavaScript and JSON callers get them wrong: a value of the wrong type,
// null, a value a cloud API rejects, an array where one value belongs (and the other way round),
// a duplicate, a missing or misspelt key.
import * as fc from "fast-check";

/** Values a caller may put anywhere. */
const NASTY: unknown[] = [
  null,
  undefined,
  "",
  " ",
  0,
  -1,
  1.5,
  1e9,
  NaN,
  65536,
  true,
  false,
  "yes",
  1,
  [],
  [null],
  {},
  "0.0.0.0/8",
  "127.0.0.0/8",
  "224.0.0.0/4",
  "169.254.10.0/24",
  "172.17.0.0/16",
  "0.0.0.0/0",
  "10.0.0.1/16",
  "10.0.0.0/33",
  "10.0.0.0/8",
  "10.20.0.0/20",
  "0.0.0.0",
  "127.0.0.1",
  "203.0.113.10",
  "10.10.96.10",
  "Bad_Name!",
  "UPPER_bucket",
  "*",
  "12 34",
  "us-east-9",
  "eu-west-1z",
  "europe-west1-z",
  "x".repeat(300),
  "x-",
  "-x",
  "1abc",
  "é",
  "${var.x}",
  "https://user:pw@example.com/repo",
  64512,
  65010,
  4294967295,
  7224,
  31443,
  30000,
  "ONE_PER_AZ",
  "multi",
];

/** An arbitrary value of the kind callers pass by mistake. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: -70000, max: 5_000_000_000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...NASTY.slice(0, 40)), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY.slice(0, 20)), {
      maxKeys: 3,
    }),
  },
);

/** One change to a props object: where (an index into its paths) and what. */
export interface Mutation {
  /** Index of the path to change (modulo the number of paths). */
  readonly at: number;
  /** What to do there. */
  readonly kind: "replace" | "wrap" | "unwrap" | "duplicate" | "delete" | "typo" | "extra";
  /** The value for "replace" and "extra". */
  readonly value: unknown;
}

/** Arbitrary mutations (1 to 3 per case). */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<Mutation["kind"]>(
      "replace",
      "replace",
      "replace",
      "replace",
      "wrap",
      "unwrap",
      "duplicate",
      "delete",
      "typo",
      "extra",
    ),
    value: nastyValue,
  }),
  { minLength: 1, maxLength: 3 },
);

type Path = (string | number)[];

function isPlain(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === "object" && v !== null && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)
  );
}

/** Every path in a props object (plain objects and arrays only), the root included. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (isPlain(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.push(...pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
    }
  }
  return out;
}

function parentOf(root: any, path: Path): any {
  let node = root;
  for (const key of path.slice(0, -1)) node = node?.[key];
  return node;
}

/** Applies mutations to a copy of `props`; returns the new props (the root may be replaced). */
export function applyMutations(props: unknown, list: readonly Mutation[]): unknown {
  let root: any = props;
  for (const m of list) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length];
    const key = path[path.length - 1];
    const parent = path.length ? parentOf(root, path) : undefined;
    const current = path.length ? parent?.[key as never] : root;
    let next: unknown = current;
    switch (m.kind) {
      case "replace":
        next = m.value;
        break;
      case "wrap":
        next = [current];
        break;
      case "unwrap":
        next = Array.isArray(current) ? current[0] : current;
        break;
      case "duplicate":
        next = Array.isArray(current) && current.length ? [...current, current[0]] : current;
        break;
      case "delete":
        if (parent && !Array.isArray(parent)) {
          delete parent[key as string];
          continue;
        }
        next = undefined;
        break;
      case "typo":
        if (parent && !Array.isArray(parent) && typeof key === "string") {
          delete parent[key];
          parent[`${key.slice(0, -1)}`] = current;
          continue;
        }
        break;
      case "extra":
        if (isPlain(current) && !Array.isArray(current)) {
          (current as Record<string, unknown>).unknownProp = m.value;
          continue;
        }
        break;
    }
    if (path.length === 0) root = next;
    else if (parent !== null && typeof parent === "object") parent[key as never] = next as never;
  }
  return root;
}
