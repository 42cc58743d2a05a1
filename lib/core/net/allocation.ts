import { HybridMeshError, Problem } from "../errors";
import { checkCidr, Cidr } from "./ipv4";

function asCidr(value: Cidr | string, property: string): Cidr {
  return typeof value === "string" ? Cidr.parse(value, property) : value;
}

/**
 * Checks that `text` is a CIDR block whose prefix length is between `min` and `max`
 * (e.g. an AWS VPC: /16 to /28).
 *
 * @param what what the block is for, shown in the rule ("an AWS VPC CIDR")
 *
 * @internal
 */
export function checkCidrPrefix(text: string, min: number, max: number, what: string): Problem | undefined {
  const syntax = checkCidr(text);
  if (syntax) return syntax;
  const block = Cidr.parse(text);
  const prefix = block.prefixLength;
  if (prefix >= min && prefix <= max) return undefined;
  return {
    rule: `${what} must be between /${min} and /${max}`,
    fix:
      prefix < min
        ? `use a smaller range, e.g. "${block.networkAddress}/${min}"`
        : `use a larger range, e.g. "${block.supernet(max).toString()}"`,
  };
}

/**
 * Splits a block into `count` equal blocks, in address order.
 *
 * The prefix grows by ⌈log2 count⌉, so when `count` is not a power of two the last addresses
 * of the block stay unused (e.g. 3 blocks of 10.0.0.0/16 are the first three /18s).
 *
 * @throws HybridMeshError when `count` is not a whole number ≥ 1 or the blocks would be smaller than /32
 */
export function splitCidr(cidr: Cidr | string, count: number): Cidr[] {
  const parent = asCidr(cidr, "cidr");
  if (!Number.isInteger(count) || count < 1) {
    throw new HybridMeshError({
      property: "count",
      value: count,
      rule: "a block is split into a whole number of blocks, at least 1",
      fix: "pass e.g. 2, 3 or 4",
    });
  }
  const bits = Math.ceil(Math.log2(count));
  const prefix = parent.prefixLength + bits;
  if (prefix > 32) {
    throw new HybridMeshError({
      property: "count",
      value: count,
      rule: `${parent.toString()} has only ${parent.size} addresses and cannot be split into ${count} blocks`,
      fix: "use a larger block or fewer blocks",
    });
  }
  const size = 2 ** (32 - prefix);
  return Array.from({ length: count }, (_, i) => Cidr.fromNumber(parent.network + i * size, prefix));
}

/**
 * Packs blocks of the given prefix lengths into `cidr`, in the order given.
 *
 * Each block starts at the first address after the previous one that is aligned to its own
 * size, so every block is a valid CIDR block; a larger block after a smaller one may leave a gap.
 * Order the lengths from shortest prefix to longest to waste no space.
 *
 * @throws HybridMeshError when a length is outside [parent prefix, 32] or the blocks do not fit
 */
export function packCidrs(cidr: Cidr | string, prefixLengths: readonly number[]): Cidr[] {
  const parent = asCidr(cidr, "cidr");
  const result: Cidr[] = [];
  let cursor = parent.network;
  prefixLengths.forEach((prefix, i) => {
    if (!Number.isInteger(prefix) || prefix < parent.prefixLength || prefix > 32) {
      throw new HybridMeshError({
        property: `prefixLengths[${i}]`,
        value: prefix,
        rule: `a block packed into ${parent.toString()} has a prefix length from ${parent.prefixLength} to 32`,
        fix: `use a prefix length of at least ${parent.prefixLength}`,
      });
    }
    const size = 2 ** (32 - prefix);
    const start = Math.ceil(cursor / size) * size;
    if (start + size - 1 > parent.last) {
      const wanted = prefixLengths.map((p) => `/${p}`).join(", ");
      throw new HybridMeshError({
        property: "prefixLengths",
        value: prefixLengths,
        rule: `${wanted} do not fit in ${parent.toString()} (block ${i + 1}, a /${prefix}, starts past its end)`,
        fix: "use a larger range, fewer blocks or longer prefixes",
      });
    }
    result.push(Cidr.fromNumber(start, prefix));
    cursor = start + size;
  });
  return result;
}

/** A CIDR block with a name, for {@link findOverlaps}. */
export interface NamedCidr {
  /** What the block is, e.g. "aws-eu/vpc" or "gke/pods". */
  readonly name: string;
  /** The block. */
  readonly cidr: Cidr | string;
}

/** A named block, parsed. */
export interface ParsedNamedCidr extends NamedCidr {
  /** The block. */
  readonly cidr: Cidr;
}

/** Two named blocks that share addresses. */
export interface CidrOverlap {
  /** The block that comes first (lower address, or the enclosing block). */
  readonly a: ParsedNamedCidr;
  /** The block it overlaps with. */
  readonly b: ParsedNamedCidr;
}

/**
 * Finds every pair of blocks that overlap, by name.
 *
 * Two CIDR blocks either are disjoint or one contains the other, so after sorting by address
 * (enclosing blocks first) a stack of the blocks that enclose the current one holds exactly the
 * blocks it overlaps with: O(n log n + k) for n blocks and k overlapping pairs.
 *
 * The result is deterministic: pairs come in address order of their second block.
 */
