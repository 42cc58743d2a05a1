import { Cidr } from "../../core";

/**
 * Longest-prefix match over a set of prefixes, in a few set lookups: the networks of each prefix
 * length present, longest first. Lookup results are kept per route class (the matching prefix).
 *
 * @internal
 */
export class RouteIndex<R> {
  private readonly lengths: number[];
  private readonly sizes: number[];
  private readonly networks = new Map<number, Set<number>>();
  /** Lookup results by route class (network * 64 + prefix length). */
  public readonly results = new Map<number, R>();

  constructor(prefixes: Cidr[]) {
    for (const p of prefixes) {
      let set = this.networks.get(p.prefixLength);
      if (!set) this.networks.set(p.prefixLength, (set = new Set()));
      set.add(p.network);
    }
    this.lengths = [...this.networks.keys()].sort((a, b) => b - a);
    this.sizes = this.lengths.map((l) => 2 ** (32 - l));
  }

  /** The route class of dst: the longest prefix containing it, as a number; undefined if none. */
  public classOf(dst: Cidr): number | undefined {
    for (let i = 0; i < this.lengths.length; i++) {
      const length = this.lengths[i];
      if (length > dst.prefixLength) continue;
      const size = this.sizes[i];
      const network = Math.floor(dst.network / size) * size;
      if (this.networks.get(length)!.has(network)) return network * 64 + length;
    }
    return undefined;
  }
}

/**
 * The entries whose prefix contains `dst` with the longest prefix (longest-prefix match), in one pass.
 *
 * @internal
 */
export function longestMatches<T extends { prefix: Cidr }>(
  entries: readonly T[],
  dst: Cidr,
  accept?: (e: T) => boolean,
): T[] {
  let length = -1;
  let out: T[] = [];
  for (const e of entries) {
    if (!e.prefix.contains(dst) || (accept && !accept(e))) continue;
    const l = e.prefix.prefixLength;
    if (l > length) {
      length = l;
      out = [e];
    } else if (l === length) out.push(e);
  }
  return out;
}
