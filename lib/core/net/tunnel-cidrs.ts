import { HybridMeshError, Problem } from "../errors";
import { checkCidr, Cidr, formatIpv4, parseIpv4 } from "./ipv4";

/**
 * 169.254.0.0/16: link-local, where VPN tunnel inside addresses and BGP sessions live (RFC 3927).
 *
 * @internal
 */
export const LINK_LOCAL_RANGE = "169.254.0.0/16";

/**
 * The /30s AWS refuses as tunnel inside CIDRs (EC2 API `VpnTunnelOptionsSpecification.TunnelInsideCidr`;
 * the AWS CDK's `RESERVED_TUNNEL_INSIDE_CIDR`). 169.254.169.252/30 holds the instance metadata service.
 *
 * @internal
 */
export const AWS_RESERVED_TUNNEL_CIDRS: readonly string[] = Object.freeze([
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252/30",
]);

/**
 * Where allocation starts in the default pool: 169.254.6.0, past the /24s that hold AWS's six
 * low reserved /30s, so that an allocated block is never mistaken for (or one typo away from) a
 * reserved one. Blocks given by users may still use 169.254.0.4 to 169.254.5.255.
 *
 * @internal
 */
export const TUNNEL_ALLOCATION_START = "169.254.6.0";

const linkLocal = Cidr.parse(LINK_LOCAL_RANGE);
const allocationStart = Cidr.parse(`${TUNNEL_ALLOCATION_START}/32`).network;
const reserved = new Set(AWS_RESERVED_TUNNEL_CIDRS.map((c) => Cidr.parse(c).network));

/**
 * Checks a tunnel inside CIDR: a /30 inside 169.254.0.0/16, aligned to 4 addresses, and not
 * one of the seven /30s AWS reserves. The same rules suit Cloud Router BGP sessions, so one
 * block works on both ends of a GCP-AWS tunnel.
 *
 * @internal
 */
export function checkTunnelInsideCidr(text: string): Problem | undefined {
  const match = typeof text === "string" ? /^(.+)\/(\d+)$/.exec(text) : null;
  if (!match || checkCidr(`${match[1]}/32`)) {
    return {
      rule: "a tunnel inside CIDR is a /30 block in 169.254.0.0/16",
      fix: 'write it as e.g. "169.254.10.0/30", or leave it out to have one allocated',
    };
  }
  if (match[2] !== "30") {
    return {
      rule: "a tunnel inside CIDR must be exactly a /30 (two usable addresses: one per side)",
      fix: `use a /30 such as "${match[1]}/30"`,
    };
  }
  const aligned = checkCidr(text);
  if (aligned) {
    return {
      rule: "a tunnel inside /30 must start on a multiple of 4 (its last octet divisible by 4)",
      fix: aligned.fix,
    };
  }
  const block = Cidr.parse(text);
  if (!linkLocal.contains(block)) {
    return {
      rule: "a tunnel inside CIDR must lie in the link-local range 169.254.0.0/16",
      fix: 'use a /30 such as "169.254.10.0/30"',
    };
  }
  if (reserved.has(block.network)) {
    return {
      rule: `AWS reserves ${AWS_RESERVED_TUNNEL_CIDRS.join(", ")} and rejects them as tunnel inside CIDRs`,
      fix: `use another /30, e.g. "${formatIpv4(nextFree(Math.max(block.network + 4, allocationStart)))}/30"`,
    };
  }
  return undefined;
}

/**
 * Whether `text` is one of the seven AWS-reserved tunnel inside /30s.
 *
 * @internal
 */
export function isAwsReservedTunnelCidr(text: string): boolean {
  return Cidr.isCidr(text) && reserved.has(Cidr.parse(text).network) && Cidr.parse(text).prefixLength === 30;
}

/** The two usable addresses of a tunnel /30. */
export interface TunnelInsideAddresses {
  /** network + 1: AWS's end (the "vgw inside address"), or the Cloud Router's end towards a non-AWS peer. */
  readonly first: string;
  /** network + 2: the customer-gateway end ("cgw inside address"), or the peer's end. */
  readonly second: string;
}

/**
 * The two usable addresses of a tunnel /30: `first` = network + 1, `second` = network + 2.
 *
 * AWS gives the first to its own end (the virtual private gateway's "vgw inside address") and the
 * second to the customer gateway; hybrid-mesh uses the same convention for every tunnel.
 *
 * @internal
 */
export function tunnelInsideAddresses(cidr: Cidr | string): TunnelInsideAddresses {
  const block = typeof cidr === "string" ? Cidr.parse(cidr, "insideCidr") : cidr;
  return { first: block.address(1), second: block.address(2) };
}

