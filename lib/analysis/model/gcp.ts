import { Cidr, TerraformModel, TfElement } from "../../core";
import { bool, many, num, one } from "../../core/terraform/values";
import type { GkeClusterModel } from "./gke";
import { ANY_PRESENCE } from "./presence";
import { cidrOf, Ranges, ranges } from "./ranges";

// GCP networks read from the Terraform: subnets, firewall rules, Cloud Routers (and what they
// advertise) and static routes. The GKE clusters in them are read in gke.ts.

/**
 * A GCP subnet.
 *
 * @internal
 */
export interface GcpSubnetModel {
  /** The google_compute_subnetwork. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Its region, if literal. */
  readonly region?: string;
  /** Its primary range, if literal. */
  readonly cidr?: Cidr;
  /** Its secondary ranges by name. */
  readonly secondary: Record<string, Cidr>;
}

/**
 * A GCP firewall rule.
 *
 * @internal
 */
export interface GcpFirewallModel {
  /** The google_compute_firewall. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Direction. */
  readonly direction: "INGRESS" | "EGRESS";
  /** Priority (lower wins). */
  readonly priority: number;
  /** Source ranges (ingress). */
  readonly sourceRanges: Ranges;
  /** Destination ranges (egress). */
  readonly destinationRanges: Ranges;
  /** Whether it names source tags or service accounts (which VPN traffic never carries). */
  readonly hasSourceTags: boolean;
  /** Target tags (empty: every instance). */
  readonly targetTags: string[];
  /** Allow or deny. */
  readonly action: "allow" | "deny";
  /** Protocols and ports. */
  readonly rules: GcpFirewallProtocol[];
  /** Whether it is disabled. */
  readonly disabled: boolean;
}

/**
 * A protocol (and ports) of a firewall rule.
 *
 * @internal
 */
export interface GcpFirewallProtocol {
  /** Protocol ("tcp", "all", ...). */
  readonly protocol: string;
  /** Ports or ranges ("15443", "30000-32767"); undefined means every port. */
  readonly ports?: string[];
}

/**
 * BGP advertisement settings (router or session).
 *
 * @internal
 */
export interface AdvertisementModel {
  /** DEFAULT (subnets) or CUSTOM. */
  readonly mode: "DEFAULT" | "CUSTOM";
  /** Groups (ALL_SUBNETS). */
  readonly groups: string[];
  /** Custom ranges. */
  readonly ranges: Ranges;
}

/**
 * A Cloud Router.
 *
 * @internal
 */
export interface GcpRouterModel {
  /** The google_compute_router. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Its region, if literal. */
  readonly region?: string;
  /** Its ASN. */
  readonly asn?: number;
  /** What it advertises to its BGP peers by default. */
  readonly advertisement: AdvertisementModel;
}

/**
 * A GCP VPC network: a routing domain.
 *
 * @internal
 */
export interface GcpNetworkModel {
  /** Kind of domain. */
  readonly kind: "gcp";
  /** Domain id: `gcp:<key>`. */
  readonly id: string;
  /** The google_compute_network. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Dynamic routing mode. */
  readonly routingMode: "REGIONAL" | "GLOBAL";
  /** Its subnets. */
  readonly subnets: GcpSubnetModel[];
  /** Its firewall rules. */
  readonly firewalls: GcpFirewallModel[];
  /** Its Cloud Routers. */
  readonly routers: GcpRouterModel[];
  /** Its static routes. */
  readonly staticRoutes: GcpStaticRouteModel[];
  /** Its GKE clusters. */
  readonly clusters: GkeClusterModel[];
  /** Its firewall rules and static routes that Terraform does not (or may not) create. */
  readonly notCreated: {
    /** Firewall rules. */
    readonly firewalls: GcpFirewallModel[];
    /** Static routes. */
    readonly staticRoutes: GcpStaticRouteModel[];
  };
}

/**
 * A GCP static route.
 *
 * @internal
 */
export interface GcpStaticRouteModel {
  /** The google_compute_route. */
  readonly element: TfElement;
  /** Destination. */
  readonly dest: Cidr;
  /** Key of the next-hop VPN tunnel, if that is the next hop. */
  readonly tunnel?: string;
  /** Instance tags it applies to (empty: all). */
  readonly tags: string[];
}

/**
 * The GCP networks of an app and their subnets, by key.
 *
 * @internal
 */
