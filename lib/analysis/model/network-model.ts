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
