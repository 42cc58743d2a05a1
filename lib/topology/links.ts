import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Tags } from "../core";
import { CloudRouter } from "../gcp";
import { AwsHaVpn, ClassicVpn, PeerDeviceModel, PeerHaVpn } from "../vpn";
import type { TopologyContext } from "./context";
import { deviceForLink, linkEnds, linkRoutes, OnPremDevice } from "./plan/devices";
import type { AwsSite, GcpSite, Link } from "./props";
import type { LinkSpec, OnPremSiteSpec } from "./spec/spec";
import { awsProvider, googleProvider, useProvider } from "./stacks";

/**
 * Builds a link (`link-<gcp>-<other>`, in the GCP site's stack or its own) and adds it to the
 * topology's links: HA VPN to an AWS site; to an on-premises device, HA VPN with BGP when it
 * has an ASN, else Classic VPN with static routes. What the GCP end routes to the other end
 * comes from {@link linkRoutes}; the tunnels' inside /30s from the topology's one allocator.
 *
 * @internal
 */
export function buildLink(ctx: TopologyContext, l: LinkSpec): void {
  const { gcp: gcpName, other: otherName } = linkEnds(l, ctx.kinds);
  const g = ctx.gcpSites[gcpName];
  const linkId = `${gcpName}-${otherName}`;
  const stack = ctx.stacks.forLink(gcpName, linkId);
  googleProvider(stack, g.spec.project, g.spec.region);
  const scope = new Construct(stack, `link-${linkId}`);
  Tags.of(scope).add("link", linkId);
  // What the GCP end routes to the other end: its own ranges, the ranges of every other site
  // linked to it (transit) and the link's additional ranges. Its Cloud Router advertises all its
  // subnets (with their pod and service ranges) and the others as custom ranges.
  // (An on-premises device's plan holds them already.)
  const routes = (
    ctx.devices.get(otherName)?.routes.get(l) ?? linkRoutes(ctx.ranges, ctx.props.links ?? [], ctx.kinds, l)
  ).map((r) => r.cidr);
  const subnets = new Set([g.ranges.subnet, g.ranges.pods, g.ranges.services]);
  const link: LinkOf = {
    spec: l,
    stack,
    scope,
    gcp: g,
    advertised: routes.filter((r) => !subnets.has(r)),
    allowAll: l.allowAllTraffic ?? false,
    // One scope for every link of the topology: no tunnel inside /30 is used twice.
    insideCidrScope: `topology:${ctx.scope.node.path}`,
  };
  if (ctx.kinds.get(otherName) === "aws") {
    ctx.links[linkId] = awsHaVpn(link, ctx.awsSites[otherName]);
    return;
  }
  const o = ctx.onPremSites[otherName];
  const device = ctx.devices.get(o.name)!;
  const peerAddresses = o.vpn.addresses ?? peerAddressVariables(stack, o);
  if (o.vpn.asn === undefined) {
    ctx.links[linkId] = classicVpn(link, o, deviceForLink(device, l), peerAddresses);
    return;
  }
  ctx.links[linkId] = peerHaVpn(link, o, device, peerAddresses);
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
  /** Those its Cloud Router advertises as custom ranges (beyond its subnets). */
  readonly advertised: string[];
  /** Whether each end admits all traffic from the other (LinkSpec.allowAllTraffic). */
  readonly allowAll: boolean;
  /** The scope in which the link's tunnel inside /30s are unique (the topology's). */
  readonly insideCidrScope: string;
}

/**
 * HA VPN between the GCP end and an AWS site (VGW or TGW), with BGP: the AWS gateway routes every
 * range of the GCP end (a transit gateway by a route per range; a virtual private gateway by BGP).
 */
function awsHaVpn(
  { spec, stack, scope, gcp, advertised, allowAll, insideCidrScope }: LinkOf,
  a: AwsSite,
): Link {
  useProvider(scope, awsProvider(stack, a.spec.region));
  const router = new CloudRouter(scope, "Router", {
    network: gcp.network,
    asn: gcp.asn,
    advertisedRanges: advertised,
  });
  const vpn = new AwsHaVpn(scope, "Vpn", {
    gcpNetwork: gcp.network,
    cloudRouter: router,
    awsNetwork: a.network,
    awsGateway: spec.awsGateway,
    amazonSideAsn: a.asn,
    tunnels: spec.tunnels,
    insideCidrScope,
    gcpFirewall: allowAll,
    awsSecurityGroups: allowAll ? [a.controlPlane.nodeSecurityGroup] : undefined,
  });
  return { spec, stack, vpn, router };
}

/** HA VPN with BGP between the GCP end and an on-premises device with an ASN. */
function peerHaVpn(link: LinkOf, o: OnPremSiteSpec, device: OnPremDevice, peerAddresses: string[]): Link {
  const { spec, stack, scope, gcp, advertised, allowAll, insideCidrScope } = link;
  const router = new CloudRouter(scope, "Router", {
    network: gcp.network,
    asn: gcp.asn,
    advertisedRanges: advertised,
  });
  const vpn = new PeerHaVpn(scope, "Vpn", {
    gcpNetwork: gcp.network,
    cloudRouter: router,
    peerName: o.name,
    peerAddresses,
    peerAsn: device.asn!,
    peerRanges: o.ranges,
    tunnels: spec.tunnels,
    insideCidrScope,
    ike: o.vpn.ike,
    gcpFirewall: allowAll,
    device: deviceForLink(device, spec),
  });
  return { spec, stack, vpn, router, peerAddresses };
}

/**
 * Classic VPN with static routes between the GCP end and an on-premises device without BGP: the
 * device's static routes are the model's routes of the link.
 */
function classicVpn(
  { spec, stack, scope, gcp, allowAll }: LinkOf,
  o: OnPremSiteSpec,
  device: PeerDeviceModel,
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
    device,
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
