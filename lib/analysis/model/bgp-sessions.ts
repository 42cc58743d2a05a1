import { formatIpv4, interfaceRange, parseIpv4, TerraformModel, TfElement } from "../../core";
import { num } from "../../core/terraform/values";
import { Blocked } from "../blocked";
import { ExplanationCode } from "../result";
import type { AwsVpnConnectionModel } from "./aws";
import type { GcpRouterModel } from "./gcp";
import type { OnPremNetworkModel } from "./onprem";

// Whether a BGP session can come up, from both of its ends: the Cloud Router's interface and peer
// (google_compute_router_interface.ip_range, google_compute_router_peer.peer_ip_address and
// peer_asn, the router's bgp.asn) against the other end: an AWS tunnel (its inside /30, where AWS
// takes the first usable address and the customer gateway, here the Cloud Router, the second; its
// gateway's amazon_side_asn; the customer gateway's bgp_asn) or an on-premises device (its ASN).

/**
 * The Cloud Router's end of a session.
 *
 * @internal
 */
export interface GcpSessionEnd {
  /** The google_compute_router_peer. */
  readonly peer: TfElement;
  /** The google_compute_router_interface. */
  readonly interface?: TfElement;
  /** The Cloud Router. */
  readonly router?: GcpRouterModel;
}

/**
 * The other end of a session.
 *
 * @internal
 */
export type RemoteSessionEnd =
  | {
      /** An AWS tunnel. */
      readonly kind: "aws";
      /** Its connection. */
      readonly connection: AwsVpnConnectionModel;
      /** Which tunnel. */
      readonly tunnel: 1 | 2;
    }
  | {
      /** An on-premises device. */
      readonly kind: "on-premises";
      /** Its site. */
      readonly site?: OnPremNetworkModel;
    };

/**
 * The two ends of a session in words: the GCP peer and the AWS tunnel or the device.
 *
 * @internal
 */
export function sessionEnds(tf: TerraformModel, gcp: GcpSessionEnd, remote: RemoteSessionEnd): string {
  const name = tf.nameOf(gcp.peer);
  const other =
    remote.kind === "aws"
      ? `AWS tunnel ${remote.tunnel} of ${remote.connection.element.path}`
      : `${remote.site?.name ?? "the peer"}'s VPN device`;
  return `BGP session ${name} (${gcp.peer.path}) <-> ${other}`;
}

/**
 * Why a session cannot come up, or undefined when it can (or when what it depends on is known
 * only at deploy time: then it is not refuted).
 *
 * @internal
 */
