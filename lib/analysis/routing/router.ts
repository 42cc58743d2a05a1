import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import {
  AwsSubnetModel,
  AwsVpcModel,
  DomainModel,
  GcpNetworkModel,
  NetworkModel,
  OnPremNetworkModel,
  TunnelModel,
} from "../model";
import { NetworkNames } from "../network-names";
import { ExplanationCode } from "../result";
import { LearnedRoutes, LostRoute } from "./learned-routes";
import { RouteFixes } from "./route-fixes";
import { longestMatches, RouteIndex } from "./route-index";
import { RouteTables } from "./route-tables";

/** The most specific of routes that would cover dst more specifically than `than` prefix bits, if any. */
function mostSpecific<T extends { prefix: Cidr }>(
  lost: readonly T[],
  dst: Cidr,
  than: number,
): T | undefined {
  let best: T | undefined;
  for (const l of lost)
    if (
      l.prefix.prefixLength > than &&
      l.prefix.contains(dst) &&
      (!best || l.prefix.prefixLength > best.prefix.prefixLength)
    )
      best = l;
  return best;
}

/**
 * Where traffic is when a network routes it: what, besides the destination, its route depends on.
 *
 * @internal
 */
export interface Context {
  /**
   * AWS: the subnets whose route tables apply.
   *
   * @default - none
   */
  readonly subnets?: AwsSubnetModel[];
  /**
   * GCP: the region the traffic enters the VPC in.
   *
   * @default - the region of the tunnels it arrived through
   */
  readonly region?: string;
  /**
   * The tunnels the traffic arrived through (transit).
   *
   * @default - it starts in this network
   */
  readonly arrivedVia?: TunnelModel[];
}

/**
 * What a network does with traffic for an address: delivers it (local), sends it across tunnels
 * to the next network (cross), or drops it (blocked).
 *
 * @internal
 */
export type Lookup =
  | { readonly kind: "local"; readonly hop: string }
  | {
      readonly kind: "cross";
      readonly hop: string;
      readonly tunnels: TunnelModel[];
      readonly next: DomainModel;
    }
  | { readonly kind: "blocked"; readonly blocked: Blocked };

/**
 * Route lookups in each kind of network: an AWS VPC (its subnets' route tables, the VPN gateways'
 * routes), a GCP network (subnets, static and BGP-learned routes, per region) and an on-premises
 * site (its VPN device's routes).
 *
 * @internal
 */
export class Router {
  /** Route indexes by domain and context key. */
  private readonly indexes = new Map<DomainModel, Map<string, RouteIndex<Lookup>>>();
  private readonly indexByContext = new WeakMap<
    Context,
    { domain: DomainModel; index: RouteIndex<Lookup> }
  >();
  private readonly contextKeys = new WeakMap<Context, string>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly fixes: RouteFixes;

  constructor(
    private readonly net: NetworkModel,
    private readonly names: NetworkNames,
    private readonly learned: LearnedRoutes,
    private readonly routeTables: RouteTables,
  ) {
    this.fixes = new RouteFixes(net, names);
  }

  /** What network `d` does with traffic for `dst` in context `ctx`. */
  public lookup(d: DomainModel, dst: Cidr, ctx: Context): Lookup {
    // Many paths share a lookup (every source range of a site towards one gateway): memoized on
    // what the result depends on.
    // A lookup depends on dst only through the route entries containing it, which (CIDRs nest)
    // the longest of them determines: its route class. Blocked results name dst: not shared.
    const index = this.routeIndex(d, ctx);
    const routeClass = index.classOf(dst);
    let result = routeClass === undefined ? undefined : index.results.get(routeClass);
    if (!result) {
      result =
        d.kind === "aws"
          ? this.lookupAws(d, dst, ctx)
          : d.kind === "gcp"
            ? this.lookupGcp(d, dst, ctx)
            : this.lookupOnPrem(d, dst);
      if (routeClass !== undefined && result.kind !== "blocked") index.results.set(routeClass, result);
    }
    return result;
  }

