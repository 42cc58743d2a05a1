// Which Kubernetes objects each cluster gets once Istio is installed (Mesh.manifests).
import { ClusterRole, K8sObject, MeshModel } from "../../core";
import { GatewayForm } from "../options";
import { isReadByOthers, ResolvedCluster, ResolvedMesh } from "../resolved";
import { eastWestGatewayManifests } from "./east-west-gateway";
import { crossNetworkGateway, istiodExposure } from "./gateways";
import { allowNothing, peerAuthentication } from "./policies";
import { readerIdentity } from "./reader-identity";

/**
 * The objects of a cluster once Istio is installed, in the order the chart holds them: the
 * east-west gateway (MANIFESTS form), the mesh's configuration on a primary (the cross-network
 * Gateway, istiod's exposure, mTLS, the default deny), and the reader identity when other
 * clusters' istiods read this one.
 *
 * @internal
 */
export function clusterObjects(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject[] {
  const objects: K8sObject[] = [];
  if (mesh.gatewayForm === GatewayForm.MANIFESTS) objects.push(...eastWestGatewayManifests(mesh, cluster));
  // Remote clusters take their configuration from their primary (the config cluster).
  if (cluster.role === ClusterRole.PRIMARY) {
    objects.push(crossNetworkGateway(mesh));
    if (mesh.model === MeshModel.PRIMARY_REMOTE) objects.push(...istiodExposure(mesh));
    objects.push(peerAuthentication(mesh));
    if (mesh.defaultDeny) objects.push(allowNothing(mesh));
  }
  // Other clusters' istiods read this cluster's API: give them the reader identity.
  if (isReadByOthers(mesh, cluster)) objects.push(...readerIdentity(cluster));
  return objects;
}
