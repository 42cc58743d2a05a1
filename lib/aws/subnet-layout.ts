// The subnet layout of an AWS network: which range each public and private subnet gets, and
// which zones hold a NAT gateway. Pure computation on literal ranges: no construct, no
// Terraform; AwsNetwork validates the props, then builds the VPC from the layout.
import { allocateCidrs, Cidr, findOverlaps, HybridMeshError, Problem } from "../core";

/** How private subnets reach the internet. */
export enum NatGatewayMode {
  /**
   * One NAT gateway per availability zone, each private subnet routed to the one in its own zone:
   * losing a zone does not cut the others off (and no cross-zone data charges).
   */
  ONE_PER_AZ = "one-per-az",
  /** One NAT gateway, in the first zone, for every private subnet: cheaper, but a single point of failure. */
  SINGLE = "single",
  /**
   * No NAT gateway: private subnets have no route to the internet. Instances then need VPC
   * endpoints, a proxy or a route over the VPN to fetch packages and images.
   */
  NONE = "none",
}

/**
 * One tier of subnets (public or private), one subnet per zone: the ranges given, or the prefix
 * length to carve them from the VPC range with.
 *
 * @internal
 */
export interface SubnetTier {
  /** Prefix length of each subnet (already checked against the VPC range). */
  readonly prefixLength: number;
  /** The ranges given, one per zone in zone order (already checked to lie in the VPC range). */
  readonly cidrs?: readonly string[];
}

/** What a subnet layout is computed from. @internal */
export interface SubnetLayoutRequest {
  /** The VPC range (a literal, already checked). */
  readonly vpcCidr: string;
  /** Availability zones, in order (tokens when looked up at plan time). */
  readonly zones: string[];
  /** How private subnets reach the internet. */
  readonly natGateways: NatGatewayMode;
  /** The public subnets; undefined when the network has none. */
  readonly publicSubnets: SubnetTier | undefined;
  /** The private subnets. */
  readonly privateSubnets: SubnetTier;
}

/** Where the subnets of a VPC go, zone by zone. @internal */
export interface SubnetLayout {
  /** Availability zones, in order. */
  readonly zones: string[];
  /** How private subnets reach the internet. */
  readonly natGateways: NatGatewayMode;
  /** Public subnet ranges, one per zone in zone order (none without public subnets). */
  readonly publicCidrs: readonly string[];
  /** Private subnet ranges, one per zone in zone order. */
  readonly privateCidrs: readonly string[];
  /** Indexes of the zones whose public subnet holds a NAT gateway: every zone, the first, or none. */
  readonly natGatewayZones: readonly number[];
}

/** Why no subnet layout can be made: the property to blame, its value, the problem. @internal */
export interface SubnetLayoutProblem {
  /** The property, e.g. "cidr" or "privateSubnetCidrs[1]". */
  readonly property: string;
  /** Its value. */
  readonly value: string;
  /** What is wrong, and the fix. */
  readonly problem: Problem;
}

/**
 * The default prefix length of every subnet: the VPC range split evenly between all the
 * subnets of every tier (a /19 each for a /16, 3 zones and 2 tiers), never shorter than /16.
 *
 * @internal
 */
export function defaultSubnetPrefixLength(vpcCidr: string, zoneCount: number, tierCount: number): number {
  const even = Cidr.parse(vpcCidr).prefixLength + Math.ceil(Math.log2(zoneCount * tierCount));
  return Math.max(even, 16);
}

/**
 * Lays out the subnets of a VPC: the tiers without given ranges are packed into the VPC range
 * around the given ones, largest subnets first (public before private at equal size), so that
 * the same props always give the same ranges.
 *
 * @returns the layout, or the problem when the subnets do not fit or overlap
 * @internal
 */
export function layoutSubnets(request: SubnetLayoutRequest): SubnetLayout | SubnetLayoutProblem {
  const n = request.zones.length;
  const tiers: { name: "public" | "private"; tier: SubnetTier }[] = [];
  if (request.publicSubnets) tiers.push({ name: "public", tier: request.publicSubnets });
  tiers.push({ name: "private", tier: request.privateSubnets });

  const toPack = tiers.filter((t) => !t.tier.cidrs);
  const order = [...toPack].sort((a, b) => a.tier.prefixLength - b.tier.prefixLength);
  const lengths = order.flatMap((t) => Array.from({ length: n }, () => t.tier.prefixLength));
  let packed: Cidr[];
  try {
    packed = allocateCidrs(
      Cidr.parse(request.vpcCidr),
      lengths,
      tiers.flatMap((t) => t.tier.cidrs ?? []),
    );
  } catch (e) {
    if (!HybridMeshError.isHybridMeshError(e)) throw e;
    return {
      property: "cidr",
      value: request.vpcCidr,
      problem: {
        rule: `${request.vpcCidr} is too small for ${n} public and ${n} private subnets (${tiers.map((t) => `/${t.tier.prefixLength}`).join(" and ")})`,
        fix: "use a larger VPC range, fewer zones, or longer subnet prefixes",
      },
    };
  }
  const result: Record<"public" | "private", readonly string[]> = { public: [], private: [] };
  order.forEach((t, i) => (result[t.name] = packed.slice(i * n, (i + 1) * n).map(String)));
  for (const t of tiers) if (t.tier.cidrs) result[t.name] = t.tier.cidrs;

  const all = [
    ...result.public.map((cidr, i) => ({ name: `publicSubnetCidrs[${i}]`, cidr })),
    ...result.private.map((cidr, i) => ({ name: `privateSubnetCidrs[${i}]`, cidr })),
  ];
  const overlaps = findOverlaps(all);
  if (overlaps.length > 0) {
    const o = overlaps[0];
    return {
      property: o.b.name,
      value: o.b.cidr.toString(),
      problem: {
        rule: `subnets must not overlap, and it overlaps ${o.a.name} (${o.a.cidr.toString()})`,
        fix: "give disjoint ranges",
      },
    };
  }
  return {
    zones: request.zones,
    natGateways: request.natGateways,
    publicCidrs: result.public,
    privateCidrs: result.private,
    natGatewayZones: natGatewayZones(request.natGateways, result.public.length),
  };
}

/** Whether a layout computation failed. @internal */
export function isSubnetLayoutProblem(
  result: SubnetLayout | SubnetLayoutProblem,
): result is SubnetLayoutProblem {
  return "problem" in result;
}

/** The zones whose public subnet holds a NAT gateway. */
function natGatewayZones(mode: NatGatewayMode, publicSubnets: number): number[] {
  switch (mode) {
    case NatGatewayMode.ONE_PER_AZ:
      return Array.from({ length: publicSubnets }, (_, i) => i);
    case NatGatewayMode.SINGLE:
      return publicSubnets > 0 ? [0] : [];
    default:
      return [];
  }
}