  /** The prefixes a domain routes on (local ranges and routes, for a context), indexed by length. */
  private routeIndex(d: DomainModel, ctx: Context): RouteIndex<Lookup> {
    // Fast path: the index found for this context object and domain last time.
    const known = this.indexByContext.get(ctx);
    if (known && known.domain === d) return known.index;
    let byContext = this.indexes.get(d);
    if (!byContext) this.indexes.set(d, (byContext = new Map()));
    const ctxKey = this.contextKey(ctx);
    let index = byContext.get(ctxKey);
    if (!index) {
      const prefixes: (Cidr | undefined)[] = [];
      if (d.kind === "aws") {
        prefixes.push(...d.cidrs);
        for (const s of ctx.subnets ?? []) {
          const table = this.routeTables.canonical(s.routeTable);
          if (table) for (const r of this.routeTables.routes(table, d)) prefixes.push(r.prefix);
          if (table) for (const r of this.routeTables.lost(table)) prefixes.push(r.prefix);
        }
      } else if (d.kind === "gcp") {
        for (const s of d.subnets) prefixes.push(s.cidr, ...Object.values(s.secondary));
        for (const c of d.clusters) prefixes.push(c.controlPlaneCidr);
        for (const r of this.learned.networkRoutes(d)) prefixes.push(r.prefix);
        for (const r of this.learned.lostNetworkRoutes(d)) prefixes.push(r.prefix);
      } else {
        prefixes.push(...d.ranges);
        for (const r of this.learned.siteRoutes(d)) prefixes.push(r.prefix);
        for (const r of this.learned.lostSiteRoutes(d)) prefixes.push(r.prefix);
      }
      index = new RouteIndex(prefixes.filter((p): p is Cidr => p !== undefined));
      byContext.set(ctxKey, index);
    }
    this.indexByContext.set(ctx, { domain: d, index });
    return index;
  }

  /** What a context's routes depend on, as a string: contexts with the same key route alike. */
  private contextKey(ctx: Context): string {
    let key = this.contextKeys.get(ctx);
    if (key === undefined) {
      const tables = [
        ...new Set((ctx.subnets ?? []).map((s) => this.idOf(this.routeTables.canonical(s.routeTable)))),
      ];
      key = `${ctx.region ?? ""}|${tables.join(",")}|${(ctx.arrivedVia ?? []).map((t) => this.idOf(t)).join(",")}`;
      this.contextKeys.set(ctx, key);
    }
    return key;
  }

