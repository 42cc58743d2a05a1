import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import { DomainModel, TunnelModel } from "../model";
import { NetworkNames } from "../network-names";
import { ExplanationCode } from "../result";
import { Context, Lookup, Router } from "./router";

/**
 * A crossing from one network to the next: the tunnels that carry it (all of them, when the
 * route spreads over several).
 *
 * @internal
 */
export interface Crossing {
  /** The tunnels. */
  readonly tunnels: TunnelModel[];
}

/**
 * A walk from one network to the network holding an address: its hops in words, and its
 * crossings when it got there.
 *
 * @internal
 */
export type WalkResult =
  { ok: true; hops: string[]; crossings: Crossing[] } | { ok: false; hops: string[]; blocked: Blocked };

/** A crossing, its hop in words and the context after it (made once per lookup). */
interface CrossingInfo {
  readonly crossing: Crossing;
  readonly hop: string;
  readonly context: Context;
}

/** A cross lookup with its crossing attached once computed. */
type CrossLookup = Extract<Lookup, { kind: "cross" }> & { crossing?: CrossingInfo };

/** A node of the trie of walks, keyed by their lookups. */
interface WalkNode {
  readonly next: Map<Lookup, WalkNode>;
  result?: WalkResult;
}

/**
 * Walks across networks, lookup by lookup and tunnel by tunnel, to the network holding an address.
 *
 * @internal
 */
export class Walker {
  /** Walks made of the same lookups are the same walk: kept in a trie keyed by the lookups. */
  private readonly trie: WalkNode = { next: new Map() };

  constructor(
    private readonly router: Router,
    private readonly names: NetworkNames,
  ) {}

  /** Walks from network `start` (in context `ctx`) to `end`, the network holding `dst`. */
  public walk(start: DomainModel, ctx: Context, dst: Cidr, end: DomainModel): WalkResult {
    // The lookups are shared (per route class); so is the walk made of the same lookups.
    const steps: Lookup[] = [];
    const seen: DomainModel[] = [];
    let d = start;
    let c = ctx;
    for (let i = 0; i < 6; i++) {
      if (seen.includes(d)) break;
      seen.push(d);
      const l = this.router.lookup(d, dst, c);
      steps.push(l);
      if (l.kind === "blocked") return this.result(steps, dst, d, end, l.blocked);
      if (l.kind === "local") return this.result(steps, dst, d, end);
      c = this.crossingOf(l).context;
      d = l.next;
    }
    return this.result(steps, dst, d, end, {
      hop: this.names.label(d),
      reason: `routing for ${dst} loops or exceeds 6 networks`,
      fix: "check the advertised ranges",
      code: ExplanationCode.ROUTING_LOOP,
    });
  }

  /** The crossing of a cross lookup (attached to it the first time). */
  private crossingOf(l: Extract<Lookup, { kind: "cross" }>): CrossingInfo {
    const known = (l as CrossLookup).crossing;
    if (known) return known;
    const info: CrossingInfo = {
      crossing: { tunnels: l.tunnels },
      hop: `${l.tunnels.length} tunnel${l.tunnels.length > 1 ? "s" : ""} (${l.tunnels.map((t) => t.name).join(", ")})`,
      context: { arrivedVia: l.tunnels, region: l.tunnels[0].region },
    };
    (l as CrossLookup).crossing = info;
    return info;
  }

  /** The walk made of these lookups: shared when it reached its end, made for this dst otherwise. */
  private result(
    steps: Lookup[],
    dst: Cidr,
    last: DomainModel,
    end: DomainModel,
    blocked?: Blocked,
  ): WalkResult {
    const reached = !blocked && last === end;
    let node: WalkNode | undefined;
    if (reached) {
      let at: WalkNode = this.trie;
      for (const l of steps) {
        let next: WalkNode | undefined = at.next.get(l);
        if (!next) at.next.set(l, (next = { next: new Map() }));
        at = next;
      }
      if (at.result) return at.result;
      node = at;
    }
    const hops: string[] = [];
    const crossings: Crossing[] = [];
    for (const l of steps) {
      if (l.kind === "blocked") break;
      hops.push(l.hop);
      if (l.kind === "cross") {
        const cross = this.crossingOf(l);
        crossings.push(cross.crossing);
        hops.push(cross.hop);
      }
    }
    let result: WalkResult;
    if (blocked) result = { ok: false, hops, blocked };
    else if (last !== end)
      result = {
        ok: false,
        hops,
        blocked: {
          hop: this.names.label(last),
          reason: `${dst} is inside ${this.names.label(last)} too: the ranges overlap`,
          fix: "renumber one of the sites",
          code: ExplanationCode.ADDRESS_OVERLAP,
        },
      };
    else result = { ok: true, hops, crossings };
    if (node) node.result = result;
    return result;
  }
}
