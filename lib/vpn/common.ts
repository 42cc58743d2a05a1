// What every link shares: pre-shared key rules, the plan of a tunnel, inside /30s, and the
// checks of peer ranges and addresses.
import { Construct, IConstruct } from "constructs";
import {
  checkCidr,
  checkEach,
  checkPeerAddress,
  checkRoutableRange,
  Cidr,
  describeOverlaps,
  Problem,
  fail,
  findOverlaps,
  SecretCharset,
  SecretRequirements,
  TunnelCidrAllocator,
  tunnelInsideAddresses,
  Violation,
} from "../core";

/**
 * A VPN pre-shared key that both AWS and Cloud VPN accept: 32 letters and digits, starting with a
 * letter (AWS: 8-64 characters of `[A-Za-z0-9._]`, not starting with 0; a base64 key, as Google
 * suggests generating, has `+ / =` that AWS rejects: constraints A6, A7).
 *
 * @internal
 */
export const VPN_KEY_REQUIREMENTS: SecretRequirements = Object.freeze({
  description: "VPN pre-shared key",
  length: 32,
  charset: SecretCharset.ALPHANUMERIC,
  startWithLetter: true,
  pattern: "^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$",
});

/**
 * Where a tunnel sits on the AWS side.
 */
export interface AwsTunnelPosition {
  /** The VPN connection, from 0 (A, B, C, ...). */
  readonly connection: number;
  /** The connection's tunnel: 1 or 2. */
  readonly tunnel: 1 | 2;
}

/**
 * The two inside addresses of a tunnel, without prefix.
 */
export interface InsideAddressPair {
  /** The Cloud Router's address. */
  readonly gcp: string;
  /** The peer's (AWS or on-premises) address. */
  readonly peer: string;
}

/**
 * One tunnel of a link, as planned at synth.
 */
export interface LinkTunnel {
  /** Tunnel index in the link, from 0. */
  readonly index: number;
  /** HA VPN gateway interface (0 or 1); 0 for Classic VPN. */
  readonly gcpInterface: number;
  /** Interface of the peer's external gateway the tunnel goes to. */
  readonly peerInterface: number;
  /** Inside /30 of the tunnel (BGP links), or undefined (static routing). */
  readonly insideCidr?: string;
  /** Cloud Router's address in the /30 (with the prefix, as the router interface takes it). */
  readonly gcpInsideAddress?: string;
  /** Peer's BGP address in the /30. */
  readonly peerInsideAddress?: string;
  /** For links to AWS: the VPN connection (0 = A, 1 = B, ...) and its tunnel (1 or 2). */
  readonly aws?: AwsTunnelPosition;
}

const allocators = new WeakMap<IConstruct, TunnelCidrAllocator>();

/**
 * The app-wide tunnel inside-CIDR allocator (one per app, so scopes are shared by every link).
 *
 * @internal
 */
export function tunnelAllocator(scope: IConstruct): TunnelCidrAllocator {
  const root = scope.node.root;
  let allocator = allocators.get(root);
  if (!allocator) {
    allocator = new TunnelCidrAllocator();
    allocators.set(root, allocator);
  }
  return allocator;
}

/**
 * Plans the inside /30s of `count` tunnels: the ones given (validated: /30, aligned, in
 * 169.254.0.0/16, not AWS-reserved, unique in each scope and within the link), or allocated.
 *
 * @param scopes what must not see a /30 twice (the Cloud Router, the AWS gateway, ...)
 * @returns one /30 per tunnel
 *
 * @internal
 */
export function planInsideCidrs(
  scope: Construct,
  given: readonly string[] | undefined,
  count: number,
  scopes: string[],
): Cidr[] {
  const allocator = tunnelAllocator(scope);
  if (given === undefined) return Array.from({ length: count }, () => allocator.allocate(scopes));
  if (given.length !== count) {
    fail(scope, "insideCidrs", given, {
      rule: `one inside /30 per tunnel is needed: ${count} tunnels, ${given.length} ranges`,
      fix: `give ${count} ranges, or leave insideCidrs out to have them allocated`,
    });
  }
  const seen = new Set<string>();
  checkEach(scope, "insideCidrs", given, (cidr) => {
    if (seen.has(cidr))
      return {
        rule: `${cidr} is given twice; the tunnels of a link need different inside ranges`,
        fix: "give each tunnel its own /30",
      };
    seen.add(cidr);
    return allocator.claim(cidr, scopes);
  });
  return given.map((c) => Cidr.parse(c));
}

/**
 * GCP and peer addresses of a tunnel /30: Cloud Router = first (.1) or second (.2) usable address.
 *
 * @internal
 */
export function insideAddresses(cidr: Cidr, routerGetsFirst: boolean): InsideAddressPair {
  const { first, second } = tunnelInsideAddresses(cidr);
  return routerGetsFirst ? { gcp: first, peer: second } : { gcp: second, peer: first };
}

/**
 * Checks a range routed to or from a peer over a VPN: a CIDR, not a default route (it would take
 * every packet, Google APIs included, to the peer), clear of the special-purpose ranges
 * (link-local tunnel addresses, loopback, multicast, Docker's bridge).
 *
 * @internal
 */
export function checkPeerRange(cidr: string): Problem | undefined {
  const syntax = checkCidr(cidr);
  if (syntax) return syntax;
  if (Cidr.parse(cidr).prefixLength === 0) {
    return {
      rule: "a default route over the VPN would send all traffic, including Google APIs, to the peer",
      fix: "list the peer's ranges",
    };
  }
  return checkRoutableRange(cidr, "a range routed over the VPN");
}

/**
 * Checks the public addresses of a peer's VPN device: each reachable, and no address given twice (A24).
 *
 * @internal
 */
export function checkPeerAddresses(scope: IConstruct, property: string, addresses: readonly string[]): void {
  checkEach(scope, property, addresses, checkPeerAddress);
  const seen = new Map<string, number>();
  checkEach(scope, property, addresses, (a, i) => {
    const first = seen.get(a);
    if (first !== undefined) {
      return {
        rule: `the address is given twice (also ${property}[${first}]): each interface of the peer's gateway has its own address, and one device counted twice gives no redundancy`,
        fix: "give each address once, and 1 address for a single-address device",
      };
    }
    seen.set(a, i);
    return undefined;
  });
}

/**
 * The problem of a link that routes a range twice (two ranges that overlap, on either side), for
 * `validateLater`; none when every range is unique.
 *
 * @param ranges every range routed over the link, named after its side
 * @param property the prop reported, and its value
 * @internal
 */
export function rangeOverlapProblems(
  ranges: { name: string; cidr: string }[],
  property: string,
  value: unknown,
  fix: string,
): Violation[] {
  const overlaps = findOverlaps(ranges);
  if (overlaps.length === 0) return [];
  return [
    {
      property,
      value,
      rule: `every range routed over the link must be unique, but ${describeOverlaps(overlaps)}`,
      fix,
    },
  ];
}
