import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import { NetworkModel, notCreated, SgRuleModel } from "../model";

// AWS security groups: stateful, so only the request needs a rule; any rule of any group of the
// instance admits it.

/** Whether a security-group rule's protocol and ports cover tcp `port`. */
function portMatches(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  port: number,
): boolean {
  const p = protocol.toLowerCase();
  if (p === "-1" || p === "all") return true;
  if (p !== "tcp" && p !== "6") return false;
  if (from === undefined && to === undefined) return true;
  return (from ?? 0) <= port && port <= (to ?? 65535);
}

/**
 * Whether security groups (by key) let tcp `port` through, in or out, to or from a peer range or
 * a peer's security groups.
 *
 * @internal
 */
export function sgAdmits(
  net: NetworkModel,
  groups: string[],
  direction: "ingress" | "egress",
  port: number,
  peer: { cidr?: Cidr; groups?: string[] },
): boolean {
  for (const key of groups) {
    const sg = net.securityGroups.get(key);
    if (!sg) continue;
    for (const r of sg[direction]) {
      if (!portMatches(r.protocol, r.fromPort, r.toPort, port)) continue;
      if (r.cidr && peer.cidr && r.cidr.contains(peer.cidr)) return true;
      if (r.referencedGroup && peer.groups?.includes(r.referencedGroup)) return true;
    }
  }
  return false;
}

/** The first rule of the groups that Terraform does not (or may not) create admitting the traffic. */
function notCreatedRule(
  net: NetworkModel,
  groups: string[],
  direction: "ingress" | "egress",
  port: number,
  peer: { cidr?: Cidr; groups?: string[] },
): SgRuleModel | undefined {
  for (const key of groups) {
    const sg = net.securityGroups.get(key);
    if (!sg) continue;
    for (const r of sg.notCreated[direction]) {
      if (!portMatches(r.protocol, r.fromPort, r.toPort, port)) continue;
      if (r.cidr && peer.cidr && r.cidr.contains(peer.cidr)) return r;
      if (r.referencedGroup && peer.groups?.includes(r.referencedGroup)) return r;
    }
  }
  return undefined;
}

/**
 * What blocks traffic the security groups do not let through: a rule Terraform does not create
 * (count 0) that would have, else `otherwise`.
 *
 * @internal
 */
export function sgBlocked(
  net: NetworkModel,
  groups: string[],
  direction: "ingress" | "egress",
  port: number,
  peer: { cidr?: Cidr; groups?: string[] },
  otherwise: Blocked,
): Blocked {
  const rule = notCreatedRule(net, groups, direction, port, peer);
  return rule
    ? notCreated(
        rule.element,
        `security group rule ${rule.element.path}`,
        `it would let tcp ${port} ${direction === "ingress" ? "in" : "out"} (${otherwise.hop})`,
      )
    : otherwise;
}

/**
 * Security groups (by key) in words, for hops.
 *
 * @internal
 */
export function sgNames(net: NetworkModel, groups: string[]): string {
  return groups.map((g) => net.securityGroups.get(g)?.name ?? g).join(", ") || "none";
}
