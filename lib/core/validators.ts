import { Problem } from "./errors";

/**
 * An inclusive range of ASNs.
 *
 * @internal
 */
export interface AsnRange {
  /** Lowest ASN of the range. */
  readonly min: number;
  /** Highest ASN of the range. */
  readonly max: number;
}

/**
 * Private 16-bit ASNs (RFC 6996): 64512 to 65534.
 *
 * @internal
 */
export const PRIVATE_ASN_16: AsnRange = Object.freeze({ min: 64512, max: 65534 });
/**
 * Private 32-bit ASNs (RFC 6996): 4200000000 to 4294967294.
 *
 * @internal
 */
export const PRIVATE_ASN_32: AsnRange = Object.freeze({ min: 4200000000, max: 4294967294 });
/**
 * ASNs AWS reserves for customer gateways (EC2 CreateCustomerGateway docs: 7224 in every
 * region; 9059, 10124 and 17943 in some).
 *
 * @internal
 */
export const AWS_RESERVED_CGW_ASNS: readonly number[] = Object.freeze([7224, 9059, 10124, 17943]);

/**
 * Whether `asn` is a private ASN (RFC 6996), 16- or 32-bit.
 *
 * @internal
 */
export function isPrivateAsn(asn: number): boolean {
  return (
    Number.isInteger(asn) &&
    ((asn >= PRIVATE_ASN_16.min && asn <= PRIVATE_ASN_16.max) ||
      (asn >= PRIVATE_ASN_32.min && asn <= PRIVATE_ASN_32.max))
  );
}

const PRIVATE_RANGES = "64512-65534 or 4200000000-4294967294 (RFC 6996 private ASNs)";

/**
 * Checks a private ASN (RFC 6996): 64512-65534 or 4200000000-4294967294.
 *
 * @internal
 */
export function checkPrivateAsn(asn: number): Problem | undefined {
  if (isPrivateAsn(asn)) return undefined;
  return { rule: `a private ASN is ${PRIVATE_RANGES}`, fix: "use e.g. 64514" };
}

/**
 * Checks a Cloud Router ASN: a private ASN, the same for every BGP session of the router
 * (Compute API `RouterBgp.asn`; HA VPN sessions require a private ASN).
 *
 * @internal
 */
export function checkCloudRouterAsn(asn: number): Problem | undefined {
  if (isPrivateAsn(asn)) return undefined;
  return { rule: `a Cloud Router ASN must be ${PRIVATE_RANGES}`, fix: "use e.g. 64514" };
}

/**
 * Checks the Amazon-side ASN of a virtual private gateway or transit gateway
 * (`amazon_side_asn`): a private 16- or 32-bit ASN; AWS's default is 64512.
 *
 * @internal
 */
export function checkAwsAmazonSideAsn(asn: number): Problem | undefined {
  if (isPrivateAsn(asn)) return undefined;
  return {
    rule: `an AWS Amazon-side ASN must be ${PRIVATE_RANGES}`,
    fix: "use e.g. 64512 (the AWS default)",
  };
}

/**
 * Checks the BGP ASN of an AWS customer gateway: 1 to 4294967294, not one AWS reserves
 * (7224, 9059, 10124, 17943). Values above 2147483647 go in `bgp_asn_extended`.
 *
 * @internal
 */
export function checkAwsCustomerGatewayAsn(asn: number): Problem | undefined {
  if (!Number.isInteger(asn) || asn < 1 || asn > 4294967294) {
    return {
      rule: "an AWS customer gateway ASN is a whole number from 1 to 4294967294",
      fix: "use e.g. 65000",
    };
  }
  if (AWS_RESERVED_CGW_ASNS.includes(asn)) {
    return {
      rule: `AWS reserves ASNs ${AWS_RESERVED_CGW_ASNS.join(", ")} and rejects them for customer gateways`,
      fix: "use a private ASN such as 65000",
    };
  }
  return undefined;
}

/**
 * Checks a TCP/UDP port: a whole number from 1 to 65535.
 *
 * @internal
 */
export function checkPort(port: number): Problem | undefined {
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return undefined;
  return { rule: "a port is a whole number from 1 to 65535", fix: "use e.g. 443" };
}

/**
 * Checks a Kubernetes NodePort in the default node-port range 30000-32767.
 *
 * @internal
 */
export function checkNodePort(port: number): Problem | undefined {
  if (Number.isInteger(port) && port >= 30000 && port <= 32767) return undefined;
  return {
    rule: "a Kubernetes NodePort is a whole number in the default node-port range 30000-32767",
    fix: "use e.g. 31443",
  };
}

/**
 * Returns a check for a count: a whole number from `min` to `max`.
 *
 * @param what what is counted, shown in the rule ("node pool size")
 *
 * @internal
 */
export function countBetween(min: number, max: number, what: string): (n: number) => Problem | undefined {
  return (n) => {
    if (Number.isInteger(n) && n >= min && n <= max) return undefined;
    const fix = n > max ? `use at most ${max}` : `use at least ${min}`;
    return {
      rule: `${what} is a whole number from ${min} to ${max}`,
      fix: Number.isInteger(n) ? fix : `use e.g. ${min}`,
    };
  };
}

/**
 * Returns a check that a value is one of the allowed values.
 *
 * @param what what the value is, shown in the rule ("replicas")
 *
 * @internal
 */
export function oneOf(
  allowed: readonly (string | number)[],
  what: string,
  why?: string,
): (value: string | number) => Problem | undefined {
  return (value) => {
    if (allowed.includes(value)) return undefined;
    const list = allowed.map((a) => (typeof a === "string" ? `"${a}"` : String(a))).join(", ");
    return {
      rule: `${what} must be one of ${list}${why ? ` (${why})` : ""}`,
      fix: `use ${allowed.length > 1 ? "one of them" : list}`,
    };
  };
}
