import { Cidr } from "../../core";
import { many } from "../../core/terraform/values";

/**
 * A list of ranges, each parsed once.
 *
 * @internal
 */
export type Ranges = Cidr[];

/** Parsed ranges: the same strings recur thousands of times in a large topology. */
const parsed = new Map<string, Cidr | undefined>();

/**
 * A range (or an address, as a /32) read from the Terraform; undefined unless literal.
 *
 * @internal
 */
export function cidrOf(text: unknown): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  if (parsed.has(text)) return parsed.get(text);
  const t = text.includes("/") ? text : `${text}/32`;
  const cidr = Cidr.isCidr(t) ? Cidr.parse(t) : undefined;
  if (parsed.size < 100_000) parsed.set(text, cidr);
  return cidr;
}

/**
 * The literal ranges of a list (strings, or blocks with a `range` or `cidr_block`).
 *
 * @internal
 */
export function ranges(list: unknown): Ranges {
  return many(list)
    .map((x) => cidrOf(typeof x === "object" && x !== null ? (x.range ?? x.cidr_block) : x))
    .filter((c): c is Cidr => c !== undefined);
}
