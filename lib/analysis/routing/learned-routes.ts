import { Cidr } from "../../core";
import { memo } from "../memo";
import { AwsVpcModel, GcpNetworkModel, NetworkModel, OnPremNetworkModel, TunnelModel } from "../model";

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
}

/**
 * What each AWS VPN gateway, GCP network and on-premises site learns, and over which tunnel:
 * BGP advertisements (the Cloud Routers' and what they learn back), static routes and peer
 * sheets. Built once per network, on first use.
 *
 * @internal
 */
export class LearnedRoutes {
  private readonly advertisedByTunnel = new Map<TunnelModel, Cidr[]>();
  private readonly learnedByTunnel = new Map<TunnelModel, Cidr[]>();
  private byGateway?: Map<string, RouteEntry[]>;
  private readonly byNetwork = new Map<GcpNetworkModel, RouteEntry[]>();
  private readonly bySite = new Map<OnPremNetworkModel, RouteEntry[]>();
  private vpcOfVgw?: Map<string, AwsVpcModel>;

  constructor(private readonly net: NetworkModel) {}

  /** What an AWS VPN gateway (virtual private or transit) learns from its VPN connections. */
  public gatewayRoutes(gateway: string): RouteEntry[] {
    if (!this.byGateway) {
      this.byGateway = new Map();
      for (const t of this.net.tunnels) {
        const conn = t.peer?.connection;
        if (!conn?.gateway) continue;
        const list = this.byGateway.get(conn.gateway.key) ?? [];
        const prefixes = conn.staticRoutesOnly ? conn.staticRoutes : this.advertised(t);
        for (const prefix of prefixes)
          list.push({ prefix, tunnel: t, via: conn.staticRoutesOnly ? "static" : "BGP" });
        this.byGateway.set(conn.gateway.key, list);
      }
    }
    return this.byGateway.get(gateway) ?? [];
  }

  /** The static and BGP-learned routes of a GCP network. */
  public networkRoutes(net: GcpNetworkModel): RouteEntry[] {
    return memo(this.byNetwork, net, () => {
      const list: RouteEntry[] = [];
      const tunnelsByKey = new Map(this.net.tunnels.map((t) => [t.element.key, t]));
      for (const r of net.staticRoutes) {
        const t = r.tags.length || !r.tunnel ? undefined : tunnelsByKey.get(r.tunnel);
        if (t) list.push({ prefix: r.dest, tunnel: t, via: `static route ${r.element.path}` });
      }
      for (const t of this.net.tunnels) {
        if (t.network !== net || !t.bgp?.enabled) continue;
        const via = `BGP route learned by ${t.bgp.router?.name ?? "the Cloud Router"}`;
        const region = t.bgp.router?.region ?? t.region;
        for (const prefix of this.learned(t)) list.push({ prefix, tunnel: t, via, region });
      }
      return list;
    });
  }

  /** What an on-premises site routes into its tunnels: the Cloud Router's advertisements, or its peer sheet. */
  public siteRoutes(site: OnPremNetworkModel): RouteEntry[] {
    return memo(this.bySite, site, () => {
      const list: RouteEntry[] = [];
      for (const t of this.net.tunnels) {
        if (t.peer?.kind !== "on-premises" || t.peer.site !== site.name) continue;
        if (t.bgp) {
          if (t.bgp.enabled)
            for (const prefix of this.advertised(t)) list.push({ prefix, tunnel: t, via: "BGP" });
        } else {
          for (const prefix of site.staticRoutes)
            list.push({ prefix, tunnel: t, via: "static route (peer sheet)" });
        }
      }
      return list;
    });
  }

  /** What GCP advertises over a tunnel's BGP session. */
  private advertised(t: TunnelModel): Cidr[] {
    return memo(this.advertisedByTunnel, t, () => {
      if (!t.bgp?.enabled || !t.network) return [];
      const adv = t.bgp.advertisement ?? t.bgp.router?.advertisement;
      if (!adv) return [];
      const out: Cidr[] = [];
      if (adv.mode === "DEFAULT" || adv.groups.includes("ALL_SUBNETS")) {
        const region = t.bgp.router?.region ?? t.region;
        for (const s of t.network.subnets) {
          if (t.network.routingMode === "REGIONAL" && region && s.region && s.region !== region) continue;
          if (s.cidr) out.push(s.cidr);
          out.push(...Object.values(s.secondary));
        }
      }
      if (adv.mode === "CUSTOM") out.push(...adv.ranges);
      return out;
    });
  }

  /** What GCP learns over a tunnel's BGP session. */
  private learned(t: TunnelModel): Cidr[] {
    return memo(this.learnedByTunnel, t, () => {
      if (!t.bgp?.enabled || !t.peer) return [];
      if (t.peer.kind === "on-premises") {
        const d = this.net.domains.get(`on-premises:${t.peer.site}`) as OnPremNetworkModel | undefined;
        return d?.ranges ?? [];
      }
      const conn = t.peer.connection;
      if (!conn || conn.staticRoutesOnly || !conn.gateway) return [];
      if (conn.gateway.kind === "vgw") {
        if (!this.vpcOfVgw) {
          this.vpcOfVgw = new Map();
          for (const d of this.net.domains.values())
            if (d.kind === "aws") d.vgws.forEach((v) => this.vpcOfVgw!.set(v, d));
        }
        return this.vpcOfVgw.get(conn.gateway.key)?.cidrs ?? [];
      }
      const vpcs = this.net.transitGateways.get(conn.gateway.key)?.vpcs ?? [];
      return vpcs.flatMap((id) => (this.net.domains.get(id) as AwsVpcModel | undefined)?.cidrs ?? []);
    });
  }
}
