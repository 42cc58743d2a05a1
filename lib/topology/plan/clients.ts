import { MESH_PORTS, MeshModel } from "../../core";
import { TopologyRanges, unique } from "./ranges";

/**
 * Who connects to a site's cluster: the ranges its firewalls, security groups and authorized
 * networks admit.
 *
 * @internal
 */
export interface SiteClients {
  /** Ranges that reach its east-west gateway (on any of its ports). */
  readonly gateway: string[];
  /** Ranges that reach its API server. */
  readonly api: string[];
  /** Per port of the east-west gateway: cross-network traffic (15443), and istiod (15012) and webhooks (15017) on a primary serving remotes. */
  readonly gatewayPorts: GatewayClients[];
}

/**
 * The clients of one port of a site's east-west gateway.
 *
 * @internal
 */
export interface GatewayClients {
  /** TCP port. */
  readonly port: number;
  /** What listens behind it. */
  readonly service: string;
  /** Ranges that connect to it. */
  readonly sources: string[];
}

/**
 * Who reaches whom: every cluster's workloads reach every other gateway (15443); in a
 * primary-remote mesh, the remotes' workloads reach the primary's istiod (15012) and their API
 * servers its webhooks (15017), through its gateway; API servers are read by every other primary
 * (multi-primary) or by the primary (primary-remote), and by where Terraform runs for the mesh
 * stacks (`deployer`). The one source of the clouds' firewalls and of the on-premises peer sheets.
 *
 * @param sites every site with a cluster, in site order
 * @param primarySite the site of the primary cluster (primary-remote)
 * @internal
 */
export function siteClients(
  ranges: TopologyRanges,
  sites: readonly string[],
  model: MeshModel,
  primarySite: string | undefined,
  deployer: readonly string[],
): (site: string) => SiteClients {
  const others = (site: string) => sites.filter((s) => s !== site);
  const gatewayPorts = (site: string): GatewayClients[] => {
    const workloads = unique(others(site).flatMap((o) => ranges.of(o).workloads));
    const ports: GatewayClients[] = [
      {
        port: MESH_PORTS.crossNetwork,
        service: "east-west gateway (cross-network mTLS)",
        sources: workloads,
      },
    ];
    if (site === primarySite) {
      ports.push(
        {
          port: MESH_PORTS.istiod,
          service: "istiod, through the east-west gateway (remote clusters)",
          sources: workloads,
        },
        {
          port: MESH_PORTS.webhook,
          service: "webhooks, through the east-west gateway (remote API servers)",
          sources: unique(others(site).flatMap((o) => ranges.of(o).controlPlane)),
        },
      );
    }
    return ports;
  };
  const api = (site: string) => {
    if (model === MeshModel.MULTI_PRIMARY)
      return unique([...others(site).flatMap((o) => ranges.of(o).workloads), ...deployer]);
    return unique([...(site === primarySite ? [] : ranges.of(primarySite!).workloads), ...deployer]);
  };
  return (site) => {
    const ports = gatewayPorts(site);
    return { gateway: unique(ports.flatMap((p) => p.sources)), api: api(site), gatewayPorts: ports };
  };
}
