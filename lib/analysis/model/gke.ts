import { Cidr, TerraformModel, TfElement } from "../../core";
import { bool, many, one } from "../../core/terraform/values";
import type { GcpNetworkModel, GcpNetworks, GcpSubnetModel } from "./gcp";
import { cidrOf, Ranges, ranges } from "./ranges";

/**
 * A GKE cluster.
 *
 * @internal
 */
export interface GkeClusterModel {
  /** The google_container_cluster. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Region or zone. */
  readonly location?: string;
  /** Whether it is zonal. */
  readonly zonal: boolean;
  /** Its subnet. */
  readonly subnet?: GcpSubnetModel;
  /** Pod range. */
  readonly podRange?: Cidr;
  /** Service range. */
  readonly serviceRange?: Cidr;
  /** Whether nodes are private. */
  readonly privateNodes: boolean;
  /** Whether the control plane has a private endpoint only. */
  readonly privateEndpointOnly: boolean;
  /** Control-plane /28 (private clusters). */
  readonly controlPlaneCidr?: Cidr;
  /** Master authorized networks, or undefined when the control plane admits every source. */
  readonly authorizedNetworks?: Ranges;
  /** Network tags of the nodes, per node pool. */
  readonly nodePoolTags: string[][];
  /** Whether the VPC exports its custom routes to the control plane's network. */
  readonly routesExported: boolean;
  /** The VPC the cluster is in, when known. */
  readonly network?: GcpNetworkModel;
}

/**
 * Reads the GKE clusters, by key, with their node pools' tags and whether their network exports
 * its routes to the control plane; adds each to its network's clusters.
 *
 * @internal
 */
export function readGkeClusters(tf: TerraformModel, gcp: GcpNetworks): Map<string, GkeClusterModel> {
  const netOf = (e: TfElement, value: unknown) => gcp.networks.get(tf.targetOf(e, value)?.key ?? "");
  const gke = new Map<string, GkeClusterModel>();
  for (const e of tf.ofType("google_container_cluster", "present")) {
    const subnet = gcp.subnets.get(tf.targetOf(e, e.config.subnetwork)?.key ?? "");
    const ipa = one(e.config.ip_allocation_policy) ?? {};
    const pcc = one(e.config.private_cluster_config);
    const man = one(e.config.master_authorized_networks_config);
    const location = tf.literal(e.stack, e.config.location);
    const c = {
      element: e,
      name: tf.nameOf(e),
      location,
      zonal: !!location && /-[a-z]$/.test(location),
      subnet,
      podRange: subnet?.secondary[ipa.cluster_secondary_range_name] ?? cidrOf(ipa.cluster_ipv4_cidr_block),
      serviceRange:
        subnet?.secondary[ipa.services_secondary_range_name] ?? cidrOf(ipa.services_ipv4_cidr_block),
      privateNodes: bool(pcc?.enable_private_nodes, false),
      privateEndpointOnly: bool(pcc?.enable_private_endpoint, false),
      controlPlaneCidr: cidrOf(pcc?.master_ipv4_cidr_block),
      authorizedNetworks: man ? ranges(many(man.cidr_blocks)) : undefined,
      nodePoolTags: [] as string[][],
      routesExported: false,
      network: netOf(e, e.config.network),
    };
    gke.set(e.key, c);
    c.network?.clusters.push(c);
  }
  for (const e of tf.ofType("google_container_node_pool", "present")) {
    const c = gke.get(tf.targetOf(e, e.config.cluster)?.key ?? "");
    if (c) c.nodePoolTags.push(many(one(e.config.node_config)?.tags).map(String));
  }
  for (const c of gke.values()) {
    if (c.nodePoolTags.length === 0)
      c.nodePoolTags.push(many(one(c.element.config.node_config)?.tags).map(String));
  }
  for (const e of tf.ofType("google_compute_network_peering_routes_config", "present")) {
    const c = gke.get(tf.targetOf(e, e.config.peering)?.key ?? "");
    if (c && bool(e.config.export_custom_routes, false))
      (c as { routesExported: boolean }).routesExported = true;
  }
  return gke;
}
