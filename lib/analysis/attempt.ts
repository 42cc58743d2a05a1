import { Blocked } from "./blocked";
import { Target } from "./endpoints";
import { memo } from "./memo";
import { Crossing, Walker, WalkResult } from "./routing/walk";
import { Source } from "./sources";

/**
 * One source reaching one target: blocked at a hop, or reached both ways over these crossings.
 * Its hops are put into words on demand (a large topology checks tens of thousands of paths).
 *
 * @internal
 */
export class Attempt {
  /** Whether it got there and back. */
  public readonly ok: boolean;
  /** The crossings on the way there. */
  public readonly crossings: Crossing[];
  /** The crossings on the way back (to every range of the source). */
  public readonly returnCrossings: Crossing[];

  constructor(
    /** The hops of ways back in words, shared by every attempt (the same hops recur in thousands of paths). */
    private readonly returnHops: Map<string, string>,
    private readonly src: Source,
    private readonly target: Target,
    private readonly port: number,
    /** Where it is blocked, if it is. */
    public readonly blocked?: Blocked,
    private readonly fwd?: WalkResult,
    private readonly reached = false,
    private readonly back?: WalkResult,
    returnCrossings?: Crossing[],
  ) {
    this.ok = blocked === undefined;
    this.crossings = fwd?.ok ? fwd.crossings : [];
    this.returnCrossings = returnCrossings ?? (back?.ok ? back.crossings : []);
  }

  /** The hops in words, in order (forward, then "return:" hops). */
  public hops(): string[] {
    const hops = [`from ${this.src.label}`];
    if (this.fwd) hops.push(...this.fwd.hops);
    if (this.reached) hops.push(`to ${this.target.label}:${this.port}`);
    if (this.back) for (const h of this.back.hops) hops.push(memo(this.returnHops, h, () => `return: ${h}`));
    return hops;
  }
}

/**
 * Tries paths: filters at both ends, the route there and the route back.
 *
 * @internal
 */
export class Attempts {
  private readonly returnHops = new Map<string, string>();

  constructor(private readonly walker: Walker) {}

  /** One source reaching one target on a port. */
  public attempt(src: Source, target: Target, port: number): Attempt {
    const hops = this.returnHops;
    const pre = src.prelude?.() ?? src.egress(target.address, port);
    if (pre) return new Attempt(hops, src, target, port, pre);
    const fwd = this.walker.walk(src.domain, src.context, target.address, target.domain);
    if (!fwd.ok) return new Attempt(hops, src, target, port, fwd.blocked, fwd);
    for (const cidr of src.cidrs) {
      const admit = target.admit(cidr);
      if (admit) return new Attempt(hops, src, target, port, admit, fwd);
    }
    for (const cidr of src.cidrs) {
      const rp = target.returnPrelude?.(cidr);
      if (rp) return new Attempt(hops, src, target, port, rp, fwd, true);
    }
    // The way back, to every range of the source; a failure of any of them breaks the path.
    let first: WalkResult | undefined;
    let returnCrossings: Crossing[] = [];
    for (const cidr of src.cidrs) {
      const back = this.walker.walk(target.domain, target.returnContext, cidr, src.domain);
      first ??= back;
      if (!back.ok) {
        const blocked = { ...back.blocked, reason: `the answer cannot get back: ${back.blocked.reason}` };
        return new Attempt(hops, src, target, port, blocked, fwd, true, back);
      }
      returnCrossings = returnCrossings.length ? [...returnCrossings, ...back.crossings] : back.crossings;
    }
    return new Attempt(hops, src, target, port, undefined, fwd, true, first, returnCrossings);
  }
}
