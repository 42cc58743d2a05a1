import { AnalysisResult } from "../../analysis";
import { KUBE_API_PORT } from "../../core";
import { AwsHaVpn, ClassicVpn } from "../../vpn";
import type { TopologyContext } from "../context";
import { DiagramInput, DiagramLink, DiagramSite } from "./render";

/**
 * What the diagram of a topology shows: sites, networks and ranges, clusters and gateways, links,
 * and (with the analysis) mesh edges.
 *
 * @internal
 */
export function diagramInputOf(ctx: TopologyContext, analysis: AnalysisResult | undefined): DiagramInput {
  const { roles } = ctx;
  const sites: DiagramSite[] = [];
  for (const s of Object.values(ctx.awsSites)) {
    sites.push({
      name: s.spec.name,
      kind: "aws",
      location: `AWS ${s.spec.region}`,
      network: `VPC ${s.ranges.vpc}`,
      ranges: [
        `private subnets in ${s.network.availabilityZones.length} zones`,
        `pods ${s.ranges.pods} (in cluster)`,
        `services ${s.ranges.services} (in cluster)`,
      ],
      cluster: {
        name: s.controlPlane.clusterName,
        detail: `${s.controlPlane.replicas.length} control-plane replicas, nodes ${s.spec.cluster.minNodes ?? 2}-${s.spec.cluster.maxNodes ?? 6}`,
        role: roles.roleLabel(s.controlPlane.clusterName),
        gateway: [`NLB ${s.meshGateway.addresses.join(", ")}`],
        api: `NLB ${s.controlPlane.endpointAddresses.join(", ")}:6443`,
      },
    });
  }
  for (const s of Object.values(ctx.gcpSites)) {
    sites.push({
      name: s.spec.name,
      kind: "gcp",
      location: `GCP ${s.spec.project} / ${s.spec.region}`,
      network: `VPC ${s.network.networkName}`,
      ranges: [
        `nodes ${s.ranges.subnet}`,
        `pods ${s.ranges.pods}`,
        `services ${s.ranges.services}`,
        `control plane ${s.ranges.controlPlane}`,
      ],
      cluster: {
        name: s.cluster.clusterName,
        detail: `GKE ${s.spec.cluster.zone ? `zonal ${s.spec.cluster.zone}` : "regional"}`,
        role: roles.roleLabel(s.cluster.clusterName),
        gateway: [`internal LB ${s.gatewayAddress ?? "(address assigned by GKE)"}`],
        api: `private endpoint in ${s.ranges.controlPlane}`,
      },
    });
  }
  for (const s of Object.values(ctx.onPremSites)) {
    sites.push({
      name: s.name,
      kind: "on-premises",
      location: "on premises",
      network: "LAN",
      ranges: s.ranges,
      cluster: {
        name: s.cluster.name,
        detail: "managed outside hybrid-mesh",
        role: roles.roleLabel(s.cluster.name),
        gateway: [`VIP ${s.cluster.gatewayAddress ?? "(from the site's pool)"}`],
        api: `${s.cluster.apiServerAddress}:${s.cluster.apiServerPort ?? KUBE_API_PORT}`,
      },
    });
  }
  const links: DiagramLink[] = Object.values(ctx.links).map((l) => {
    const measured = analysis?.links.find((x) => x.link === l.vpn.node.path);
    const classic = l.vpn instanceof ClassicVpn;
    return {
      a: l.spec.between,
      b: l.spec.and,
      kind: classic
        ? "Classic VPN"
        : l.vpn instanceof AwsHaVpn
          ? `HA VPN to AWS ${l.vpn.vpnGateway ? "VGW" : "TGW"}`
          : "HA VPN",
      tunnels: measured?.tunnels ?? (classic ? 1 : l.vpn.tunnels.length),
      routing: classic ? "static routes" : "BGP",
      sla: measured?.sla ?? l.vpn.sla,
    };
  });
  const meshModel = roles.model;
  return {
    title: `${ctx.topologyName}: hybrid topology (${meshModel} mesh)`,
    sites,
    links,
    meshModel,
    analysis,
  };
}
