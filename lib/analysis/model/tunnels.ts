import { TerraformModel, TfElement } from "../../core";
import { bool, many, num } from "../../core/terraform/values";
import { Blocked } from "../blocked";
import type { AwsNetworks, AwsVpnConnectionModel } from "./aws";
import { sessionDown, sessionEnds } from "./bgp-sessions";
import { advertisementOf, AdvertisementModel, GcpNetworkModel, GcpRouterModel } from "./gcp";
import type { DomainModel } from "./network-model";
import type { OnPremInput, OnPremNetworkModel } from "./onprem";
import { ANY_PRESENCE, notCreated } from "./presence";

// The VPN tunnels, from their GCP end (every link of a topology has GCP on one side): their
// gateway and interface, the other end (an AWS VPN connection's tunnel or an on-premises
// device), the BGP session over them, and what can fail and take them down.

/**
 * The end of a tunnel that is not GCP.
 *
 * @internal
 */
export interface TunnelPeer {
  /** An AWS VPN connection, or an on-premises device. */
  readonly kind: "aws" | "on-premises";
  /** The AWS connection (kind "aws"). */
  readonly connection?: AwsVpnConnectionModel;
  /** Which of its two tunnels (kind "aws"). */
  readonly tunnel?: 1 | 2;
  /** The on-premises site (kind "on-premises"). */
  readonly site?: string;
  /** The device's interface (HA VPN to an on-premises device). */
  readonly interface?: number;
  /**
   * The device's outside address (HA VPN to an on-premises device: the external gateway
   * interface's ip_address, as written): two interfaces with one address are one device address.
   */
  readonly address?: string;
  /** The external gateway's redundancy type (HA VPN to an on-premises device). */
  readonly redundancyType?: string;
}

/**
 * The GCP gateway of a tunnel.
 *
 * @internal
 */
export interface TunnelGateway {
  /** HA VPN or Classic VPN. */
  readonly kind: "ha" | "classic";
  /** Key of the gateway. */
  readonly key: string;
  /** Its name. */
  readonly label: string;
  /** HA VPN interface (0 or 1). */
  readonly interface?: number;
}

/**
 * The BGP session over a tunnel.
 *
 * @internal
 */
export interface TunnelBgp {
  /** The google_compute_router_peer. */
  readonly element: TfElement;
  /** Its Cloud Router. */
  readonly router?: GcpRouterModel;
  /** Whether the session is enabled. */
  readonly enabled: boolean;
  /** Its own advertisement (custom mode), overriding the router's. */
  readonly advertisement?: AdvertisementModel;
  /** The two ends in words ("BGP session <peer> (<path>) <-> AWS tunnel 1 of <connection>"). */
  readonly ends: string;
  /**
   * Why it cannot come up (disabled, its peer or interface not created, the two ends' inside
   * addresses or ASNs not matching): no route crosses it.
   *
   * @default - it can come up
   */
  readonly down?: Blocked;
}

/**
 * A VPN tunnel, as seen from its GCP end.
 *
 * @internal
 */
export interface TunnelModel {
  /** The google_compute_vpn_tunnel. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Name and construct path. */
  readonly label: string;
  /** The link it belongs to (the full construct path of the VPN construct). */
  readonly link: string;
  /** Its GCP network. */
  readonly network?: GcpNetworkModel;
  /** Its region. */
  readonly region?: string;
  /** HA VPN gateway and its interface, or the Classic VPN gateway. */
  readonly gateway: TunnelGateway;
  /** The other end. */
  readonly peer?: TunnelPeer;
  /** The domain at the other end. */
  readonly peerDomain?: DomainModel;
  /** The BGP session over it, if any. */
  readonly bgp?: TunnelBgp;
  /** IKE version. */
  readonly ikeVersion?: number;
  /** What can fail and take the tunnel down with it. */
  readonly units: string[];
  /**
   * Why it carries nothing: it, or an element it needs (gateway, external gateway, AWS
   * connection), is not created (count 0) or may not be (count unknown).
   *
   * @default - it carries traffic
   */
  readonly down?: Blocked;
}

/**
 * Reads the tunnels (google_compute_vpn_tunnel), after the networks: their other end is an AWS
 * VPN connection (through the external gateway's address) or an on-premises site (the tunnel
 * lies under one of the site's links); their BGP session, checked from both ends. Tunnels that
 * Terraform does not (or may not) create are read too, down, to explain what their loss blocks.
 *
 * @internal
 */
