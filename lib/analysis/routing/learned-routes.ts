import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import { memo } from "../memo";
import {
  AdvertisementModel,
  GcpNetworkModel,
  NetworkModel,
  notCreated,
  OnPremNetworkModel,
  TunnelModel,
} from "../model";
import { ExplanationCode } from "../result";

/**
 * One AS of an AS path: its number and who speaks for it.
 *
 * @internal
 */
export interface AsHop {
  /** The ASN. */
  readonly asn: number;
  /** The speaker in words ("Cloud Router hub-router", "AWS VPN gateway <path>", "dc's VPN device"). */
  readonly who: string;
}

/**
 * A learned route: a prefix reachable over a tunnel.
 *
 * @internal
 */
export interface RouteEntry {
  /** The prefix. */
  readonly prefix: Cidr;
  /** The tunnel that carries it. */
  readonly tunnel: TunnelModel;
  /** How it was learned, in words ("BGP", "static route ..."). */
  readonly via: string;
  /**
   * Region of the Cloud Router that learned it (GCP dynamic routes).
   *
   * @default - every region
   */
  readonly region?: string;
  /**
   * Its AS path as received (BGP), the sender first.
   *
   * @default - a static route
   */
  readonly path?: readonly AsHop[];
}

/**
 * A route that would be learned but is not: its tunnel or BGP session is down, an element it needs
 * is not created, or BGP loop prevention drops it. What explains a missing route.
 *
 * @internal
 */
export interface LostRoute {
  /** The prefix. */
  readonly prefix: Cidr;
  /** The tunnel that would carry it. */
  readonly tunnel: TunnelModel;
  /**
   * Region of the Cloud Router that would learn it (GCP dynamic routes).
   *
   * @default - every region
   */
  readonly region?: string;
  /** Why it is lost. */
  readonly blocked: Blocked;
}

/** What a receiver learns, and what it would learn but does not. */
interface Learned {
  readonly routes: RouteEntry[];
  readonly lost: LostRoute[];
}

/** A prefix advertised over a BGP session with its AS path. */
interface Advert {
  readonly prefix: Cidr;
  readonly path: AsHop[];
}

/**
 * What each AWS VPN gateway, GCP network and on-premises site learns, and over which tunnel:
 * BGP advertisements (the Cloud Routers' and what they learn back) with their AS paths, static
 * routes and peer sheets; and what each would learn but does not (a session down, an element not
 * created, an AS-path loop). Built once per network, on first use.
 *
 * A Cloud Router's advertisement of a range it learned from another site (transit through the GCP
 * hub) carries that site's AS path after the router's own ASN, as re-advertised transit routes do;
 * a receiver drops a route whose path holds its own ASN.
 *
 * @internal
 */
export class LearnedRoutes {
  private readonly advertisedByTunnel = new Map<TunnelModel, Advert[]>();
  private readonly learnedByTunnel = new Map<TunnelModel, Advert[]>();
  private byGateway?: Map<string, Learned>;
  private readonly byNetwork = new Map<GcpNetworkModel, Learned>();
  private readonly bySite = new Map<OnPremNetworkModel, Learned>();
  private readonly advertisedBy = new Map<AdvertisementModel, Map<object, Advert[]>>();
  private readonly origins = new Map<GcpNetworkModel, Map<number, AsHop[]>>();
  private readonly bgpRoutes = new Map<GcpNetworkModel, RouteEntry[]>();

  constructor(private readonly net: NetworkModel) {}

  /** What an AWS VPN gateway (virtual private or transit) learns from its VPN connections. */
  public gatewayRoutes(gateway: string): RouteEntry[] {
    return this.gateways().get(gateway)?.routes ?? [];
  }

  /** What an AWS VPN gateway would learn but does not. */
  public lostGatewayRoutes(gateway: string): LostRoute[] {
    return this.gateways().get(gateway)?.lost ?? [];
  }

  /** The static and BGP-learned routes of a GCP network. */
  public networkRoutes(net: GcpNetworkModel): RouteEntry[] {
    return this.network(net).routes;
  }

  /** The routes a GCP network would learn but does not. */
  public lostNetworkRoutes(net: GcpNetworkModel): LostRoute[] {
    return this.network(net).lost;
  }

  /** What an on-premises site routes into its tunnels: the Cloud Router's advertisements, or its peer sheet. */
  public siteRoutes(site: OnPremNetworkModel): RouteEntry[] {
    return this.site(site).routes;
  }

