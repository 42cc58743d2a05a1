import { AnalysisInput, ClusterInput, OnPremInput } from "../analysis";
import { ClusterPlatform, keyOf, KUBE_API_PORT, TerraformModel } from "../core";
import { ClassicVpn } from "../vpn";
import type { TopologyContext } from "./context";
import { unique } from "./plan/ranges";

/**
 * What the analysis reads of a topology: the synthesized Terraform of its stacks, its on-premises
 * sites, and where each cluster is (its load balancers, groups and addresses in that Terraform).
 *
 * @internal
 */
export function analysisInputOf(ctx: TopologyContext, model: TerraformModel): AnalysisInput {
  const { props, roles } = ctx;
  const clusters: ClusterInput[] = [];
  const siteOfNetwork: Record<string, string> = {};
  for (const s of Object.values(ctx.awsSites)) {
    siteOfNetwork[keyOf(s.network.vpc)] = s.spec.name;
    const cp = s.controlPlane;
    clusters.push({
      platform: ClusterPlatform.AWS,
      name: cp.clusterName,
      site: s.spec.name,
      ...roles.roleOf(cp.clusterName),
      apiLoadBalancer: keyOf(cp.loadBalancer),
      gatewayLoadBalancer: keyOf(s.meshGateway.loadBalancer),
      gatewayAddresses: s.meshGateway.addresses,
      nodeGroups: [keyOf(s.nodePool.autoScalingGroup)],
      controlPlaneGroups: cp.replicas.map((r) => keyOf(r.autoScalingGroup)),
      internalRanges: [s.ranges.pods, s.ranges.services],
    });
  }
  for (const s of Object.values(ctx.gcpSites)) {
    siteOfNetwork[keyOf(s.network.network)] = s.spec.name;
    clusters.push({
      platform: ClusterPlatform.GKE,
      name: s.cluster.clusterName,
      site: s.spec.name,
      ...roles.roleOf(s.cluster.clusterName),
      cluster: keyOf(s.cluster.cluster),
      gatewayAddress: s.gatewayAddress,
    });
  }
  const onPrem: OnPremInput[] = [];
  for (const s of Object.values(ctx.onPremSites)) {
    clusters.push({
      platform: ClusterPlatform.ON_PREMISES,
      name: s.cluster.name,
      site: s.name,
      ...roles.roleOf(s.cluster.name),
      apiAddress: s.cluster.apiServerAddress,
      apiPort: s.cluster.apiServerPort ?? KUBE_API_PORT,
      gatewayAddress: s.cluster.gatewayAddress,
    });
    // The device as its peer sheets describe it: the same model.
    const links = Object.values(ctx.links).filter((l) => l.spec.between === s.name || l.spec.and === s.name);
    const device = ctx.devices.get(s.name)!;
    const cidrs = (ranges: readonly { cidr: string }[]) => ranges.map((r) => r.cidr);
    onPrem.push({
      name: s.name,
      ranges: s.ranges,
      acceptsFrom: cidrs(device.acceptsFrom),
      staticRoutes: unique(
        links.flatMap((l) => (l.vpn instanceof ClassicVpn ? cidrs(device.routes.get(l.spec) ?? []) : [])),
      ),
      links: links.map((l) => l.vpn.node.path),
      ...(device.asn !== undefined ? { asn: device.asn, advertises: cidrs(device.advertises) } : {}),
    });
  }
  return {
    model,
    onPrem,
    siteOfNetwork,
    clusters,
    meshModel: roles.model,
    options: props.analysis === false ? undefined : props.analysis,
    ...(props.deployer
      ? { deployer: { site: props.deployer.site, cidrs: ctx.ranges.deployerCidrs(props.deployer) } }
      : {}),
  };
}
