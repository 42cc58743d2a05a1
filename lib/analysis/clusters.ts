import { ClusterPlatform, KUBE_API_PORT } from "../core";
import { ClusterInput } from "./input";
import { DomainModel, NetworkModel } from "./model";

/**
 * The network a cluster is in: its site's, its GKE cluster's, or its API load balancer's VPC.
 *
 * @internal
 */
export function clusterDomain(net: NetworkModel, c: ClusterInput): DomainModel | undefined {
  if (c.platform === ClusterPlatform.ON_PREMISES) return net.domains.get(`on-premises:${c.site}`);
  if (c.platform === ClusterPlatform.GKE) {
    return net.gkeClusters.get(c.cluster)?.network;
  }
  const lb = net.loadBalancers.get(c.apiLoadBalancer);
  return lb?.vpc;
}

/**
 * The port of a cluster's API server.
 *
 * @internal
 */
export function apiPort(c: ClusterInput): number {
  if (c.platform === ClusterPlatform.AWS) return c.apiPort ?? KUBE_API_PORT;
  if (c.platform === ClusterPlatform.GKE) return 443;
  return c.apiPort;
}
