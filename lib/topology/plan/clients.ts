import { MeshModel } from "../../core";
import { TopologyRanges, unique } from "./ranges";

/**
 * Who connects to a site's cluster: the ranges its firewalls, security groups and authorized
 * networks admit.
 *
 * @internal
 */
export interface SiteClients {
  /** Ranges that reach its east-west gateway. */
  readonly gateway: string[];
  /** Ranges that reach its API server. */
  readonly api: string[];
}

/**
 * Who reaches whom: every cluster's workloads reach every other gateway; API servers are read by
 * every other primary (multi-primary) or by the primary (primary-remote), and by where Terraform
 * runs for the mesh stacks (`deployer`).
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
  const gateway = (site: string) => {
    const list = others(site).flatMap((o) => ranges.of(o).workloads);
    if (site === primarySite) list.push(...others(site).flatMap((o) => ranges.of(o).controlPlane));
    return unique(list);
  };
  const api = (site: string) => {
    if (model === MeshModel.MULTI_PRIMARY)
      return unique([...others(site).flatMap((o) => ranges.of(o).workloads), ...deployer]);
    return unique([...(site === primarySite ? [] : ranges.of(primarySite!).workloads), ...deployer]);
  };
  return (site) => ({ gateway: gateway(site), api: api(site) });
}