  /** A short id per model object, for cache keys. */
  private idOf(o: object | undefined): number {
    if (!o) return 0;
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  /** An AWS VPC: local, else the route tables of the source's subnets, to a VPN gateway's tunnels. */
  private lookupAws(vpc: AwsVpcModel, dst: Cidr, ctx: Context): Lookup {
    const local = vpc.cidrs.find((c) => c.contains(dst));
    if (local) return { kind: "local", hop: `${this.names.label(vpc)} (local ${local})` };
    if (ctx.arrivedVia) {
      return {
        kind: "blocked",
        blocked: {
          hop: this.names.label(vpc),
          reason: `traffic for ${dst} arrives over the VPN but an AWS VPC does not forward between VPN connections (no transitive routing)`,
          fix: "route between the sites through GCP (advertise the ranges from the Cloud Routers)",
          code: ExplanationCode.NO_TRANSIT,
        },
      };
    }
    const subnets = ctx.subnets ?? [];
    const tables = [...new Set(subnets.map((s) => this.routeTables.canonical(s.routeTable)))];
    if (tables.length === 0 || tables.includes(undefined)) {
      const s = subnets.find((x) => !x.routeTable);
      return {
        kind: "blocked",
        blocked: {
          hop: s ? `subnet ${s.element.path}` : this.names.label(vpc),
          reason: s ? "the subnet has no route table" : "no subnet of the source is known",
          fix: "associate the subnet with a route table",
          code: s ? ExplanationCode.NO_ROUTE : ExplanationCode.UNKNOWN_NETWORK,
        },
      };
    }
    let tunnels: TunnelModel[] | undefined;
    const hops: string[] = [];
    for (const table of tables as NonNullable<AwsSubnetModel["routeTable"]>[]) {
      const routes = this.routeTables.routes(table, vpc);
      const best = longestMatches(routes, dst);
      const tableLabel = this.routeTables.label(table);
      // What the table lacks: a route lost (its session down, not created) explains it first.
      const lost = () =>
        mostSpecific(this.routeTables.lost(table), dst, best.length ? best[0].prefix.prefixLength : -1);
      const fix = () =>
        table.propagations.some((p) => vpc.vgws.includes(p)) ||
        routes.some((r) => r.target === "vgw" || r.target === "tgw")
          ? this.fixes.toAws(vpc, dst)
          : `propagate the VPN gateway's routes into the route table (aws_vpn_gateway_route_propagation), and ${this.fixes.toAws(vpc, dst)}`;
      if (best.length === 0) {
        const l = lost();
        return {
          kind: "blocked",
          blocked: l?.blocked ?? {
            hop: tableLabel,
            reason: `no route to ${dst}: no static route, and no route propagated from a VPN gateway covers it`,
            fix: fix(),
            code: ExplanationCode.NO_ROUTE,
          },
        };
      }
      const top = best[0];
      if (top.target === "internet" || top.target === "nat" || top.target === "other") {
        const l = lost();
        return {
          kind: "blocked",
          blocked: l?.blocked ?? {
            hop: tableLabel,
            reason: `the route for ${dst} is ${top.prefix} via ${top.target === "other" ? "a target that is not a VPN" : `the ${top.target === "nat" ? "NAT gateway" : "internet gateway"}`}, not the VPN`,
            fix: fix(),
            code: ExplanationCode.ROUTE_TO_WRONG_TARGET,
          },
        };
      }
      const propagated = best.filter((b) => b.tunnel).map((b) => b.tunnel!);
      // A static route to a gateway: the tunnels of the gateway's connections that carry dst.
      const found = propagated.length
        ? propagated
        : longestMatches(this.learned.gatewayRoutes(top.key!), dst).map((c) => c.tunnel);
      if (found.length === 0) {
        const l = mostSpecific(this.learned.lostGatewayRoutes(top.key!), dst, -1);
        return {
          kind: "blocked",
          blocked: l?.blocked ?? {
            hop: `${top.target === "vgw" ? "VPN gateway" : "transit gateway"} ${this.net.tf.get(top.key!)?.path ?? top.key}`,
            reason: `no VPN tunnel of the gateway carries a route to ${dst}`,
            fix: `${this.fixes.toAws(vpc, dst)}; or add a static route to the VPN connection`,
            code: ExplanationCode.NO_ROUTE,
          },
        };
      }
      tunnels = [...new Set([...(tunnels ?? []), ...found])];
      hops.push(
        `${tableLabel}: ${top.prefix} -> ${top.target === "vgw" ? "VPN gateway" : "transit gateway"}${top.via === "propagated" ? " (BGP, propagated)" : ""}`,
      );
    }
    const next = tunnels![0].network;
    if (!next) {
      return {
        kind: "blocked",
        blocked: {
          hop: tunnels![0].label,
          reason: "the tunnel's GCP network is unknown",
          fix: "check the tunnel",
          code: ExplanationCode.UNKNOWN_NETWORK,
        },
      };
    }
    return { kind: "cross", hop: [...new Set(hops)].join("; "), tunnels: tunnels!, next };
  }

  /** A GCP network: its subnets, else its static and BGP-learned routes (regional or global). */
  private lookupGcp(net: GcpNetworkModel, dst: Cidr, ctx: Context): Lookup {
    for (const s of net.subnets) {
      if (s.cidr?.contains(dst))
        return { kind: "local", hop: `${this.names.label(net)}, subnet ${s.name} (${s.cidr})` };
      for (const [name, c] of Object.entries(s.secondary))
        if (c.contains(dst)) return { kind: "local", hop: `${this.names.label(net)}, range ${name} (${c})` };
    }
    for (const c of net.clusters)
      if (c.controlPlaneCidr?.contains(dst))
        return {
          kind: "local",
          hop: `${this.names.label(net)}, control plane of ${c.name} (${c.controlPlaneCidr}, VPC peering)`,
        };
    const region = ctx.region ?? ctx.arrivedVia?.[0]?.region;
    // Dynamic routes of a regional network apply in the learning router's region only.
    // Do not send traffic back into the tunnels it came from.
    const came = new Set((ctx.arrivedVia ?? []).map((t) => t.link));
    const applies = (e: { region?: string; tunnel: TunnelModel }) =>
      !(net.routingMode === "REGIONAL" && region && e.region && e.region !== region) &&
      !came.has(e.tunnel.link);
    const best = longestMatches(this.learned.networkRoutes(net), dst, applies);
    const lostRoutes = this.learned.lostNetworkRoutes(net);
    const lost = lostRoutes.length ? this.lostOverride(lostRoutes.filter(applies), dst, best) : undefined;
    if (lost) return { kind: "blocked", blocked: lost.blocked };
    if (best.length === 0) {
      return {
        kind: "blocked",
        blocked: {
          hop: `${this.names.label(net)} routes`,
          reason: `no route to ${dst}: no subnet, static route or BGP-learned route covers it${region ? ` in ${region}` : ""}`,
          fix: this.fixes.toGcp(net, dst),
          code: ExplanationCode.NO_ROUTE,
        },
      };
    }
    const next = best[0].tunnel.peerDomain;
    if (!next) {
      return {
        kind: "blocked",
        blocked: {
          hop: best[0].tunnel.label,
          reason: "the tunnel's peer network is unknown",
          fix: "check the tunnel's peer gateway",
          code: ExplanationCode.UNKNOWN_NETWORK,
        },
      };
    }
    return {
      kind: "cross",
      hop: `${this.names.label(net)}: ${best[0].prefix} via ${[...new Set(best.map((b) => b.via))].join(", ")} (${best.length} tunnel${best.length > 1 ? "s" : ""})`,
      tunnels: [...new Set(best.map((b) => b.tunnel))],
      next,
    };
  }

  /**
   * A lost route that decides where dst goes: none is learned, or it is more specific than the
   * best learned route and would lead to another network.
   */
  private lostOverride(lost: LostRoute[], dst: Cidr, best: { prefix: Cidr; tunnel: TunnelModel }[]) {
    const l = mostSpecific(lost, dst, best.length ? best[0].prefix.prefixLength : -1);
    if (!l) return undefined;
    return best.length === 0 || best[0].tunnel.peerDomain !== l.tunnel.peerDomain ? l : undefined;
  }

  /** An on-premises site: its ranges, else what its VPN device routes into the tunnels. */
  private lookupOnPrem(site: OnPremNetworkModel, dst: Cidr): Lookup {
    const local = site.ranges.find((r) => r.contains(dst));
    if (local) return { kind: "local", hop: `${this.names.label(site)} (${local})` };
    const best = longestMatches(this.learned.siteRoutes(site), dst);
    const lostRoutes = this.learned.lostSiteRoutes(site);
    const lost = lostRoutes.length ? this.lostOverride(lostRoutes, dst, best) : undefined;
    if (lost) return { kind: "blocked", blocked: lost.blocked };
    if (best.length === 0) {
      return {
        kind: "blocked",
        blocked: {
          hop: `${this.names.label(site)} VPN device`,
          reason: `no route to ${dst} into the VPN: the Cloud Router does not advertise it and the peer sheet does not list it`,
          fix: this.fixes.toSite(site, dst),
          code: ExplanationCode.NO_ROUTE,
        },
      };
    }
    return {
      kind: "cross",
      hop: `${this.names.label(site)}: ${best[0].prefix} via ${best[0].via}`,
      tunnels: [...new Set(best.map((b) => b.tunnel))],
      next: best[0].tunnel.network!,
    };
  }
}