export function readTunnels(
  tf: TerraformModel,
  domains: Map<string, DomainModel>,
  aws: Pick<AwsNetworks, "connections" | "transitGateways">,
  onPrem: readonly OnPremInput[],
): TunnelModel[] {
  const tunnels: TunnelModel[] = [];
  const interfaces = new Map<string, TfElement>(); // tunnel key -> router interface
  for (const e of tf.ofType("google_compute_router_interface", ANY_PRESENCE)) {
    const t = tf.targetOf(e, e.config.vpn_tunnel);
    if (t && (!interfaces.has(t.key) || e.presence === "present")) interfaces.set(t.key, e);
  }
  const peers = new Map<string, TfElement>(); // interface key -> router peer
  for (const e of tf.ofType("google_compute_router_peer", ANY_PRESENCE)) {
    const i = tf.targetOf(e, e.config.interface);
    if (i && (!peers.has(i.key) || e.presence === "present")) peers.set(i.key, e);
  }
  const routerByKey = new Map<string, GcpRouterModel>();
  for (const d of domains.values())
    if (d.kind === "gcp") d.routers.forEach((r) => routerByKey.set(r.element.key, r));
  const siteOfPath = (e: TfElement) =>
    onPrem.find((s) => s.links.some((l) => e.fullPath.startsWith(`${l}/`)));

  for (const e of tf.ofType("google_compute_vpn_tunnel", ANY_PRESENCE)) {
    const ha = tf.targetOf(e, e.config.vpn_gateway);
    const classic = tf.targetOf(e, e.config.target_vpn_gateway);
    const gatewayElement = ha ?? classic;
    const network = gatewayElement
      ? (domains.get(`gcp:${tf.targetOf(gatewayElement, gatewayElement.config.network)?.key}`) as
          GcpNetworkModel | undefined)
      : undefined;
    const gcpInterface = num(e.config.vpn_gateway_interface) ?? (ha ? 0 : undefined);
    const gatewayLabel = gatewayElement ? tf.nameOf(gatewayElement) : "unknown gateway";
    const name = tf.nameOf(e);
    const units = [`tunnel ${name}`];
    if (ha && gcpInterface !== undefined) units.push(`HA VPN interface ${gcpInterface} of ${gatewayLabel}`);
    if (classic) units.push(`Classic VPN gateway ${gatewayLabel}`);
    // What the tunnel needs, in order: itself, its gateway, the peer's gateway and connection.
    const needs: [TfElement | undefined, string][] = [
      [e, `VPN tunnel ${name}`],
      [gatewayElement, `${ha ? "HA" : "Classic"} VPN gateway ${gatewayLabel}`],
    ];

    // The other end.
    let peer: TunnelPeer | undefined;
    let peerDomain: DomainModel | undefined;
    const ext = tf.targetOf(e, e.config.peer_external_gateway);
    if (ext) needs.push([ext, `external VPN gateway ${ext.path}`]);
    const peerInterface = num(e.config.peer_external_gateway_interface) ?? 0;
    if (ext) {
      const iface = many(ext.config.interface).find((i) => (num(i.id) ?? 0) === peerInterface);
      const ref = iface ? tf.ref(ext.stack, iface.ip_address) : undefined;
      const conn = ref ? aws.connections.get(ref.element.key) : undefined;
      if (conn) {
        const tunnelNo = /tunnel2_/.test(ref!.attribute) ? 2 : 1;
        peer = { kind: "aws", connection: conn, tunnel: tunnelNo };
        units.push(`AWS tunnel ${tunnelNo} of ${conn.element.path}`);
        needs.push(
          [conn.element, `AWS VPN connection ${conn.element.path}`],
          [conn.gatewayElement, `AWS gateway ${conn.gatewayElement?.path}`],
          [conn.customerGateway, `AWS customer gateway ${conn.customerGateway?.path}`],
        );
        peerDomain = awsDomain(tf, domains, aws, conn);
      }
    }
    if (!peer) {
      const site = siteOfPath(e);
      if (site) {
        const iface = ext
          ? many(ext.config.interface).find((i) => (num(i.id) ?? 0) === peerInterface)
          : undefined;
        const address = iface?.ip_address === undefined ? undefined : String(iface.ip_address);
        peer = {
          kind: "on-premises",
          site: site.name,
          interface: ext ? peerInterface : undefined,
          address: address !== undefined ? (tf.literal(ext!.stack, address) ?? address) : undefined,
          redundancyType: ext ? String(ext.config.redundancy_type ?? "") : undefined,
        };
        peerDomain = domains.get(`on-premises:${site.name}`);
        // One address is one device (or one device address): its loss takes down every tunnel to it.
        const literal = address !== undefined ? tf.literal(ext!.stack, address) : undefined;
        if (literal !== undefined && literal !== "") units.push(`${site.name}'s VPN device at ${literal}`);
        else if (ext) units.push(`interface ${peerInterface} of ${site.name}'s VPN device`);
        else units.push(`${site.name}'s VPN device`);
      }
    }

    const iface = interfaces.get(e.key);
    const bgpPeer = iface ? peers.get(iface.key) : undefined;
    const router =
      routerByKey.get(tf.targetOf(e, e.config.router)?.key ?? "") ??
      (iface ? routerByKey.get(tf.targetOf(iface, iface.config.router)?.key ?? "") : undefined);
    const linkPath = e.fullPath.includes("/") ? e.fullPath.slice(0, e.fullPath.lastIndexOf("/")) : e.fullPath;
    const missing = needs.find(([x]) => x !== undefined && x.presence !== "present");
    tunnels.push({
      element: e,
      name,
      label: `${name} (${e.path})`,
      link: linkPath,
      network,
      region: tf.literal(e.stack, e.config.region),
      gateway: {
        kind: ha ? "ha" : "classic",
        key: gatewayElement?.key ?? "",
        label: gatewayLabel,
        interface: gcpInterface,
      },
      peer,
      peerDomain,
      bgp: bgpPeer ? readSession(tf, bgpPeer, iface, router, peer, peerDomain) : undefined,
      ikeVersion: num(e.config.ike_version) ?? 2,
      units,
      down: missing
        ? notCreated(
            missing[0]!,
            missing[1],
            `the tunnel ${name} needs it to carry traffic between the sites`,
          )
        : undefined,
    });
  }
  return tunnels;
}

