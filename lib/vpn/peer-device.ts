// What a peer's VPN device (and the firewall behind it) must do, as one model: the ranges it routes
// into the tunnels or accepts over BGP, the ranges it advertises, and what its firewall admits.
// HybridTopology computes it from the whole topology; PeerHaVpn and ClassicVpn print it on the peer
// sheet, and derive a smaller one from their own props without it.
import { IConstruct } from "constructs";
import {
  arrayOf,
  bool,
  check,
  checkCidr,
  checkEach,
  checkPort,
  cidrKind,
  fail,
  int,
  obj,
  Problem,
  req,
  Shape,
  str,
} from "../core";
import { GcpNetwork } from "../gcp";
import { checkPeerRange } from "./common";

/** A range on a peer sheet, with where it is. */
export interface PeerRange {
  /** The range. */
  readonly cidr: string;
  /** Where it is: "gcp: gke-cluster pods", or "aws: VPC, via gcp" for a range beyond the link's GCP end. */
  readonly label: string;
  /**
   * Whether the range lies beyond the link's GCP end (another site, reached through it): transit,
   * never listed as a GCP range.
   *
   * @default false
   */
  readonly transit?: boolean;
}

/** A rule the peer site's firewall needs for the mesh: TCP to one destination and port, from these sources. */
export interface PeerFirewallRule {
  /** TCP port. */
  readonly port: number;
  /** The address (or, when the platform assigns it, a description of it) the rule admits traffic to. */
  readonly destination: string;
  /** What listens there, e.g. "east-west gateway (cross-network mTLS)". */
  readonly service: string;
  /** Where the traffic comes from. */
  readonly sources: PeerRange[];
}

/**
 * What a peer's VPN device and the firewall behind it must do, as the topology computed it: a
 * HybridTopology passes it to each link's PeerHaVpn or ClassicVpn (the peer sheet), and the
 * analysis assumes the same (one model for both).
 */
export interface PeerDeviceModel {
  /**
   * The ranges on the GCP side of the link and beyond it that the device routes into the link's
   * tunnels (static routing) or accepts from the Cloud Router (BGP: what the router advertises).
   */
  readonly routes: PeerRange[];
  /** The site's ranges: what the device advertises over BGP, or what GCP routes to it (static routing). */
  readonly advertises: PeerRange[];
  /**
   * Ranges the site's firewall admits from the VPN, on any port.
   *
   * @default - not stated on the sheet
   */
  readonly acceptsFrom?: PeerRange[];
  /**
   * The rules the site's firewall needs for the mesh.
   *
   * @default - none stated: the sheet says which ports a mesh needs
   */
  readonly firewall?: PeerFirewallRule[];
}

const RANGE: Shape<PeerRange> = {
  cidr: req(cidrKind()),
  label: req(str("label", '"gcp: gke-cluster pods"')),
  transit: bool(),
};
const RANGES = arrayOf(
  obj(RANGE, "labelled range", '{ cidr: "10.4.0.0/14", label: "gcp: gke-cluster pods" }'),
);

/**
 * The shape of a {@link PeerDeviceModel} prop.
 *
 * @internal
 */
export const PEER_DEVICE_SHAPE = obj<PeerDeviceModel>(
  {
    routes: req(RANGES),
    advertises: req(RANGES),
    acceptsFrom: RANGES,
    firewall: arrayOf(
      obj<PeerFirewallRule>(
        {
          port: req(int("port", "15443")),
          destination: req(str("address", '"172.20.1.50"')),
          service: req(str("service", '"east-west gateway"')),
          sources: req(RANGES),
        },
        "firewall rule",
        '{ port: 15443, destination: "172.20.1.50", service: "east-west gateway", sources: [...] }',
      ),
    ),
  },
  "peer device model",
  "{ routes: [...], advertises: [...] }",
);

/**
 * GCP ranges labelled from a network's subnets (primary, pod and service ranges); the others
 * "advertised by the Cloud Router": they may be GCP's or transit, which only the topology knows.
 *
 * @internal
 */
export function labelGcpRanges(network: GcpNetwork, cidrs: readonly string[], other: string): PeerRange[] {
  const known = new Map<string, string>();
  for (const s of network.subnets) {
    known.set(s.cidr, `GCP subnet ${s.name}`);
    if (s.pods) known.set(s.pods.cidr, `GCP subnet ${s.name}, pods`);
    if (s.services) known.set(s.services.cidr, `GCP subnet ${s.name}, services`);
  }
  return cidrs.map((cidr) => ({ cidr, label: known.get(cidr) ?? other }));
}

/**
 * The problem of a device model that does not list exactly `ranges` (e.g. what the Cloud Router
 * advertises, as `device.routes`): the sheet must say what the link does.
 *
 * @internal
 */
export function deviceRangesProblem(
  listed: readonly PeerRange[],
  ranges: readonly string[],
  what: string,
): Problem | undefined {
  const have = new Set(listed.map((r) => r.cidr));
  const want = new Set(ranges);
  const missing = ranges.filter((r) => !have.has(r));
  const extra = listed.map((r) => r.cidr).filter((r) => !want.has(r));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const details = [
    ...(missing.length ? [`it misses ${missing.join(", ")}`] : []),
    ...(extra.length ? [`it lists ${extra.join(", ")}, which the link does not route`] : []),
  ];
  return {
    rule: `the peer sheet must list exactly ${what} (${ranges.join(", ") || "none"}), but ${details.join(" and ")}`,
    fix: "compute the device model and the link from the same ranges, or leave the device model out",
  };
}

/**
 * The CIDRs of labelled ranges.
 *
 * @internal
 */
export function cidrsOf(ranges: readonly PeerRange[]): string[] {
  return ranges.map((r) => r.cidr);
}

/**
 * Checks a device model given to a VPN construct: its ranges are CIDRs (those routed over the link
 * routable ones), its ports TCP ports, and its `advertises` exactly the peer's ranges.
 *
 * @throws HybridMeshError naming the first property in error (`device.routes[0].cidr`, ...)
 * @internal
 */
export function checkDevice(scope: IConstruct, device: PeerDeviceModel, peerRanges: readonly string[]): void {
  const cidrs = (property: string, ranges: readonly PeerRange[] | undefined, routed: boolean) =>
    checkEach(
      scope,
      property,
      ranges?.map((r) => r.cidr),
      routed ? checkPeerRange : checkCidr,
    );
  cidrs("device.routes", device.routes, true);
  cidrs("device.advertises", device.advertises, true);
  cidrs("device.acceptsFrom", device.acceptsFrom, false);
  (device.firewall ?? []).forEach((f, i) => {
    check(scope, `device.firewall[${i}].port`, f.port, checkPort);
    cidrs(`device.firewall[${i}].sources`, f.sources, false);
  });
  const own = deviceRangesProblem(device.advertises, peerRanges, "the peer's ranges (peerRanges)");
  if (own) fail(scope, "device.advertises", cidrsOf(device.advertises), own);
}
