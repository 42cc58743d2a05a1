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
  };
}