/** The VPC at the AWS end of a connection: its VPN gateway's, or the first attached to its transit gateway. */
function awsDomain(
  tf: TerraformModel,
  domains: Map<string, DomainModel>,
  aws: Pick<AwsNetworks, "transitGateways">,
  conn: AwsVpnConnectionModel,
): DomainModel | undefined {
  if (conn.gateway?.kind === "vgw") {
    const attached = [...domains.values()].find(
      (d) => d.kind === "aws" && d.vgws.includes(conn.gateway!.key),
    );
    if (attached) return attached;
    // A gateway Terraform does not create is in no VPC's list: its vpc_id still says where it was.
    const gw = conn.gatewayElement;
    return gw ? domains.get(`aws:${tf.target(gw.stack, gw.config.vpc_id)?.key}`) : undefined;
  }
  if (conn.gateway?.kind === "tgw") {
    const vpcs = aws.transitGateways.get(conn.gateway.key)?.vpcs ?? [];
    return vpcs.length ? domains.get(vpcs[0]) : undefined;
  }
  return undefined;
}

/** The BGP session over a tunnel, checked from both ends. */
function readSession(
  tf: TerraformModel,
  bgpPeer: TfElement,
  iface: TfElement | undefined,
  router: GcpRouterModel | undefined,
  peer: TunnelPeer | undefined,
  peerDomain: DomainModel | undefined,
): TunnelBgp {
  const remote =
    peer?.kind === "aws"
      ? { kind: "aws" as const, connection: peer.connection!, tunnel: peer.tunnel! }
      : {
          kind: "on-premises" as const,
          site: peerDomain?.kind === "on-premises" ? (peerDomain as OnPremNetworkModel) : undefined,
        };
  const gcp = { peer: bgpPeer, interface: iface, router };
  const ends = sessionEnds(tf, gcp, remote);
  const needs: [TfElement | undefined, string][] = [
    [bgpPeer, `BGP peer ${bgpPeer.path}`],
    [iface, `Cloud Router interface ${iface?.path}`],
  ];
  const missing = needs.find(([x]) => x !== undefined && x.presence !== "present");
  return {
    element: bgpPeer,
    router,
    enabled: bool(bgpPeer.config.enable, true),
    advertisement:
      bgpPeer.config.advertise_mode === "CUSTOM"
        ? advertisementOf("CUSTOM", bgpPeer.config.advertised_groups, bgpPeer.config.advertised_ip_ranges)
        : undefined,
    ends,
    down: missing
      ? notCreated(missing[0]!, missing[1], `the ${ends} needs it`)
      : peer
        ? sessionDown(tf, gcp, remote)
        : undefined,
  };
}
