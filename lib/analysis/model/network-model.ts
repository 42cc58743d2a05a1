import { TerraformModel } from "../../core";
import {
  AwsSubnetModel,
  AwsVpcModel,
  AwsVpnConnectionModel,
  readAwsNetworks,
  TransitGatewayModel,
} from "./aws";
import { GcpNetworkModel, readGcpNetworks } from "./gcp";
import { GkeClusterModel, readGkeClusters } from "./gke";
import { AutoScalingGroupModel, LoadBalancerModel, readLoadBalancers } from "./load-balancers";
import { NetworkAclModel, readNetworkAcls } from "./network-acls";
import { OnPremInput, OnPremNetworkModel, readOnPremNetwork } from "./onprem";
import { readSecurityGroups, SecurityGroupModel } from "./security-groups";
import { readTunnels, TunnelModel } from "./tunnels";

// The network as it will be deployed, read from the synthesized Terraform: address spaces,
// route tables, BGP sessions and their advertisements, static routes, tunnels, firewalls,
// security groups, network ACLs and load balancers. The analysis walks it; it never looks at
// construct props.

/**
 * The types of Terraform elements the network model reads: an element of one of them whose
 * presence is known at plan time only is not assumed to exist (and is reported).
 *
 * @internal
 */
export const NETWORK_TYPES: readonly string[] = [
  "aws_autoscaling_attachment",
  "aws_autoscaling_group",
  "aws_customer_gateway",
  "aws_default_network_acl",
  "aws_ec2_transit_gateway",
  "aws_ec2_transit_gateway_vpc_attachment",
  "aws_launch_template",
  "aws_lb",
  "aws_lb_listener",
  "aws_lb_target_group",
  "aws_main_route_table_association",
  "aws_network_acl",
  "aws_network_acl_association",
  "aws_network_acl_rule",
  "aws_route",
  "aws_route_table",
  "aws_route_table_association",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_subnet",
  "aws_vpc",
  "aws_vpc_ipv4_cidr_block_association",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpn_connection",
  "aws_vpn_connection_route",
  "aws_vpn_gateway",
  "aws_vpn_gateway_attachment",
  "aws_vpn_gateway_route_propagation",
  "google_compute_external_vpn_gateway",
  "google_compute_firewall",
  "google_compute_ha_vpn_gateway",
  "google_compute_network",
  "google_compute_network_peering_routes_config",
  "google_compute_route",
  "google_compute_router",
  "google_compute_router_interface",
  "google_compute_router_peer",
  "google_compute_subnetwork",
  "google_compute_vpn_gateway",
  "google_compute_vpn_tunnel",
  "google_container_cluster",
  "google_container_node_pool",
];

/**
 * A routing domain: a VPC, a GCP network or an on-premises network.
 *
 * @internal
 */
export type DomainModel = AwsVpcModel | GcpNetworkModel | OnPremNetworkModel;

/**
 * The whole network model of an app.
 *
 * @internal
 */
export class NetworkModel {
  /** Routing domains by id. */
  public readonly domains = new Map<string, DomainModel>();
  /** Tunnels. */
  public readonly tunnels: TunnelModel[];
  /** AWS VPN connections by key. */
  public readonly connections: Map<string, AwsVpnConnectionModel>;
  /** Security groups by key. */
  public readonly securityGroups: Map<string, SecurityGroupModel>;
  /** Load balancers by key. */
  public readonly loadBalancers: Map<string, LoadBalancerModel>;
  /** Auto scaling groups by key. */
  public readonly autoScalingGroups: Map<string, AutoScalingGroupModel>;
  /** Transit gateways by key: VPCs attached and whether VPN routes propagate. */
  public readonly transitGateways: Map<string, TransitGatewayModel>;
  /** GKE clusters by key. */
  public readonly gkeClusters: Map<string, GkeClusterModel>;
  /** AWS network ACLs by key (aws_network_acl and aws_default_network_acl). */
  public readonly networkAcls: Map<string, NetworkAclModel>;
  /** AWS subnets by key. */
  private readonly awsSubnets: Map<string, AwsSubnetModel>;

  constructor(
    /** The Terraform it was read from. */
    public readonly tf: TerraformModel,
    onPrem: readonly OnPremInput[] = [],
  ) {
    const aws = readAwsNetworks(tf);
    for (const vpc of aws.vpcs.values()) this.domains.set(vpc.id, vpc);
    this.awsSubnets = aws.subnets;
    this.transitGateways = aws.transitGateways;
    this.connections = aws.connections;
    this.networkAcls = readNetworkAcls(tf, aws.vpcs, aws.subnets);
    this.securityGroups = readSecurityGroups(tf);
    const lbs = readLoadBalancers(tf, aws.vpcs, aws.subnets);
    this.autoScalingGroups = lbs.autoScalingGroups;
    this.loadBalancers = lbs.loadBalancers;

    const gcp = readGcpNetworks(tf);
    for (const network of gcp.networks.values()) this.domains.set(network.id, network);
    this.gkeClusters = readGkeClusters(tf, gcp);

    for (const site of onPrem) {
      const network = readOnPremNetwork(site);
      this.domains.set(network.id, network);
    }
    this.tunnels = readTunnels(tf, this.domains, aws, onPrem);
  }

  /** The AWS subnet with a key. */
  public awsSubnet(key: string): AwsSubnetModel | undefined {
    return this.awsSubnets.get(key);
  }

  /** The domain an element belongs to (its VPC or network). */
  public domainOf(key: string): DomainModel | undefined {
    return this.domains.get(`aws:${key}`) ?? this.domains.get(`gcp:${key}`);
  }
}