  /** What an on-premises site would route into its tunnels but does not. */
  public lostSiteRoutes(site: OnPremNetworkModel): LostRoute[] {
    return this.site(site).lost;
  }

  private gateways(): Map<string, Learned> {
    if (!this.byGateway) {
      this.byGateway = new Map();
      for (const t of this.net.tunnels) {
        const conn = t.peer?.connection;
        if (!conn?.gateway) continue;
        let into = this.byGateway.get(conn.gateway.key);
        if (!into) this.byGateway.set(conn.gateway.key, (into = { routes: [], lost: [] }));
        if (conn.staticRoutesOnly) {
          for (const prefix of conn.staticRoutes)
            if (t.down) into.lost.push({ prefix, tunnel: t, blocked: t.down });
            else into.routes.push({ prefix, tunnel: t, via: "static" });
        } else {
          const gw = conn.gatewayElement;
          const receiver = `AWS ${conn.gateway.kind === "tgw" ? "transit" : "VPN"} gateway ${gw?.path ?? conn.gateway.key}`;
          this.receive(t, this.advertised(t), conn.gatewayAsn, receiver, "BGP", into);
        }
      }
    }
    return this.byGateway;
  }

  private network(net: GcpNetworkModel): Learned {
    return memo(this.byNetwork, net, () => {
      const into: Learned = { routes: [], lost: [] };
      const tunnelsByKey = new Map(this.net.tunnels.map((t) => [t.element.key, t]));
      for (const r of net.staticRoutes) {
        const t = r.tags.length || !r.tunnel ? undefined : tunnelsByKey.get(r.tunnel);
        if (!t) continue;
        if (t.down) into.lost.push({ prefix: r.dest, tunnel: t, blocked: t.down });
        else into.routes.push({ prefix: r.dest, tunnel: t, via: `static route ${r.element.path}` });
      }
      for (const r of net.notCreated.staticRoutes) {
        const t = r.tags.length || !r.tunnel ? undefined : tunnelsByKey.get(r.tunnel);
        if (t)
          into.lost.push({
            prefix: r.dest,
            tunnel: t,
            blocked: notCreated(
              r.element,
              `static route ${r.element.path}`,
              `it would route ${r.dest} into ${t.name}`,
            ),
          });
      }
      for (const t of this.net.tunnels) {
        if (t.network !== net || !t.bgp) continue;
        const router = t.bgp.router;
        const via = `BGP route learned by ${router?.name ?? "the Cloud Router"}`;
        const region = router?.region ?? t.region;
        this.receive(
          t,
          this.learned(t),
          router?.asn,
          `Cloud Router ${router?.name ?? "?"}`,
          via,
          into,
          region,
        );
      }
      return into;
    });
  }

  private site(site: OnPremNetworkModel): Learned {
    return memo(this.bySite, site, () => {
      const into: Learned = { routes: [], lost: [] };
      for (const t of this.net.tunnels) {
        if (t.peer?.kind !== "on-premises" || t.peer.site !== site.name) continue;
        if (t.bgp) {
          this.receive(t, this.advertised(t), site.asn, `${site.name}'s VPN device`, "BGP", into);
        } else {
          for (const prefix of site.staticRoutes)
            if (t.down) into.lost.push({ prefix, tunnel: t, blocked: t.down });
            else into.routes.push({ prefix, tunnel: t, via: "static route (peer sheet)" });
        }
      }
      return into;
    });
  }

  /**
   * What a receiver (of ASN `asn`) does with adverts over tunnel t's BGP session: learns them,
   * or loses them all (the tunnel or session down), or the one whose AS path holds its own ASN.
   */
  private receive(
    t: TunnelModel,
    adverts: Advert[],
    asn: number | undefined,
    receiver: string,
    via: string,
    into: Learned,
    region?: string,
  ): void {
    const down = t.down ?? t.bgp?.down;
    for (const a of adverts) {
      const looped = asn === undefined ? undefined : a.path.find((h) => h.asn === asn);
      const blocked = down ?? (looped ? this.loop(a, receiver, asn!, looped) : undefined);
      if (blocked) into.lost.push({ prefix: a.prefix, tunnel: t, region, blocked });
      else into.routes.push({ prefix: a.prefix, tunnel: t, via, region, path: a.path });
    }
  }