export function findOverlaps(blocks: readonly NamedCidr[]): CidrOverlap[] {
  const parsed = blocks.map((b, index) => ({ name: b.name, cidr: asCidr(b.cidr, `${b.name}`), index }));
  parsed.sort((x, y) => x.cidr.compare(y.cidr) || x.index - y.index);
  const overlaps: CidrOverlap[] = [];
  const enclosing: typeof parsed = [];
  for (const block of parsed) {
    while (enclosing.length > 0 && enclosing[enclosing.length - 1].cidr.last < block.cidr.first) {
      enclosing.pop();
    }
    for (const outer of enclosing) {
      overlaps.push({ a: { name: outer.name, cidr: outer.cidr }, b: { name: block.name, cidr: block.cidr } });
    }
    enclosing.push(block);
  }
  return overlaps;
}

/**
 * One line per overlap: `"a" 10.0.0.0/16 overlaps "b" 10.0.1.0/24`.
 *
 * @internal
 */
export function describeOverlaps(overlaps: readonly CidrOverlap[]): string {
  return overlaps
    .map((o) => `"${o.a.name}" ${o.a.cidr.toString()} overlaps "${o.b.name}" ${o.b.cidr.toString()}`)
    .join(", ");
}

/**
 * Allocates blocks of the given prefix lengths inside `cidr`, in the order given, each at the
 * lowest aligned position that overlaps neither `taken` nor a block allocated before it
 * (first fit). Ordering the lengths from shortest prefix to longest packs without gaps.
 *
 * Runs in O(k) per block for k blocks already placed, so whole-topology plans stay fast.
 *
 * @param taken ranges already in use (given by the user, or by other sites); they may lie partly outside `cidr`
 * @throws HybridMeshError when a block does not fit
 */
export function allocateCidrs(
  cidr: Cidr | string,
  prefixLengths: readonly number[],
  taken: readonly (Cidr | string)[] = [],
): Cidr[] {
  const parent = asCidr(cidr, "cidr");
  const occupied = taken.map((t, i) => asCidr(t, `taken[${i}]`)).filter((t) => t.overlaps(parent));
  const result: Cidr[] = [];
  prefixLengths.forEach((prefix, i) => {
    if (!Number.isInteger(prefix) || prefix < parent.prefixLength || prefix > 32) {
      throw new HybridMeshError({
        property: `prefixLengths[${i}]`,
        value: prefix,
        rule: `a block allocated in ${parent.toString()} has a prefix length from ${parent.prefixLength} to 32`,
        fix: `use a prefix length of at least ${parent.prefixLength}`,
      });
    }
    const size = 2 ** (32 - prefix);
    const sorted = [...occupied, ...result].sort((a, b) => a.first - b.first);
    let start = parent.first;
    let found: number | undefined;
    for (const block of [...sorted, undefined]) {
      const gapEnd = block ? block.first - 1 : parent.last;
      const aligned = Math.ceil(start / size) * size;
      if (aligned + size - 1 <= Math.min(gapEnd, parent.last)) {
        found = aligned;
        break;
      }
      if (block) start = Math.max(start, block.last + 1);
    }
    if (found === undefined) {
      throw new HybridMeshError({
        property: "prefixLengths",
        value: prefixLengths,
        rule: `no free /${prefix} is left in ${parent.toString()} for block ${i + 1}${occupied.length ? ` (around ${occupied.map(String).join(", ")})` : ""}`,
        fix: "use a larger range, fewer blocks or longer prefixes",
      });
    }
    result.push(Cidr.fromNumber(found, prefix));
  });
  return result;
}

/**
 * The smallest list of blocks covering exactly the same addresses: blocks inside another are
 * dropped and sibling blocks (the two halves of a larger block) merged, repeatedly. Fewer
 * firewall and security-group rules for the same sources; no address added.
 */
export function summarizeCidrs(blocks: readonly (Cidr | string)[]): Cidr[] {
  let list = blocks.map((b) => asCidr(b, "blocks")).sort((a, b) => a.compare(b));
  for (;;) {
    const kept: Cidr[] = [];
    for (const c of list) {
      const last = kept[kept.length - 1];
      if (last && last.contains(c)) continue;
      kept.push(c);
    }
    const merged: Cidr[] = [];
    let changed = false;
    for (let i = 0; i < kept.length; i++) {
      const a = kept[i];
      const b = kept[i + 1];
      if (
        b &&
        a.prefixLength === b.prefixLength &&
        a.prefixLength > 0 &&
        a.supernet(a.prefixLength - 1).equals(b.supernet(b.prefixLength - 1)) &&
        !a.equals(b)
      ) {
        merged.push(a.supernet(a.prefixLength - 1));
        i++;
        changed = true;
      } else {
        merged.push(a);
      }
    }
    list = merged.sort((a, b) => a.compare(b));
    if (!changed) return list;
  }
}
