import { SlaTier } from "../../core";
import { AnalysisOptions } from "../input";
import { DomainModel, NetworkModel, TunnelModel } from "../model";
import { NetworkNames } from "../network-names";
import { Finding, LinkResult } from "../result";

/**
 * The VPN links as deployed, with the availability tier each reaches (99.99% needs HA VPN, both
 * interfaces, BGP on every tunnel); a finding for each link below it.
 *
 * @internal
 */
export function checkLinks(
  net: NetworkModel,
  names: NetworkNames,
  options: Required<AnalysisOptions>,
  findings: Finding[],
): LinkResult[] {
  const byLink = new Map<string, TunnelModel[]>();
  for (const t of net.tunnels) byLink.set(t.link, [...(byLink.get(t.link) ?? []), t]);
  const result: LinkResult[] = [];
  for (const [link, tunnels] of [...byLink.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ha = tunnels.every((t) => t.gateway.kind === "ha");
    const interfaces = [...new Set(tunnels.map((t) => t.gateway.interface ?? 0))].sort();
    const bgp = tunnels.filter((t) => t.bgp?.enabled).length;
    const sla =
      ha && interfaces.includes(0) && interfaces.includes(1) && bgp === tunnels.length
        ? SlaTier.HA_9999
        : SlaTier.SINGLE_999;
    const ends = [
      names.site(
        tunnels[0].network ?? ({ kind: "on-premises", id: "?", name: "?" } as unknown as DomainModel),
      ),
      tunnels[0].peerDomain ? names.site(tunnels[0].peerDomain) : "an unknown peer",
    ];
    result.push({
      link,
      between: ends.join(" <-> "),
      tunnels: tunnels.length,
      bgpSessions: bgp,
      gcpInterfaces: ha ? interfaces : [],
      sla,
    });
    if (sla !== SlaTier.HA_9999 && options.singleFailures !== "off") {
      findings.push({
        level: options.singleFailures,
        check: "sla",
        subject: `link ${ends.join(" <-> ")}`,
        hop: link,
        rule: ha
          ? `the link reaches ${sla} only: its ${tunnels.length} tunnel(s) use HA VPN interface ${interfaces.join(", ")} only${bgp < tunnels.length ? ", some without BGP" : ""}`
          : `the link reaches ${sla} only: Classic VPN, one gateway, static routes`,
        fix: ha
          ? "use 4 tunnels (both HA VPN interfaces) with BGP on each"
          : "use HA VPN with BGP (give the site's VPN device an ASN and two addresses)",
      });
    }
  }
  return result;
}
