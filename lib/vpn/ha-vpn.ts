// What the two HA VPN links (AwsHaVpn, PeerHaVpn) share: the props of the GCP side and their
// shape, and how that side is built: Cloud Router, HA VPN gateway, pre-shared keys, and per
// tunnel the tunnel, its router interface and its BGP peer.
import { ComputeExternalVpnGateway } from "@cdktf/provider-google/lib/compute-external-vpn-gateway";
import { ComputeHaVpnGateway } from "@cdktf/provider-google/lib/compute-ha-vpn-gateway";
import { ComputeRouterInterface } from "@cdktf/provider-google/lib/compute-router-interface";
import { ComputeRouterPeer } from "@cdktf/provider-google/lib/compute-router-peer";
import { ComputeVpnTunnel } from "@cdktf/provider-google/lib/compute-vpn-tunnel";
import { Construct } from "constructs";
import {
  arrayOf,
  BoundSecret,
  Cidr,
  construct,
  gcpName,
  int,
  req,
  Secret,
  secretKind,
  Shape,
  str,
  fail,
} from "../core";
import { CloudRouter, GcpNetwork } from "../gcp";
import { insideAddresses, LinkTunnel, VPN_KEY_REQUIREMENTS } from "./common";
import { IKE_OPTIONS_SHAPE, IkeOptions, ResolvedIke } from "./ike";

/** Properties of the GCP side of an HA VPN link, common to {@link AwsHaVpnProps} and {@link PeerHaVpnProps}. */
export interface HaVpnProps {
  /** The GCP network. */
  readonly gcpNetwork: GcpNetwork;
  /**
   * The Cloud Router for the BGP sessions.
   *
   * @default - a new Cloud Router with `gcpAsn`
   */
  readonly cloudRouter?: CloudRouter;
  /**
   * ASN of the Cloud Router created when `cloudRouter` is not given (private; on a link to AWS,
   * also the AWS customer gateways' ASN).
   *
   * @default 64514
   */
  readonly gcpAsn?: number;
  /**
   * Inside /30 of each tunnel, in tunnel order (on a link to AWS: connection A tunnel 1 and 2,
   * connection B tunnel 1 and 2, ...). Validated: /30, aligned, in 169.254.0.0/16, not
   * AWS-reserved, unique per Cloud Router (and per AWS gateway).
   *
   * @default - allocated from 169.254.6.0 upwards
   */
  readonly insideCidrs?: string[];
  /**
   * A further scope in which allocated inside /30s must be unique (a HybridTopology's: no /30 is
   * used twice across its links).
   *
   * @internal
   */
  readonly insideCidrScope?: string;
  /**
   * IKE settings, identical on every tunnel. On a link to AWS they are the single proposal per
   * phase of the AWS side (Cloud VPN accepts it; see {@link AwsHaVpn}); on a link to a peer,
   * the settings the peer uses, listed on its sheet (IKEv1 and weak algorithms warn).
   *
   * @default - IKEv2, AES256, SHA2-256, DH 20
   */
  readonly ike?: IkeOptions;
  /**
   * Pre-shared key of every tunnel. Never a plain string.
   *
   * @default - a different generated key per tunnel
   */
  readonly presharedKey?: Secret;
  /**
   * Whether to add a GCP firewall rule admitting TCP, UDP and ICMP from the other side's ranges
   * (`awsRanges` or `peerRanges`).
   *
   * @default true
   */
  readonly gcpFirewall?: boolean;
}

/**
 * The shape of the router props of {@link HaVpnProps}: the first props of an HA VPN link.
 *
 * @internal
 */
export const HA_VPN_ROUTER_SHAPE: Pick<Shape<HaVpnProps>, "gcpNetwork" | "cloudRouter" | "gcpAsn"> = {
  gcpNetwork: req(construct<GcpNetwork>("GcpNetwork", "gcpNetwork")),
  cloudRouter: construct<CloudRouter>("CloudRouter", "router"),
  gcpAsn: int("private ASN", "64514"),
};

