import { Cidr, KUBE_API_PORT } from "../../core";
import { PeerDeviceModel, PeerFirewallRule, PeerRange } from "../../vpn";
import type { SiteKind } from "../context";
import { LinkSpec, OnPremSiteSpec } from "../spec/spec";
import type { SiteClients } from "./clients";
import { TopologyRanges, unique } from "./ranges";

/**
 * The two ends of a link: its GCP site and the other one.
 *
 * @internal
 */
export function linkEnds(l: LinkSpec, kinds: ReadonlyMap<string, SiteKind>): { gcp: string; other: string } {
  const gcp = kinds.get(l.between) === "gcp" ? l.between : l.and;
  return { gcp, other: gcp === l.between ? l.and : l.between };
}

/**
 * What the GCP end of a link routes to the other end, labelled by site: the GCP site's ranges
 * (nodes, pods, services, control plane), the ranges of every other site linked to it (transit),
 * and the link's `additionalRanges`. The one source of the Cloud Router's advertisements, the AWS
 * gateway's routes, the static routes and peer sheets of on-premises devices, and the analysis.
 *
 * @internal
 */
export function linkRoutes(
  ranges: TopologyRanges,
  links: readonly LinkSpec[],
  kinds: ReadonlyMap<string, SiteKind>,
  l: LinkSpec,
): PeerRange[] {
  const { gcp } = linkEnds(l, kinds);
  const own = ranges.of(gcp).routed.map((cidr) => ({ cidr, label: ranges.describe(cidr) }));
  const transit = links
    .filter((x) => x !== l && (x.between === gcp || x.and === gcp))
    .map((x) => linkEnds(x, kinds).other)
    .flatMap((site) =>
      ranges
        .of(site)
        .routed.map((cidr) => ({ cidr, label: `${ranges.describe(cidr)}, via ${gcp}`, transit: true })),
    );
  const index = links.indexOf(l);
  const additional = (l.additionalRanges ?? []).map((cidr) => ({
    cidr,
    label: `given for this link (links[${index}].additionalRanges)`,
  }));
  const seen = new Set<string>();
  return [...own, ...transit, ...additional].filter((r) => !seen.has(r.cidr) && seen.add(r.cidr));
}

/**
 * One on-premises site's VPN device and the firewall behind it, as the topology needs them: the
 * one model the peer sheets print and the analysis assumes.
 *
 * @internal
 */
export interface OnPremDevice extends Required<Omit<PeerDeviceModel, "routes">> {
  /** Site name. */
  readonly site: string;
  /** BGP ASN of the device (HA VPN links), if it speaks BGP. */
  readonly asn?: number;
  /** What it routes into each link's tunnels or accepts over BGP, by link spec. */
  readonly routes: ReadonlyMap<LinkSpec, PeerRange[]>;
}

/**
 * The device model of an on-premises site for one of its links, as PeerHaVpn and ClassicVpn take it.
 *
 * @internal
 */
export function deviceForLink(device: OnPremDevice, l: LinkSpec): PeerDeviceModel {
  return {
    routes: device.routes.get(l) ?? [],
    advertises: device.advertises,
    acceptsFrom: device.acceptsFrom,
    firewall: device.firewall,
  };
}

/**
 * The device of every on-premises site: the ranges of its links (what it routes or accepts over
 * BGP, from {@link linkRoutes}), its own ranges, what its firewall admits (`acceptsFrom`, by
 * default every other site's ranges and its links' additional ranges), and the mesh's rules (from
 * the same clients as the clouds' firewalls: {@link siteClients}), sources inside the site left out.
 *
 * @internal
 */
export function planDevices(
  onPrem: readonly OnPremSiteSpec[],
  ranges: TopologyRanges,
  links: readonly LinkSpec[],
  kinds: ReadonlyMap<string, SiteKind>,
  clients: (site: string) => SiteClients,
): Map<string, OnPremDevice> {
  const devices = new Map<string, OnPremDevice>();
  for (const s of onPrem) {
    const own = s.ranges.filter(Cidr.isCidr).map((r) => Cidr.parse(r));
    const siteLinks = links.filter((l) => l.between === s.name || l.and === s.name);
    // A range of a site the device reaches through a GCP hub is labelled with the hub.
    const hubs = siteLinks.map((l) => linkEnds(l, kinds).gcp);
    const via = (site: string | undefined) => {
      if (site === undefined || site === s.name || hubs.includes(site)) return "";
      const hub = hubs.find((h) =>
        links.some((l) => [l.between, l.and].includes(h) && [l.between, l.and].includes(site)),
      );
      return hub ? `, via ${hub}` : "";
    };
    const label = (cidr: string): PeerRange => {
      const hub = via(ranges.siteOf(cidr));
      return { cidr, label: `${ranges.describe(cidr)}${hub}`, ...(hub ? { transit: true } : {}) };
    };
    const remote = (sources: readonly string[]) =>
      sources.filter((c) => !Cidr.isCidr(c) || !own.some((r) => r.contains(Cidr.parse(c)))).map(label);
    const c = clients(s.name);
    const gatewayAt = s.cluster.gatewayAddress ?? `its load-balancer address, in ${s.ranges.join(", ")}`;
    const rules: PeerFirewallRule[] = [
      ...c.gatewayPorts.map((p) => ({
        port: p.port,
        destination: gatewayAt,
        service: `${s.cluster.name} ${p.service}`,
        sources: remote(p.sources),
      })),
      {
        port: s.cluster.apiServerPort ?? KUBE_API_PORT,
        destination: s.cluster.apiServerAddress,
        service: `${s.cluster.name} API server`,
        sources: remote(c.api),
      },
    ];
    devices.set(s.name, {
      site: s.name,
      asn: s.vpn.asn,
      advertises: s.ranges.map(label),
      acceptsFrom: (
        s.acceptsFrom ??
        unique([...ranges.defaultAcceptsFrom(s.name), ...siteLinks.flatMap((l) => l.additionalRanges ?? [])])
      ).map(label),
      firewall: rules.filter((r) => r.sources.length > 0),
      routes: new Map(siteLinks.map((l) => [l, linkRoutes(ranges, links, kinds, l)])),
    });
  }
  return devices;
}