export function sessionDown(
  tf: TerraformModel,
  gcp: GcpSessionEnd,
  remote: RemoteSessionEnd,
): Blocked | undefined {
  const hop = sessionEnds(tf, gcp, remote);
  const down = (reason: string, fix: string): Blocked => ({
    hop,
    reason: `${reason}: the BGP session cannot come up, so no route crosses it`,
    fix,
    code: ExplanationCode.BGP_SESSION_DOWN,
  });
  const peer = gcp.peer;
  if (peer.config.enable === false || peer.config.enable === "false")
    return down("the session is disabled (enable = false)", `enable the BGP peer ${peer.path}`);
  const peerAsn = num(peer.config.peer_asn);
  const routerAsn = gcp.router?.asn;
  if (peerAsn !== undefined && routerAsn !== undefined && peerAsn === routerAsn)
    return down(
      `the Cloud Router and its peer both use ASN ${peerAsn}: HA VPN needs external BGP, two different ASNs`,
      "give the peer its own ASN (and the Cloud Router peer the same in peer_asn)",
    );
  const rangeText = gcp.interface
    ? tf.literal(gcp.interface.stack, gcp.interface.config.ip_range)
    : undefined;
  const range = interfaceRange(rangeText);
  const peerIp = parseIpv4(String(tf.literal(peer.stack, peer.config.peer_ip_address) ?? ""));
  if (range) {
    const size = 2 ** (32 - range.prefixLength);
    const usable = (a: number) => a > range.network && a < range.network + size - 1;
    if (range.prefixLength !== 30)
      return down(
        `the Cloud Router interface's range ${rangeText} is not a /30`,
        "give the interface the /30 of the tunnel's inside addresses",
      );
    if (!usable(range.address))
      return down(
        `the Cloud Router interface's address ${formatIpv4(range.address)} is the /30's network or broadcast address`,
        `use ${formatIpv4(range.network + 1)} or ${formatIpv4(range.network + 2)}`,
      );
    if (peerIp !== undefined && (!usable(peerIp) || peerIp === range.address)) {
      const other = range.address === range.network + 1 ? range.network + 2 : range.network + 1;
      return down(
        `the BGP peer's address ${formatIpv4(peerIp)} is not the other usable address of the Cloud Router interface's /30 (${rangeText})`,
        `give the peer ${formatIpv4(other)} (peer_ip_address of ${peer.path})`,
      );
    }
  }
  if (remote.kind === "on-premises") {
    const device = remote.site?.asn;
    if (device !== undefined && peerAsn !== undefined && device !== peerAsn)
      return down(
        `the Cloud Router peer expects ASN ${peerAsn} (peer_asn) but ${remote.site!.name}'s VPN device has ASN ${device}`,
        `set peer_asn of ${peer.path} to ${device}, the device's ASN`,
      );
    return undefined;
  }
  const conn = remote.connection;
  const gatewayWord = conn.gateway?.kind === "tgw" ? "transit gateway" : "VPN gateway";
  if (peerAsn !== undefined && conn.gatewayAsn !== undefined && peerAsn !== conn.gatewayAsn)
    return down(
      `the Cloud Router peer expects ASN ${peerAsn} (peer_asn) but the AWS ${gatewayWord} ${conn.gatewayElement?.path ?? ""} has ASN ${conn.gatewayAsn} (amazon_side_asn)`,
      `set peer_asn of ${peer.path} to ${conn.gatewayAsn}, the AWS gateway's ASN`,
    );
  if (
    routerAsn !== undefined &&
    conn.customerGatewayAsn !== undefined &&
    routerAsn !== conn.customerGatewayAsn
  )
    return down(
      `the AWS customer gateway ${conn.customerGateway!.path} has bgp_asn ${conn.customerGatewayAsn} but the Cloud Router's ASN is ${routerAsn}`,
      `set bgp_asn of ${conn.customerGateway!.path} to ${routerAsn}, the Cloud Router's ASN`,
    );
  // The inside /30: AWS takes its first usable address, the Cloud Router (the customer gateway) the second.
  const inside = conn.insideCidrs[remote.tunnel - 1];
  const attribute = `tunnel${remote.tunnel}_inside_cidr`;
  if (inside === undefined || inside === null) {
    if (range)
      return down(
        `the AWS tunnel's inside CIDR is not set (${attribute}): AWS picks a /30 at random, which the Cloud Router interface's literal ${rangeText} matches only by chance`,
        `set ${attribute} of ${conn.element.path} to the /30 of the Cloud Router interface`,
      );
    return undefined;
  }
  const awsRange = interfaceRange(tf.literal(conn.element.stack, inside));
  if (!awsRange || !range) return undefined;
  const aws = awsRange.network + 1;
  const customer = awsRange.network + 2;
  if (
    range.network === awsRange.network &&
    range.address === customer &&
    (peerIp === undefined || peerIp === aws)
  )
    return undefined;
  return down(
    `the AWS tunnel's inside CIDR is ${inside} (AWS end ${formatIpv4(aws)}, Cloud Router end ${formatIpv4(customer)}) but the Cloud Router interface is ${rangeText}${peerIp !== undefined ? ` with peer ${formatIpv4(peerIp)}` : ""}: the two ends are not one /30 with complementary addresses`,
    `give the Cloud Router interface ${formatIpv4(customer)}/30 and its BGP peer ${formatIpv4(aws)}, or set ${attribute} of ${conn.element.path} to the interface's /30`,
  );
}