/**
 * The shape of the tunnel props of {@link HaVpnProps}, after the other side's props.
 *
 * @internal
 */
export const HA_VPN_TUNNEL_SHAPE: Pick<
  Shape<HaVpnProps>,
  "insideCidrs" | "insideCidrScope" | "ike" | "presharedKey"
> = {
  insideCidrs: arrayOf(str("inside /30", '"169.254.6.0/30"')),
  insideCidrScope: str("scope name", '"topology:hybrid"'),
  ike: IKE_OPTIONS_SHAPE,
  presharedKey: secretKind(),
};

/**
 * An HA VPN link under construction, as its tunnels see it.
 *
 * @internal
 */
export interface HaVpnLink extends Construct {
  /** The HA VPN gateway. */
  readonly haVpnGateway: ComputeHaVpnGateway;
  /** The Cloud Router. */
  readonly cloudRouter: CloudRouter;
  /** The IKE settings of every tunnel. */
  readonly ike: ResolvedIke;
}

/**
 * The Cloud Router of a link: the one given, or a new one ("CloudRouter") with `gcpAsn`.
 *
 * @internal
 */
export function linkCloudRouter(link: Construct, props: HaVpnProps): CloudRouter {
  if (props.cloudRouter && props.gcpAsn !== undefined && props.gcpAsn !== props.cloudRouter.asn) {
    fail(link, "gcpAsn", props.gcpAsn, {
      rule: `the given Cloud Router already has ASN ${props.cloudRouter.asn}`,
      fix: "drop gcpAsn, or give a router with that ASN",
    });
  }
  return (
    props.cloudRouter ??
    new CloudRouter(link, "CloudRouter", {
      network: props.gcpNetwork,
      asn: props.gcpAsn ?? 64514,
      name: gcpName(link, { suffix: "router" }),
    })
  );
}

/**
 * The link's HA VPN gateway ("HaVpnGateway"), IPv4 only, in the Cloud Router's region.
 *
 * @internal
 */
export function newHaVpnGateway(link: Construct, network: GcpNetwork, region: string): ComputeHaVpnGateway {
  return new ComputeHaVpnGateway(link, "HaVpnGateway", {
    name: gcpName(link, { suffix: "gateway" }),
    project: network.project,
    region,
    network: network.networkId,
    stackType: "IPV4_ONLY",
  });
}

/**
 * The pre-shared key of each tunnel, by tunnel index: a given key (`shared`) is bound once, now,
 * as "PresharedKey" and used by every tunnel; a generated one is bound per tunnel
 * ("Tunnel<n>Key"), on first use.
 *
 * @internal
 */
export function tunnelKeys(link: Construct, key: Secret, shared: boolean): (index: number) => BoundSecret {
  const sharedKey = shared ? key.bind(link, "PresharedKey", VPN_KEY_REQUIREMENTS) : undefined;
  const keys: BoundSecret[] = [];
  return (t) => {
    if (sharedKey) return sharedKey;
    if (!keys[t]) keys[t] = key.bind(link, `Tunnel${t + 1}Key`, VPN_KEY_REQUIREMENTS);
    return keys[t];
  };
}

/**
 * GCP ranges routed over a link: the network's subnets with their secondary ranges (GKE pods and
 * services; Cloud Router advertises them with all subnets) when the router advertises every
 * subnet, and the router's custom ranges, each once.
 *
 * @internal
 */
export function routedGcpRanges(network: GcpNetwork, router: CloudRouter): string[] {
  const subnets = router.advertiseAllSubnets
    ? network.subnets.flatMap((s) => [
        s.cidr,
        ...(s.pods ? [s.pods.cidr] : []),
        ...(s.services ? [s.services.cidr] : []),
      ])
    : [];
  return [...new Set([...subnets, ...router.advertisedRanges])];
}