export interface GcpNetworks {
  /** Networks. */
  readonly networks: Map<string, GcpNetworkModel>;
  /** Subnets. */
  readonly subnets: Map<string, GcpSubnetModel>;
}

/**
 * Reads the networks with their subnets, firewall rules, Cloud Routers and static routes.
 *
 * @internal
 */
export function readGcpNetworks(tf: TerraformModel): GcpNetworks {
  const networks = new Map<string, GcpNetworkModel>();
  for (const e of tf.ofType("google_compute_network", "present")) {
    const n: GcpNetworkModel = {
      kind: "gcp",
      id: `gcp:${e.key}`,
      element: e,
      name: tf.nameOf(e),
      routingMode: e.config.routing_mode === "GLOBAL" ? "GLOBAL" : "REGIONAL",
      subnets: [],
      firewalls: [],
      routers: [],
      staticRoutes: [],
      clusters: [],
      notCreated: { firewalls: [], staticRoutes: [] },
    };
    networks.set(e.key, n);
  }
  const netOf = (e: TfElement, value: unknown) => networks.get(tf.targetOf(e, value)?.key ?? "");
  const subnets = new Map<string, GcpSubnetModel>();
  for (const e of tf.ofType("google_compute_subnetwork", "present")) {
    const secondary: Record<string, Cidr> = {};
    for (const r of many(e.config.secondary_ip_range)) {
      const c = cidrOf(r.ip_cidr_range);
      if (c && typeof r.range_name === "string") secondary[r.range_name] = c;
    }
    const s: GcpSubnetModel = {
      element: e,
      name: tf.nameOf(e),
      region: tf.literal(e.stack, e.config.region),
      cidr: cidrOf(e.config.ip_cidr_range),
      secondary,
    };
    subnets.set(e.key, s);
    netOf(e, e.config.network)?.subnets.push(s);
  }
  for (const e of tf.ofType("google_compute_firewall", ANY_PRESENCE)) {
    const allow = many(e.config.allow);
    const deny = many(e.config.deny);
    const net = netOf(e, e.config.network);
    (e.presence === "present" ? net?.firewalls : net?.notCreated.firewalls)?.push({
      element: e,
      name: tf.nameOf(e),
      direction: e.config.direction === "EGRESS" ? "EGRESS" : "INGRESS",
      priority: num(e.config.priority) ?? 1000,
      sourceRanges: ranges(e.config.source_ranges),
      destinationRanges: ranges(e.config.destination_ranges),
      hasSourceTags:
        many(e.config.source_tags).length > 0 || many(e.config.source_service_accounts).length > 0,
      targetTags: many(e.config.target_tags).map(String),
      action: deny.length ? "deny" : "allow",
      rules: (deny.length ? deny : allow).map((r) => ({
        protocol: String(r.protocol),
        ports: r.ports ? many(r.ports).map(String) : undefined,
      })),
      disabled: bool(e.config.disabled, false),
    });
  }
  const routers = new Map<string, GcpRouterModel>();
  for (const e of tf.ofType("google_compute_router", "present")) {
    const bgp = one(e.config.bgp) ?? {};
    const r: GcpRouterModel = {
      element: e,
      name: tf.nameOf(e),
      region: tf.literal(e.stack, e.config.region),
      asn: num(bgp.asn),
      advertisement: advertisementOf(bgp.advertise_mode, bgp.advertised_groups, bgp.advertised_ip_ranges),
    };
    routers.set(e.key, r);
    netOf(e, e.config.network)?.routers.push(r);
  }
  for (const e of tf.ofType("google_compute_route", ANY_PRESENCE)) {
    const dest = cidrOf(e.config.dest_range);
    const tunnel = tf.targetOf(e, e.config.next_hop_vpn_tunnel)?.key;
    const net = netOf(e, e.config.network);
    if (dest)
      (e.presence === "present" ? net?.staticRoutes : net?.notCreated.staticRoutes)?.push({
        element: e,
        dest,
        tunnel,
        tags: many(e.config.tags).map(String),
      });
  }
  return { networks, subnets };
}

/**
 * BGP advertisement settings, as a Cloud Router or a BGP session declares them.
 *
 * @internal
 */
export function advertisementOf(mode: unknown, groups: unknown, advertised: unknown): AdvertisementModel {
  return {
    mode: mode === "CUSTOM" ? "CUSTOM" : "DEFAULT",
    groups: many(groups).map(String),
    ranges: ranges(advertised),
  };
}