function nextFree(start: number): number {
  for (let n = start; n + 3 <= linkLocal.last; n += 4) {
    if (!reserved.has(n)) return n;
  }
  return -1;
}

/**
 * Hands out tunnel inside /30s that are unique within each of one or more scopes.
 *
 * A scope is whatever must not see the same /30 twice: an AWS virtual private gateway, a
 * transit gateway attachment's customer gateway, a Cloud Router. A tunnel between a Cloud Router
 * and an AWS gateway allocates in both scopes at once, so its /30 is free in each.
 *
 * Allocation is deterministic: the lowest free, aligned, non-reserved /30, in the order of the
 * calls, from 169.254.6.0 upwards in the default pool, or from
 * the start of the pool given.
 */
export class TunnelCidrAllocator {
  private readonly pool: Cidr;
  private readonly start: number;
  private readonly used = new Map<string, Set<number>>();

  /**
   * @param pool the block to allocate from; must lie inside 169.254.0.0/16. Default: 169.254.0.0/16, starting at 169.254.6.0
   */
  constructor(pool?: string) {
    this.pool = Cidr.parse(pool ?? LINK_LOCAL_RANGE, "pool");
    this.start = pool === undefined ? allocationStart : this.pool.first;
    if (!linkLocal.contains(this.pool) || this.pool.prefixLength > 30) {
      throw new HybridMeshError({
        property: "pool",
        value: pool,
        rule: "tunnel inside CIDRs are allocated from a block of 169.254.0.0/16 no smaller than a /30",
        fix: 'use "169.254.0.0/16" or a block inside it',
      });
    }
  }

  /**
   * Records a /30 given by the user in every scope.
   *
   * @returns a problem when the block breaks the inside-CIDR rules or is already used in one of the scopes
   */
  public claim(cidr: string, scopes: readonly string[]): Problem | undefined {
    const problem = checkTunnelInsideCidr(cidr);
    if (problem) return problem;
    const network = Cidr.parse(cidr).network;
    const clash = scopes.find((s) => this.scope(s).has(network));
    if (clash !== undefined) {
      return {
        rule: `${cidr} is already used by another tunnel of ${clash}; inside CIDRs must be unique per gateway and per router`,
        fix: `use another /30, e.g. "${formatIpv4(this.lowestFree(scopes))}/30", or leave it out to have one allocated`,
      };
    }
    scopes.forEach((s) => this.scope(s).add(network));
    return undefined;
  }

  /**
   * Allocates the lowest /30 that is free in every scope and records it in each.
   *
   * @throws HybridMeshError when the pool is exhausted
   */
  public allocate(scopes: readonly string[]): Cidr {
    const network = this.lowestFree(scopes);
    if (network < 0) {
      throw new HybridMeshError({
        property: "pool",
        value: this.pool.toString(),
        rule: `no free tunnel /30 is left in ${this.pool.toString()} for ${scopes.join(", ")}`,
        fix: "use a larger pool or fewer tunnels per gateway",
      });
    }
    scopes.forEach((s) => this.scope(s).add(network));
    return Cidr.fromNumber(network, 30);
  }

  /** The /30s recorded in a scope, in address order. */
  public allocated(scope: string): Cidr[] {
    return [...this.scope(scope)].sort((a, b) => a - b).map((n) => Cidr.fromNumber(n, 30));
  }

  private scope(name: string): Set<number> {
    let set = this.used.get(name);
    if (!set) {
      set = new Set();
      this.used.set(name, set);
    }
    return set;
  }

  private lowestFree(scopes: readonly string[]): number {
    const sets = scopes.map((s) => this.scope(s));
    for (let n = this.start; n + 3 <= this.pool.last; n += 4) {
      if (!reserved.has(n) && !sets.some((set) => set.has(n))) return n;
    }
    return -1;
  }
}

/** An address with its prefix, as a router interface's ip_range writes it ("169.254.6.2/30"). @internal */
export interface InterfaceRange {
  /** The address. */
  readonly address: number;
  /** The prefix length. */
  readonly prefixLength: number;
  /** The network the address is in. */
  readonly network: number;
}

/**
 * An interface address with its prefix ("169.254.6.2/30"): the address, the prefix and the network;
 * undefined when the text is not one.
 *
 * @internal
 */
export function interfaceRange(text: unknown): InterfaceRange | undefined {
  if (typeof text !== "string") return undefined;
  const [ip, len] = text.split("/");
  const address = parseIpv4(ip);
  const prefixLength = Number(len);
  if (address === undefined || !/^\d+$/.test(len ?? "") || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  return { address, prefixLength, network: Math.floor(address / size) * size };
}