/**
 * The BGP timers of a Cloud Router's sessions: its keepalive interval (20 s unless set) and the
 * hold time it offers, three times the keepalive (Compute API `RouterBgp.keepaliveInterval`).
 *
 * @internal
 */
export function bgpTimersOf(router: CloudRouter): { keepaliveSeconds: number; holdSeconds: number } {
  const keepalive = router.resource.bgpInput?.keepaliveInterval;
  const keepaliveSeconds = typeof keepalive === "number" ? keepalive : 20;
  return { keepaliveSeconds, holdSeconds: 3 * keepaliveSeconds };
}

/**
 * One tunnel of an HA VPN link, from the GCP side.
 *
 * @internal
 */
export interface HaTunnelOptions {
  /** Tunnel index in the link, from 0. */
  readonly index: number;
  /** HA VPN gateway interface (0 or 1). */
  readonly gcpInterface: number;
  /** The external VPN gateway standing for the other side. */
  readonly peerGateway: ComputeExternalVpnGateway;
  /** Interface of the external gateway the tunnel goes to. */
  readonly peerInterface: number;
  /** Inside /30 of the tunnel. */
  readonly insideCidr: Cidr;
  /** Whether the Cloud Router takes the /30's first address (else the second). */
  readonly routerGetsFirst: boolean;
  /** The tunnel's pre-shared key. */
  readonly key: BoundSecret;
  /** Whether the tunnel checks the key's format at plan time (else another resource does). */
  readonly checkKey: boolean;
  /** BGP ASN of the other side. */
  readonly peerAsn: number;
  /** Description of the tunnel. */
  readonly description: string;
}

/**
 * Creates a tunnel of the link ("Tunnel<n>"), its Cloud Router interface ("RouterInterface<n>")
 * and its BGP peer ("BgpPeer<n>").
 *
 * @returns the tunnel and its plan
 * @internal
 */
export function newHaTunnel(
  link: HaVpnLink,
  project: string,
  options: HaTunnelOptions,
): { tunnel: ComputeVpnTunnel; plan: LinkTunnel } {
  const n = options.index + 1;
  const region = link.cloudRouter.region;
  const router = link.cloudRouter.resource.name;
  const addresses = insideAddresses(options.insideCidr, options.routerGetsFirst);
  const precondition = options.checkKey ? options.key.precondition : undefined;
  const tunnel = new ComputeVpnTunnel(link, `Tunnel${n}`, {
    name: gcpName(link, { suffix: `tunnel-${n}` }),
    project,
    region,
    vpnGateway: link.haVpnGateway.id,
    vpnGatewayInterface: options.gcpInterface,
    peerExternalGateway: options.peerGateway.id,
    peerExternalGatewayInterface: options.peerInterface,
    ikeVersion: link.ike.version,
    sharedSecret: options.key.value,
    router,
    description: options.description,
    lifecycle: precondition ? { precondition: [precondition] } : undefined,
  });
  const routerInterface = new ComputeRouterInterface(link, `RouterInterface${n}`, {
    name: gcpName(link, { suffix: `if-${n}` }),
    project,
    region,
    router,
    ipRange: `${addresses.gcp}/30`,
    vpnTunnel: tunnel.name,
  });
  new ComputeRouterPeer(link, `BgpPeer${n}`, {
    name: gcpName(link, { suffix: `peer-${n}` }),
    project,
    region,
    router,
    interface: routerInterface.name,
    peerIpAddress: addresses.peer,
    peerAsn: options.peerAsn,
    advertisedRoutePriority: 100,
  });
  const plan: LinkTunnel = {
    index: options.index,
    gcpInterface: options.gcpInterface,
    peerInterface: options.peerInterface,
    insideCidr: options.insideCidr.toString(),
    gcpInsideAddress: `${addresses.gcp}/30`,
    peerInsideAddress: addresses.peer,
  };
  return { tunnel, plan };
}
