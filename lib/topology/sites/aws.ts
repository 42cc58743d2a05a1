import { Construct } from "constructs";
import { AwsNetwork, ControlPlane, MeshGatewayLoadBalancer, NodePool } from "../../aws";
import { Cidr, Tags } from "../../core";
import type { TopologyContext } from "../context";
import type { SiteClients } from "../plan/clients";
import { aggregate } from "../plan/ranges";
import type { AwsSiteSpec } from "../spec/spec";
import { awsProvider, useProvider } from "../stacks";

/**
 * Builds an AWS site (`site-<name>` in its stack): the VPC, the control plane and its API load
 * balancer, the node pool and the east-west gateway's load balancer, at fixed addresses of the
 * private subnets, admitting the site's clients. Adds it to the topology's AWS sites.
 *
 * @internal
 */
export function buildAwsSite(ctx: TopologyContext, s: AwsSiteSpec, asn: number, clients: SiteClients): void {
  const stack = ctx.stacks.forSite(s.name);
  const provider = awsProvider(stack, s.region);
  const scope = new Construct(stack, `site-${s.name}`);
  useProvider(scope, provider);
  Tags.of(scope).add("site", s.name);
  const plan = ctx.plan.aws[s.name];
  const network = new AwsNetwork(scope, "Network", {
    cidr: plan.vpc,
    region: s.region,
    availabilityZones: s.availabilityZones,
    natGateways: s.natGateways,
  });
  const addressesAt = (index: number) =>
    network.privateSubnets.map((sn) => Cidr.parse(sn.cidr).address(index));
  const controlPlane = new ControlPlane(scope, "ControlPlane", {
    network,
    clusterName: s.cluster.name,
    replicas: s.cluster.replicas,
    instanceType: s.cluster.controlPlaneInstanceType,
    podCidr: plan.pods,
    serviceCidr: plan.services,
    loadBalancer: { privateIpAddresses: addressesAt(10) },
  });
  const nodePool = new NodePool(scope, "Nodes", {
    controlPlane,
    name: "general",
    instanceTypes: s.cluster.nodeInstanceTypes,
    minSize: s.cluster.minNodes,
    maxSize: s.cluster.maxNodes,
  });
  const gatewayClients = aggregate(clients.gateway);
  const meshGateway = new MeshGatewayLoadBalancer(scope, "MeshGateway", {
    controlPlane,
    nodePools: [nodePool],
    privateIpAddresses: addressesAt(20),
    allowedCidrs: gatewayClients.length ? gatewayClients : [plan.vpc],
  });
  aggregate(clients.api).forEach((cidr) => controlPlane.allowApiFrom(cidr, ctx.ranges.labelOf(cidr)));
  ctx.awsSites[s.name] = {
    spec: s,
    stack,
    network,
    controlPlane,
    nodePool,
    meshGateway,
    ranges: plan,
    asn,
  };
}