  /** The loop a receiver's own ASN in an AS path makes. */
  private loop(a: Advert, receiver: string, asn: number, same: AsHop): Blocked {
    return {
      hop: `${receiver} (ASN ${asn}), route ${a.prefix}`,
      reason: `the route's AS path ${a.path.map((h) => h.asn).join(" ")} holds the receiver's own ASN ${asn} (${same.who} uses it too): BGP loop prevention drops it`,
      fix: `give ${receiver} and ${same.who} different ASNs: every BGP speaker of the topology needs its own`,
      code: ExplanationCode.AS_PATH_LOOP,
    };
  }

  /** What GCP advertises over a tunnel's BGP session, with AS paths. */
  private advertised(t: TunnelModel): Advert[] {
    return memo(this.advertisedByTunnel, t, () => {
      if (!t.bgp || !t.network) return [];
      const router = t.bgp.router;
      const adv = t.bgp.advertisement ?? router?.advertisement;
      if (!adv) return [];
      // The sessions of one router (and advertisement) advertise the same: computed once.
      let byRouter = this.advertisedBy.get(adv);
      if (!byRouter) this.advertisedBy.set(adv, (byRouter = new Map()));
      const network = t.network;
      return memo(byRouter, router ?? t, () => {
        const own: AsHop[] =
          router?.asn !== undefined ? [{ asn: router.asn, who: `Cloud Router ${router.name}` }] : [];
        const out: Advert[] = [];
        if (adv.mode === "DEFAULT" || adv.groups.includes("ALL_SUBNETS")) {
          const region = router?.region ?? t.region;
          for (const s of network.subnets) {
            if (network.routingMode === "REGIONAL" && region && s.region && s.region !== region) continue;
            if (s.cidr) out.push({ prefix: s.cidr, path: own });
            for (const c of Object.values(s.secondary)) out.push({ prefix: c, path: own });
          }
        }
        if (adv.mode === "CUSTOM")
          for (const prefix of adv.ranges) {
            const origin = this.origin(network, prefix);
            out.push({ prefix, path: origin.length ? [...own, ...origin] : own });
          }
        return out;
      });
    });
  }

  /**
   * The AS path a GCP network learned a range with (transit): the ASes of the BGP routes it learned
   * that overlap the range; none for its own ranges.
   */
  private origin(net: GcpNetworkModel, prefix: Cidr): AsHop[] {
    let byRange = this.origins.get(net);
    if (!byRange) {
      this.origins.set(net, (byRange = new Map()));
      this.bgpRoutes.set(
        net,
        this.networkRoutes(net).filter((r) => r.path && r.path.length > 0),
      );
    }
    const routes = this.bgpRoutes.get(net)!;
    return memo(byRange, prefix.network * 64 + prefix.prefixLength, () => {
      const hops: AsHop[] = [];
      for (const r of routes) {
        if (!r.prefix.overlaps(prefix)) continue;
        for (const h of r.path!) if (!hops.some((x) => x.asn === h.asn)) hops.push(h);
      }
      return hops;
    });
  }

  /** What GCP would learn over a tunnel's BGP session: the peer's ranges, with its ASN. */
  private learned(t: TunnelModel): Advert[] {
    return memo(this.learnedByTunnel, t, () => {
      if (!t.bgp || !t.peer || !t.peerDomain) return [];
      if (t.peer.kind === "on-premises") {
        const d = t.peerDomain as OnPremNetworkModel;
        const path = d.asn !== undefined ? [{ asn: d.asn, who: `${d.name}'s VPN device` }] : [];
        return d.advertises.map((prefix) => ({ prefix, path }));
      }
      const conn = t.peer.connection;
      if (!conn || conn.staticRoutesOnly || !conn.gateway) return [];
      const who = `AWS ${conn.gateway.kind === "tgw" ? "transit" : "VPN"} gateway ${conn.gatewayElement?.path ?? conn.gateway.key}`;
      const path = conn.gatewayAsn !== undefined ? [{ asn: conn.gatewayAsn, who }] : [];
      const vpcs =
        conn.gateway.kind === "vgw"
          ? [t.peerDomain]
          : (this.net.transitGateways.get(conn.gateway.key)?.vpcs ?? []).map((id) =>
              this.net.domains.get(id),
            );
      return vpcs.flatMap((v) => (v?.kind === "aws" ? v.cidrs.map((prefix) => ({ prefix, path })) : []));
    });
  }
}
