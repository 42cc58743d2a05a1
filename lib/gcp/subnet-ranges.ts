// Sizing and checking the ranges of a subnet: how large a pod range must be for the nodes and
// pods it holds, which ranges a VPC accepts, and allocating a secondary range from a pool.
import { Construct } from "constructs";
import {
  allocateCidrs,
  check,
  checkCidr,
  checkRoutableRange,
  Cidr,
  countBetween,
  fail,
  Problem,
  requireLiteral,
} from "../core";
import type { SecondaryRangeOptions } from "./subnet";

/**
 * Prefix length of the pod range GKE gives each node for a maximum number of pods per node:
 * 8 → /28, 9-16 → /27, 17-32 → /26, 33-64 → /25, 65-110 → /24 (twice the pods, rounded up to a
 * power of two).
 *
 * @internal
 */
export function nodePodPrefix(maxPodsPerNode: number): number {
  if (maxPodsPerNode <= 8) return 28;
  if (maxPodsPerNode <= 16) return 27;
  if (maxPodsPerNode <= 32) return 26;
  if (maxPodsPerNode <= 64) return 25;
  return 24;
}

/**
 * Checks a maximum number of pods per node: 8 to 110.
 *
 * @internal
 */
export function checkMaxPodsPerNode(n: number): Problem | undefined {
  if (Number.isInteger(n) && n >= 8 && n <= 110) return undefined;
  return { rule: "GKE allows 8 to 110 pods per node", fix: "use e.g. 110 (the default) or 32" };
}

/**
 * Prefix length of a pod range that holds `maxNodes` nodes with `maxPodsPerNode` pods each: the
 * per-node block (see {@link nodePodPrefix}) times the node count rounded up to a power of two.
 *
 * @internal
 */
export function podRangePrefix(maxNodes: number, maxPodsPerNode: number): number {
  return nodePodPrefix(maxPodsPerNode) - Math.ceil(Math.log2(Math.max(1, maxNodes)));
}

/**
 * Checks a range used in a VPC: a CIDR between /min and /max, outside the special-purpose ranges GCP forbids (0.0.0.0/8, loopback, link-local, multicast) and Docker's bridge.
 *
 * @internal
 */
export function checkSubnetRange(cidr: string, min: number, max: number, what: string): Problem | undefined {
  const syntax = checkCidr(cidr);
  if (syntax) return syntax;
  const block = Cidr.parse(cidr);
  if (block.prefixLength < min || block.prefixLength > max) {
    return {
      rule: `${what} must be between /${min} and /${max}`,
      fix: `use e.g. a /${Math.min(Math.max(min, 20), max)}`,
    };
  }
  const reserved = checkRoutableRange(cidr, what);
  if (reserved) return { ...reserved, fix: "pick another range" };
  return undefined;
}

/**
 * A secondary range of a subnet (`property`: "pods" or "services"): the one given, checked, or
 * the first free /`prefix` (unless the options give another prefix length) of its pool, clear
 * of the ranges `taken`.
 *
 * @internal
 */
export function secondaryRange(
  scope: Construct,
  property: string,
  options: SecondaryRangeOptions,
  prefix: number,
  taken: string[],
): string {
  if (options.cidr !== undefined) {
    requireLiteral(
      scope,
      `${property}.cidr`,
      options.cidr,
      "it is checked against the primary range at synth",
    );
    check(scope, `${property}.cidr`, options.cidr, (c) => checkSubnetRange(c, 8, 29, `a ${property} range`));
    return options.cidr;
  }
  if (options.pool === undefined) {
    return fail(scope, `${property}.cidr`, undefined, {
      rule: `the ${property} range needs either a cidr or a pool to allocate it from`,
      fix: `give ${property}.cidr (e.g. "10.4.0.0/14") or ${property}.pool`,
    });
  }
  check(scope, `${property}.pool`, options.pool, checkCidr);
  const length = check(
    scope,
    `${property}.prefixLength`,
    options.prefixLength ?? prefix,
    countBetween(Cidr.parse(options.pool).prefixLength, 29, "a secondary range prefix length"),
  );
  try {
    return allocateCidrs(options.pool, [length], taken)[0].toString();
  } catch {
    return fail(scope, `${property}.pool`, options.pool, {
      rule: `no free /${length} is left in ${options.pool} for the ${property} range`,
      fix: "use a larger pool or give the range",
    });
  }
}
