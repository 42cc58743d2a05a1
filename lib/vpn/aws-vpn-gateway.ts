// The AWS end of an AwsHaVpn: a virtual private gateway or a transit gateway, and how traffic to
// GCP reaches it from the VPC's private route tables.
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Route } from "@cdktf/provider-aws/lib/route";
import { VpnConnectionConfig } from "@cdktf/provider-aws/lib/vpn-connection";
import { VpnGateway } from "@cdktf/provider-aws/lib/vpn-gateway";
import { VpnGatewayRoutePropagation } from "@cdktf/provider-aws/lib/vpn-gateway-route-propagation";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { awsNameTag } from "../core";
import { IAwsNetwork } from "../aws";

/** The AWS end of a GCP-AWS link. */
export enum AwsVpnGatewayKind {
  /**
   * A virtual private gateway attached to the VPC, with route propagation into the private route
   * tables. It carries one tunnel at a time (the others stand by): the bandwidth of one tunnel.
   */
  VIRTUAL_PRIVATE_GATEWAY = "virtual-private-gateway",
  /**
   * A transit gateway with ECMP across all tunnels (more bandwidth; more than 4 tunnels possible),
   * attached to the VPC's private subnets, with routes to the GCP ranges in the private route tables.
   */
  TRANSIT_GATEWAY = "transit-gateway",
}

/**
 * The AWS gateway of a link, and what its VPN connections name it by.
 *
 * @internal
 */
export interface AwsGatewayEnd {
  /** The virtual private gateway, if used. */
  readonly vpnGateway?: VpnGateway;
  /** The transit gateway, if used. */
  readonly transitGateway?: Ec2TransitGateway;
  /** The gateway's id, as a VPN connection takes it. */
  readonly connectionArgs: Pick<VpnConnectionConfig, "vpnGatewayId" | "transitGatewayId">;
}

/**
 * Creates the AWS gateway of a link and routes the GCP ranges to it: a virtual private gateway
 * ("VpnGateway") propagating its routes into the private route tables ("RoutePropagation<n>"), or
 * a transit gateway with ECMP ("TransitGateway"), attached to the private subnets
 * ("VpcAttachment"), with a route per private route table and GCP range ("RouteToGcp<t>-<r>").
 *
 * @internal
 */
export function newAwsGateway(
  link: Construct,
  kind: AwsVpnGatewayKind,
  awsNetwork: IAwsNetwork,
  amazonSideAsn: number,
  gcpRanges: () => string[],
  tunnelCount: number,
): AwsGatewayEnd {
  if (kind === AwsVpnGatewayKind.VIRTUAL_PRIVATE_GATEWAY) {
    const vpnGateway = new VpnGateway(link, "VpnGateway", {
      vpcId: awsNetwork.vpcId,
      amazonSideAsn: String(amazonSideAsn),
      tags: { Name: awsNameTag(link) },
    });
    awsNetwork.privateRouteTableIds.forEach(
      (routeTableId, i) =>
        new VpnGatewayRoutePropagation(link, `RoutePropagation${i + 1}`, {
          routeTableId,
          vpnGatewayId: vpnGateway.id,
        }),
    );
    if (tunnelCount >= 4) {
      Annotations.of(link).addInfo(
        "hybrid-mesh: a virtual private gateway carries one tunnel at a time; the others stand by. Use a transit gateway for ECMP across tunnels.",
      );
    }
    return { vpnGateway, connectionArgs: { vpnGatewayId: vpnGateway.id } };
  }
  const transitGateway = new Ec2TransitGateway(link, "TransitGateway", {
    amazonSideAsn,
    description: "hybrid-mesh: GCP HA VPN with ECMP",
    vpnEcmpSupport: "enable",
    defaultRouteTableAssociation: "enable",
    defaultRouteTablePropagation: "enable",
    dnsSupport: "enable",
    tags: { Name: awsNameTag(link) },
  });
  const attachment = new Ec2TransitGatewayVpcAttachment(link, "VpcAttachment", {
    transitGatewayId: transitGateway.id,
    vpcId: awsNetwork.vpcId,
    subnetIds: awsNetwork.privateSubnets.map((s) => s.subnetId),
    tags: { Name: awsNameTag(link) },
  });
  awsNetwork.privateRouteTableIds.forEach((routeTableId, t) =>
    gcpRanges().forEach(
      (range, r) =>
        new Route(link, `RouteToGcp${t + 1}-${r + 1}`, {
          routeTableId,
          destinationCidrBlock: range,
          transitGatewayId: transitGateway.id,
          dependsOn: [attachment],
        }),
    ),
  );
  return { transitGateway, connectionArgs: { transitGatewayId: transitGateway.id } };
}
