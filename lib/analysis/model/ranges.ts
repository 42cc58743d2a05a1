import { Cidr } from "../../core";
import { many } from "../../core/terraform/values";

/**
 * A list of ranges, each parsed once.
 *
 * @internal
 */
export type Ranges = Cidr[];

/**
 * A range (or an address, as a /32) read from the Terraform; undefined unless literal.
 *
 * @internal
 */
export function cidrOf(text: unknown): Cidr | undefined {
  return typeof text === "string" ? Cidr.tryParse(text.includes("/") ? text : `${text}/32`) : undefined;
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
