import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import { ExplanationCode } from "../result";
import { AwsSubnetModel, NaclRuleModel, NetworkAclModel } from "../model";

// AWS network ACLs: stateless, so a request and its answer each need a rule, and numbered: the
// first rule matching a packet decides.

/**
 * The ports a Linux client's answers come back to (net.ipv4.ip_local_port_range's default): a
 * stateless network ACL must let them through on the way back. Every mesh client here (a node,
 * a pod, istiod) runs on Linux.
 *
 * @internal
 */
export const EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

/** Part of the traffic a network ACL rule has not decided yet: addresses by ports. */
interface NaclBox {
  readonly cidr: Cidr;
  readonly lo: number;
  readonly hi: number;
}

/** `box` without the addresses of `cidr` on ports lo..hi (the two overlap). */
function naclRemainder(box: NaclBox, cidr: Cidr, lo: number, hi: number): NaclBox[] {
  const out: NaclBox[] = [];
  const inter = box.cidr.contains(cidr) ? cidr : box.cidr;
  if (box.lo < lo) out.push({ cidr: inter, lo: box.lo, hi: lo - 1 });
  if (box.hi > hi) out.push({ cidr: inter, lo: hi + 1, hi: box.hi });
  // The box's other addresses: the sibling halves on the way down to `cidr`.
  let c = box.cidr;
  while (c.prefixLength < cidr.prefixLength) {
    const half = Cidr.fromNumber(c.network, c.prefixLength + 1);
    const other = Cidr.fromNumber(c.network + half.size, c.prefixLength + 1);
    const [keep, next] = half.contains(cidr) ? [other, half] : [half, other];
    out.push({ cidr: keep, lo: box.lo, hi: box.hi });
    c = next;
  }
  return out;
}

/**
 * How a network ACL's rules (sorted by number, first match wins, a final deny) treat tcp traffic
 * with every address of `peer` and every port of lo..hi: allowed only if allow rules decide all of
 * it before any deny rule matches part of it. Returns undefined when allowed, else the deny rule
 * (or null for the final implicit deny).
 *
 * @internal
 */
export function naclDenies(
  rules: readonly NaclRuleModel[],
  peer: Cidr,
  lo: number,
  hi: number,
): NaclRuleModel | null | undefined {
  let open: NaclBox[] = [{ cidr: peer, lo, hi }];
  for (const r of rules) {
    const p = r.protocol.toLowerCase();
    const every = p === "-1" || p === "all";
    if (!every && p !== "tcp" && p !== "6") continue;
    const rlo = every ? 0 : (r.fromPort ?? 0);
    const rhi = every ? 65535 : (r.toPort ?? 65535);
    const next: NaclBox[] = [];
    for (const b of open) {
      if (rhi < b.lo || rlo > b.hi || !r.cidr.overlaps(b.cidr)) {
        next.push(b);
        continue;
      }
      if (!r.allow) return r;
      next.push(...naclRemainder(b, r.cidr, Math.max(rlo, b.lo), Math.min(rhi, b.hi)));
    }
    open = next;
    if (open.length === 0) return undefined;
  }
  return null;
}

/** Blocked when `acl` does not let tcp lo..hi through to/from every address of `peer`. */
function naclBlocked(
  acl: NetworkAclModel | undefined,
  direction: "ingress" | "egress",
  lo: number,
  hi: number,
  peer: Cidr,
  what: string,
): Blocked | undefined {
  if (!acl) return undefined;
  const rule = naclDenies(direction === "ingress" ? acl.ingress : acl.egress, peer, lo, hi);
  if (rule === undefined) return undefined;
  const ports = lo === hi ? `tcp ${lo}` : `tcp ${lo}-${hi}`;
  const traffic = direction === "ingress" ? `inbound ${ports} from ${peer}` : `outbound ${ports} to ${peer}`;
  return {
    hop: rule ? `network ACL ${acl.name}, rule ${rule.number}` : `network ACL ${acl.name}`,
    reason: rule
      ? `rule ${rule.number} denies ${traffic} (${what})`
      : `no rule allows ${traffic} (${what}); the ACL's final rule denies it`,
    fix: `allow ${traffic} in ${acl.name}, numbered below any deny rule that matches it (network ACLs are stateless: answers need ${EPHEMERAL_PORTS[0]}-${EPHEMERAL_PORTS[1]} the other way)`,
    code: ExplanationCode.NETWORK_ACL,
  };
}

/**
 * The ACL of `subnet` lets requests on `port` through, and their answers (to the ephemeral
 * ports) the other way: in from `peer` when the subnet serves them, out to `peer` when it calls.
 *
 * @internal
 */
export function naclRoundTrip(
  role: "serves" | "calls",
  subnet: AwsSubnetModel | undefined,
  peer: Cidr,
  port: number,
  what: string,
): Blocked | undefined {
  const acl = subnet?.networkAcl;
  if (!acl) return undefined;
  const [request, answer] =
    role === "serves" ? (["ingress", "egress"] as const) : (["egress", "ingress"] as const);
  const where = `subnet ${subnet!.cidr}`;
  return (
    naclBlocked(acl, request, port, port, peer, `${what}, ${where}`) ??
    naclBlocked(
      acl,
      answer,
      ...EPHEMERAL_PORTS,
      peer,
      `answers ${role === "serves" ? "of" : "to"} ${what}, ${where}`,
    )
  );
}
