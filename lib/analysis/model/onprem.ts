import { Ranges, ranges } from "./ranges";

// The on-premises sites are not in Terraform: the topology describes them.

/** The on-premises sites the topology describes (they are not in Terraform). */
export interface OnPremInput {
  /** Site name. */
  readonly name: string;
  /** Its ranges. */
  readonly ranges: string[];
  /** Ranges its firewall admits. */
  readonly acceptsFrom: string[];
  /** Ranges it routes into Classic VPN tunnels (its peer sheet). */
  readonly staticRoutes: string[];
  /** Construct paths of the VPN constructs leading to it: their tunnels end there. */
  readonly links: string[];
  /**
   * The on-premises device's BGP ASN (HA VPN links): it must equal the Cloud Router peers' `peer_asn`,
   * and the device drops a route whose AS path already holds it (loop prevention).
   *
   * @default - no BGP (Classic VPN)
   */
  readonly asn?: number;
  /**
   * The ranges the device advertises over BGP (HA VPN links).
   *
   * @default - its ranges
   */
  readonly advertises?: string[];
}

/**
 * An on-premises network (outside Terraform: described by the topology).
 *
 * @internal
 */
export interface OnPremNetworkModel {
  /** Kind of domain. */
  readonly kind: "on-premises";
  /** Domain id: `on-premises:<site>`. */
  readonly id: string;
  /** Site name. */
  readonly name: string;
  /** Its ranges. */
  readonly ranges: Ranges;
  /** Ranges its firewall admits. */
  readonly acceptsFrom: Ranges;
  /** Ranges it routes into its static (Classic VPN) tunnels: its peer sheet. */
  readonly staticRoutes: Ranges;
  /** Its VPN device's BGP ASN, if it speaks BGP. */
  readonly asn?: number;
  /** What its VPN device advertises over BGP. */
  readonly advertises: Ranges;
}

/**
 * The network of an on-premises site.
 *
 * @internal
 */
export function readOnPremNetwork(site: OnPremInput): OnPremNetworkModel {
  return {
    kind: "on-premises",
    id: `on-premises:${site.name}`,
    name: site.name,
    ranges: ranges(site.ranges),
    acceptsFrom: ranges(site.acceptsFrom),
    staticRoutes: ranges(site.staticRoutes),
    asn: site.asn,
    advertises: ranges(site.advertises ?? site.ranges),
  };
}
