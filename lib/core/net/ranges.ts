import { Problem } from "../errors";
import { Cidr, checkCidr, parseIpv4 } from "./ipv4";

/**
 * A special-purpose IPv4 range and why it cannot carry a network's addresses.
 *
 * @internal
 */
export interface SpecialRange {
  /** The range. */
  readonly cidr: string;
  /** What it is for (RFC 6890 and the clouds' own reservations). */
  readonly purpose: string;
}

/**
 * Ranges no cloud accepts for a VPC, subnet, secondary range or peer range (GCP rejects them for
 * subnets; AWS for VPCs): "this network" 0.0.0.0/8, loopback 127.0.0.0/8, link-local
 * 169.254.0.0/16 (VPN tunnel and BGP addresses, instance metadata), multicast 224.0.0.0/4 and
 * the limited broadcast address.
 *
 * @internal
 */
export const UNUSABLE_RANGES: readonly SpecialRange[] = Object.freeze([
  { cidr: "0.0.0.0/8", purpose: '"this network" (RFC 1122)' },
  { cidr: "127.0.0.0/8", purpose: "loopback" },
  { cidr: "169.254.0.0/16", purpose: "link-local: VPN tunnel and BGP addresses, instance metadata" },
  { cidr: "224.0.0.0/4", purpose: "multicast" },
  { cidr: "255.255.255.255/32", purpose: "limited broadcast" },
]);

/**
 * Ranges that are valid but collide with something on the hosts: 172.17.0.0/16 is Docker's
 * default bridge, which some AWS services and many nodes use. hybrid-mesh never plans a range
 * there and rejects one routed between sites.
 *
 * @internal
 */
export const AVOIDED_RANGES: readonly SpecialRange[] = Object.freeze([
  { cidr: "172.17.0.0/16", purpose: "Docker's default bridge, used on nodes and by some AWS services" },
]);

/**
 * Every range a routed range must stay clear of: {@link UNUSABLE_RANGES} and {@link AVOIDED_RANGES}.
 *
 * @internal
 */
export const RESERVED_RANGES: readonly string[] = Object.freeze(
  [...UNUSABLE_RANGES, ...AVOIDED_RANGES].map((r) => r.cidr),
);

/**
 * Checks that a range routed between sites (a VPC, subnet, pod or service range, a peer's LAN)
 * overlaps none of the {@link RESERVED_RANGES}.
 *
 * @param what what the range is, for the rule ("a GCP subnet range")
 *
 * @internal
 */
export function checkRoutableRange(cidr: string, what = "a routed range"): Problem | undefined {
  const syntax = checkCidr(cidr);
  if (syntax) return syntax;
  const block = Cidr.parse(cidr);
  const hit = [...UNUSABLE_RANGES, ...AVOIDED_RANGES].find((r) => block.overlaps(Cidr.parse(r.cidr)));
  if (!hit) return undefined;
  return {
    rule: `${what} must not overlap ${hit.cidr} (${hit.purpose})`,
    fix: "use a range of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 outside 172.17.0.0/16",
  };
}

/**
 * A check of a range allowed in (an API, a firewall, a load balancer): a CIDR, and never the whole
 * internet (`open` is the problem reported for a /0).
 *
 * @internal
 */
export function checkNotOpenRange(open: Problem): (cidr: string) => Problem | undefined {
  return (c) => checkCidr(c) ?? (c.endsWith("/0") ? open : undefined);
}

/**
 * Checks the public address of a VPN peer (a device on premises, a gateway in another cloud): a
 * unicast address outside the special-purpose ranges (not 0.0.0.0, loopback, link-local,
 * multicast or broadcast), which IPsec can reach.
 *
 * @internal
 */
export function checkPeerAddress(address: string): Problem | undefined {
  const value = parseIpv4(address);
  if (value === undefined) {
    return {
      rule: "a VPN peer address is an IPv4 address (four decimal numbers 0-255 separated by dots)",
      fix: 'write it as e.g. "203.0.113.10"',
    };
  }
  const hit = UNUSABLE_RANGES.find((r) => Cidr.parse(r.cidr).containsAddress(address));
  if (!hit) return undefined;
  return {
    rule: `a VPN peer address must be a unicast address the gateway can reach, not in ${hit.cidr} (${hit.purpose})`,
    fix: "give the public IPv4 address of the peer's VPN device, e.g. 203.0.113.10",
  };
}
