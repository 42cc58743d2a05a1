import { Cidr } from "../../core";
import { memo } from "../memo";
import { AwsVpcModel, DomainModel, GcpNetworkModel, NetworkModel, OnPremNetworkModel } from "../model";
import { NetworkNames } from "../network-names";

/** A routed range in words: the range and what it is ("gke-cluster pods", "aws VPC"). */
interface NamedRange {
  readonly range: Cidr;
  readonly name: string;
  readonly domain: DomainModel;
}

/**
 * The fixes of missing routes: the range that is missing (the routed range holding the
 * destination, named) and where it belongs (the link's routed ranges, the peer's advertisements).
 *
 * @internal
 */
export class RouteFixes {
  private readonly named = new Map<string, NamedRange | null>();

  constructor(
    private readonly net: NetworkModel,
    private readonly names: NetworkNames,
  ) {}

  /** An AWS VPC has no route to `dst`: the Cloud Router of its link must advertise the range. */
  public toAws(vpc: AwsVpcModel, dst: Cidr): string {
    const r = this.rangeOf(dst);
    const aws = this.names.site(vpc);
    const gcp = this.gcpEnds(vpc);
    return `add ${this.words(r, dst)} to the VPN's routed ranges: LinkSpec.additionalRanges of ${this.linkWords(gcp, aws)}, or AwsHaVpn.gcpRanges (the Cloud Router advertises them over BGP and the route tables learn them by propagation)`;
  }

  /** An on-premises device has no route to `dst` into the VPN: the link must route the range. */
  public toSite(site: OnPremNetworkModel, dst: Cidr): string {
    const r = this.rangeOf(dst);
    const gcp = this.gcpEnds(site);
    return `add ${this.words(r, dst)} to the VPN's routed ranges: LinkSpec.additionalRanges of ${this.linkWords(gcp, site.name)} (HA VPN: the Cloud Router advertises them; Classic VPN: the peer sheet routes them)`;
  }

  /** A GCP network has no route to `dst`: the network holding it must advertise it, or be linked. */
  public toGcp(net: GcpNetworkModel, dst: Cidr): string {
    const r = this.rangeOf(dst);
    const d = r?.domain;
    const gcp = this.names.site(net);
    if (d?.kind === "on-premises") {
      const linked = this.gcpEnds(d).includes(gcp);
      return linked
        ? `make ${d.name}'s VPN device advertise ${this.words(r, dst)} over BGP (the site's advertised ranges), or route it into the tunnel with a static route (Classic VPN)`
        : `link ${gcp} and ${d.name} (a LinkSpec between them)`;
    }
    if (d?.kind === "aws") {
      const aws = this.names.site(d);
      return this.gcpEnds(d).includes(gcp)
        ? `check ${this.linkWords([gcp], aws)}: its VPN gateway advertises ${this.words(r, dst)} only when the range is the VPC's (and, with REGIONAL dynamic routing, only to the link's region)`
        : `link ${gcp} and ${aws} (a LinkSpec between them)`;
    }
    return `make the peer advertise ${this.words(r, dst)} over BGP, or add a static route to the tunnel (Classic VPN)`;
  }

  /** The routed range holding `dst` (and what it is), if a network of the model has it. */
  public rangeOf(dst: Cidr): NamedRange | undefined {
    return (
      memo(this.named, dst.toString(), () => {
        for (const d of this.net.domains.values()) {
          const hit = this.inDomain(d, dst);
          if (hit) return hit;
        }
        return null;
      }) ?? undefined
    );
  }

  private inDomain(d: DomainModel, dst: Cidr): NamedRange | undefined {
    const hit = (range: Cidr | undefined, name: string) =>
      range?.contains(dst) ? { range, name, domain: d } : undefined;
    if (d.kind === "aws") {
      for (const c of d.cidrs)
        if (c.contains(dst)) return { range: c, name: `${this.names.site(d)} VPC`, domain: d };
      return undefined;
    }
    if (d.kind === "on-premises") {
      for (const c of d.ranges) if (c.contains(dst)) return { range: c, name: `${d.name} range`, domain: d };
      return undefined;
    }
    for (const c of d.clusters) {
      const found =
        hit(c.podRange, `${c.name} pods`) ??
        hit(c.serviceRange, `${c.name} services`) ??
        hit(c.controlPlaneCidr, `${c.name} control plane`) ??
        hit(c.subnet?.cidr, `${c.name} nodes`);
      if (found) return found;
    }
    for (const s of d.subnets) {
      const found =
        hit(s.cidr, `subnet ${s.name}`) ??
        Object.entries(s.secondary)
          .map(([name, c]) => hit(c, `range ${name}`))
          .find((x) => x !== undefined);
      if (found) return found;
    }
    return undefined;
  }

  /** A range in words: "10.4.0.0/14 (gke-cluster pods)", else the destination itself. */
  private words(r: NamedRange | undefined, dst: Cidr): string {
    return r ? `${r.range} (${r.name})` : dst.toString();
  }

  /** The GCP sites linked to a network (the GCP ends of the tunnels to it). */
  private gcpEnds(d: DomainModel): string[] {
    const sites: string[] = [];
    for (const t of this.net.tunnels)
      if (t.peerDomain === d && t.network) {
        const s = this.names.site(t.network);
        if (!sites.includes(s)) sites.push(s);
      }
    return sites;
  }

  private linkWords(gcp: string[], other: string): string {
    return gcp.length
      ? gcp.map((g) => `the link between ${g} and ${other}`).join(" and ")
      : `a link between GCP and ${other}`;
  }
}
