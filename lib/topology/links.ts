import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Tags } from "../core";
import { CloudRouter } from "../gcp";
import { AwsHaVpn, ClassicVpn, PeerHaVpn } from "../vpn";
import type { TopologyContext } from "./context";
import { unique } from "./plan/ranges";
import type { AwsSite, GcpSite, Link } from "./props";
import type { LinkSpec, OnPremSiteSpec } from "./spec/spec";
import { awsProvider, googleProvider, useProvider } from "./stacks";

/**
 * Builds a link (`link-<gcp>-<other>`, in the GCP site's stack or its own) and adds it to the
 * topology's links: HA VPN to an AWS site; to an on-premises device, HA VPN with BGP when it
 * has an ASN, else Classic VPN with static routes.
 *
 * @internal
 */
export function buildLink(ctx: TopologyContext, l: LinkSpec): void {
  const gcpName = ctx.kinds.get(l.between) === "gcp" ? l.between : l.and;
  const otherName = gcpName === l.between ? l.and : l.between;
  const g = ctx.gcpSites[gcpName];
  const linkId = `${gcpName}-${otherName}`;
  const stack = ctx.stacks.forLink(gcpName, linkId);
  googleProvider(stack, g.spec.project, g.spec.region);
  const scope = new Construct(stack, `link-${linkId}`);
  Tags.of(scope).add("link", linkId);
  // What the GCP end advertises: its subnets (with the pod and service ranges), its private
  // control plane, and the ranges of every other site linked to it (transit).
  const transit = (ctx.props.links ?? [])
    .filter((x) => x !== l && (x.between === gcpName || x.and === gcpName))
    .map((x) => (x.between === gcpName ? x.and : x.between))
    .flatMap((site) => ctx.ranges.of(site).routed);
  const link: LinkOf = { spec: l, stack, scope, gcp: g, transit, allowAll: l.allowAllTraffic ?? false };
  if (ctx.kinds.get(otherName) === "aws") {
    ctx.links[linkId] = awsHaVpn(link, ctx.awsSites[otherName]);
    return;
  }
  const o = ctx.onPremSites[otherName];
  const peerAddresses = o.vpn.addresses ?? peerAddressVariables(stack, o);
  ctx.links[linkId] =
    o.vpn.asn !== undefined
      ? peerHaVpn(link, o, o.vpn.asn, peerAddresses)
      : classicVpn(link, o, unique([...ctx.ranges.of(gcpName).routed, ...transit]), peerAddresses);
}

/** A link being built: what its VPN is built from. */
interface LinkOf {
  /** The spec. */
  readonly spec: LinkSpec;
  /** The stack holding both ends. */
  readonly stack: TerraformStack;
  /** The link's construct (`link-<gcp>-<other>`). */
  readonly scope: Construct;
  /** The GCP end. */
  readonly gcp: GcpSite;
  /** Ranges of the other sites linked to the GCP end (transit). */
  readonly transit: string[];
  /** Whether each end admits all traffic from the other (LinkSpec.allowAllTraffic). */
  readonly allowAll: boolean;
}

/** HA VPN between the GCP end and an AWS site (VGW or TGW), with BGP. */
function awsHaVpn({ spec, stack, scope, gcp, transit, allowAll }: LinkOf, a: AwsSite): Link {
  useProvider(scope, awsProvider(stack, a.spec.region));
  const router = new CloudRouter(scope, "Router", {
    network: gcp.network,
    asn: gcp.asn,
    advertisedRanges: unique([gcp.ranges.controlPlane, ...transit]),
  });
  const vpn = new AwsHaVpn(scope, "Vpn", {
    gcpNetwork: gcp.network,
    cloudRouter: router,
    awsNetwork: a.network,
    awsGateway: spec.awsGateway,
    amazonSideAsn: a.asn,
    tunnels: spec.tunnels,
    gcpFirewall: allowAll,
    awsSecurityGroups: allowAll ? [a.controlPlane.nodeSecurityGroup] : undefined,
  });
  return { spec, stack, vpn, router };
}

/** HA VPN with BGP between the GCP end and an on-premises device with an ASN. */
function peerHaVpn(
  { spec, stack, scope, gcp, transit, allowAll }: LinkOf,
  o: OnPremSiteSpec,
  peerAsn: number,
  peerAddresses: string[],
): Link {
  const router = new CloudRouter(scope, "Router", {
    network: gcp.network,
    asn: gcp.asn,
    advertisedRanges: unique([gcp.ranges.controlPlane, ...transit]),
  });
  const vpn = new PeerHaVpn(scope, "Vpn", {
    gcpNetwork: gcp.network,
    cloudRouter: router,
    peerName: o.name,
    peerAddresses,
    peerAsn,
    peerRanges: o.ranges,
    tunnels: spec.tunnels,
    ike: o.vpn.ike,
    gcpFirewall: allowAll,
  });
  return { spec, stack, vpn, router, peerAddresses };
}

/**
 * Classic VPN with static routes between the GCP end and an on-premises device without BGP.
 *
 * @param gcpRanges what the GCP end routes to the device: its own ranges and transit
 */
function classicVpn(
  { spec, stack, scope, gcp, allowAll }: LinkOf,
  o: OnPremSiteSpec,
  gcpRanges: string[],
  peerAddresses: string[],
): Link {
  const vpn = new ClassicVpn(scope, "Vpn", {
    gcpNetwork: gcp.network,
    gatewayName: spec.gatewayName,
    tunnelName: spec.tunnelName,
    peerName: o.name,
    peerAddress: peerAddresses[0],
    peerRanges: o.ranges,
    ike: o.vpn.ike,
    gcpFirewall: allowAll,
    gcpRanges,
  });
  return { spec, stack, vpn, peerAddresses };
}

/** Terraform variables `<site>_vpn_address_<n>` for the device's public addresses, set at deploy. */
function peerAddressVariables(stack: TerraformStack, o: OnPremSiteSpec): string[] {
  return Array.from(
    { length: o.vpn.addressCount ?? 1 },
    (_, i) =>
      new TerraformVariable(stack, `${o.name.replace(/-/g, "_")}_vpn_address_${i + 1}`, {
        type: "string",
        description: `Public IPv4 address ${i + 1} of ${o.name}'s VPN device`,
      }).stringValue,
  );
}
