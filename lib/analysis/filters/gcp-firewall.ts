import { Cidr } from "../../core";
import { GcpFirewallModel, GcpNetworkModel } from "../model";

// GCP firewall rules: stateful; the matching rule of the lowest priority number decides (a deny
// before an allow of the same priority); without one, ingress is denied and egress allowed.

/** Whether a firewall rule's protocols and ports cover tcp `port`. */
function gcpPortMatches(rules: GcpFirewallModel["rules"], port: number): boolean {
  return rules.some((r) => {
    const p = r.protocol.toLowerCase();
    if (p !== "all" && p !== "tcp" && p !== "6") return false;
    if (!r.ports || r.ports.length === 0) return true;
    return r.ports.some((spec) => {
      const [a, b] = spec.split("-").map(Number);
      return b === undefined ? a === port : a <= port && port <= b;
    });
  });
}

/**
 * How a network's firewall treats tcp `port` to or from `peer` for instances with `tags`: allowed
 * or not, and by which rule (none: the implied rules).
 *
 * @internal
 */
export function gcpFirewall(
  net: GcpNetworkModel,
  direction: "INGRESS" | "EGRESS",
  tags: string[],
  peer: Cidr,
  port: number,
): { allowed: boolean; rule?: GcpFirewallModel } {
  return verdict(net.firewalls, direction, tags, peer, port);
}

/**
 * A firewall rule Terraform does not (or may not) create that would let tcp `port` through where
 * the created rules do not: what explains a block at the firewall.
 *
 * @internal
 */
export function gcpFirewallNotCreated(
  net: GcpNetworkModel,
  direction: "INGRESS" | "EGRESS",
  tags: string[],
  peer: Cidr,
  port: number,
): GcpFirewallModel | undefined {
  const missing = net.notCreated.firewalls;
  if (missing.length === 0) return undefined;
  const v = verdict([...net.firewalls, ...missing], direction, tags, peer, port);
  return v.allowed && v.rule && missing.includes(v.rule) ? v.rule : undefined;
}

/** The verdict of a list of rules. */
function verdict(
  rules: GcpFirewallModel[],
  direction: "INGRESS" | "EGRESS",
  tags: string[],
  peer: Cidr,
  port: number,
): { allowed: boolean; rule?: GcpFirewallModel } {
  const matching = rules
    .filter((f) => !f.disabled && f.direction === direction)
    .filter((f) => f.targetTags.length === 0 || f.targetTags.some((t) => tags.includes(t)))
    .filter((f) => gcpPortMatches(f.rules, port))
    .filter((f) => {
      const list = direction === "INGRESS" ? f.sourceRanges : f.destinationRanges;
      // No range: egress applies to every destination; ingress to every source unless the
      // rule names source tags or service accounts (which VPN traffic never carries).
      if (list.length === 0) return direction === "EGRESS" || !f.hasSourceTags;
      return f.action === "deny" ? list.some((r) => r.overlaps(peer)) : list.some((r) => r.contains(peer));
    })
    .sort((a, b) => a.priority - b.priority || (a.action === b.action ? 0 : a.action === "deny" ? -1 : 1));
  const first = matching[0];
  if (!first) return { allowed: direction === "EGRESS" };
  return { allowed: first.action === "allow", rule: first };
}
