import { IConstruct } from "constructs";

/** One subnet of an {@link IAwsNetwork}. */
export interface AwsSubnet {
  /** Subnet id (a token until deployed). */
  readonly subnetId: string;
  /** Availability zone name (a token when the zones were looked up rather than given). */
  readonly availabilityZone: string;
  /** Position of the zone in the network's zone list, from 0. */
  readonly zoneIndex: number;
  /** IPv4 range of the subnet, known at synth. */
  readonly cidr: string;
  /** Route table the subnet is associated with. */
  readonly routeTableId: string;
}

/**
 * What other layers need from an AWS network: the VPN layer propagates or adds routes into the
 * private route tables; the control plane and node pools place instances and load balancers in
 * the private subnets. Implemented by {@link AwsNetwork}; implement it yourself to use a VPC
 * that hybrid-mesh did not create.
 */
export interface IAwsNetwork extends IConstruct {
  /** VPC id. */
  readonly vpcId: string;
  /** The VPC's IPv4 range, known at synth. */
  readonly vpcCidr: string;
  /** Public subnets, one per zone, in zone order (empty when the network has none). */
  readonly publicSubnets: readonly AwsSubnet[];
  /** Private subnets, one per zone, in zone order. */
  readonly privateSubnets: readonly AwsSubnet[];
  /** The route tables of the private subnets, one per private subnet. */
  readonly privateRouteTableIds: readonly string[];
}

/**
 * What the VPN and mesh layers need from a Kubernetes cluster on AWS: the security groups to
 * open to peer networks, and the ranges the cluster uses.
 */
export interface IAwsClusterNetworking extends IConstruct {
  /** Kubernetes cluster name. */
  readonly clusterName: string;
  /** Pod range of the cluster. */
  readonly podCidr: string;
  /** Service range of the cluster. */
  readonly serviceCidr: string;
  /** Security group of the control-plane instances. */
  readonly controlPlaneSecurityGroupId: string;
  /** Security group of the control-plane load balancer (API 6443 is opened on it). */
  readonly loadBalancerSecurityGroupId: string;
  /** Security group shared by the cluster's worker nodes (node ports are opened on it). */
  readonly nodeSecurityGroupId: string;
}
