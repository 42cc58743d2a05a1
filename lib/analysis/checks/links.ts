import { FindingLevel, SlaTier } from "../../core";
import { AnalysisOptions } from "../input";
import { NetworkModel, TunnelModel } from "../model";
import { NetworkNames } from "../network-names";
import { ExplanationCode, Finding, LinkResult } from "../result";

/** The peer end of a tunnel, as a device address: two tunnels to one address share its failure. */
function peerAddress(t: TunnelModel): string | undefined {
  if (!t.peer) return undefined;
  if (t.peer.kind === "aws") return `${t.peer.connection?.element.key}:${t.peer.tunnel}`;
  return t.peer.address ?? (t.peer.interface !== undefined ? `interface ${t.peer.interface}` : "device");
}

/**
 * The VPN links as deployed, with the availability tier each reaches (99.99% needs HA VPN, both
 * interfaces, two distinct peer addresses (or an internally redundant peer), and a BGP session that
 * can come up on every tunnel); a finding for each link below it, and one for each BGP session
 * that cannot come up (its two ends' inside addresses or ASNs do not match).
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
  // The tunnels Terraform creates (one it does not is no part of the link).
  for (const t of net.tunnels)
    if (t.element.presence === "present") byLink.set(t.link, [...(byLink.get(t.link) ?? []), t]);
  const result: LinkResult[] = [];
  for (const [link, tunnels] of [...byLink.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ends = [
      names.site(tunnels[0].network),
      tunnels[0].peerDomain ? names.site(tunnels[0].peerDomain) : "an unknown peer",
    ];
    for (const t of tunnels) {
      const b = t.bgp;
      if (!t.down && b?.enabled && b.down?.code === ExplanationCode.BGP_SESSION_DOWN) {
        findings.push({
          level: FindingLevel.ERROR,
          code: ExplanationCode.BGP_SESSION_DOWN,
          check: "bgp",
          subject: `link ${ends.join(" <-> ")}`,
          hop: b.ends,
          rule: b.down.reason,
          fix: b.down.fix,
        });
      }
    }
    const up = tunnels.filter((t) => !t.down);
    const ha = tunnels.every((t) => t.gateway.kind === "ha");
    const interfaces = [...new Set(up.map((t) => t.gateway.interface ?? 0))].sort();
    const bgp = up.filter((t) => t.bgp && !t.bgp.down).length;
    const addresses = [...new Set(up.map(peerAddress))];
    const internallyRedundant = up.some((t) => t.peer?.redundancyType === "SINGLE_IP_INTERNALLY_REDUNDANT");
    const twoDevices = addresses.length >= 2 || internallyRedundant;
    const sla =
      ha && interfaces.includes(0) && interfaces.includes(1) && bgp === tunnels.length && twoDevices
        ? SlaTier.HA_9999
        : SlaTier.SINGLE_999;
    result.push({
      link,
      between: ends.join(" <-> "),
      tunnels: tunnels.length,
      bgpSessions: bgp,
      gcpInterfaces: ha ? interfaces : [],
      sla,
    });
    if (sla !== SlaTier.HA_9999 && options.singleFailures !== "off") {
      const shortfalls: string[] = [];
      const fixes: string[] = [];
      if (!ha) {
        shortfalls.push("Classic VPN, one gateway, static routes");
        fixes.push("use HA VPN with BGP (give the site's VPN device an ASN and two addresses)");
      } else {
        if (!(interfaces.includes(0) && interfaces.includes(1))) {
          shortfalls.push(
            `its ${up.length} tunnel(s) use HA VPN interface ${interfaces.join(", ") || "none"} only`,
          );
          fixes.push("use 4 tunnels (both HA VPN interfaces) with BGP on each");
        }
        if (up.length < tunnels.length) {
          shortfalls.push(
            `${tunnels.length - up.length} tunnel(s) cannot carry traffic (${tunnels.find((t) => t.down)!.down!.hop})`,
          );
          fixes.push("create every element the tunnels need");
        }
        if (bgp < tunnels.length) {
          shortfalls.push(
            `${tunnels.length - bgp} of ${tunnels.length} tunnel(s) without a BGP session that can come up`,
          );
          fixes.push("give every tunnel a BGP session whose two ends match (inside /30, ASNs), enabled");
        }
        if (!twoDevices && up.length > 0) {
          shortfalls.push(
            `its tunnels end at one peer address (${up[0].peer?.kind === "aws" ? `AWS tunnel ${up[0].peer.tunnel}` : (up[0].peer?.address ?? "one device")}): one device, whose loss takes every tunnel down`,
          );
          fixes.push(
            "give the peer two distinct addresses (one per external gateway interface), on two devices if possible",
          );
        }
      }
      findings.push({
        level: options.singleFailures,
        code: ExplanationCode.LINK_SLA,
        check: "sla",
        subject: `link ${ends.join(" <-> ")}`,
        hop: link,
        rule: `the link reaches ${sla} only: ${shortfalls.join("; ")}`,
        fix: [...new Set(fixes)].join("; "),
      });
    }
  }
  return result;
}
