// The namespaces of a cluster, labelled with its network and for sidecar injection.
import { ClusterRole, ISTIO_SYSTEM, K8sObject } from "../../core";
import { installsIstiod, ResolvedCluster, ResolvedMesh } from "../resolved";
import { meta } from "./metadata";

/**
 * The injection labels of a namespace: `istio.io/rev` for revisioned installs, else
 * `istio-injection: enabled` (never both: `istio-injection` wins and the revision would be
 * ignored). A fleet-managed control plane injects under its default revision tag.
 *
 * @internal
 */
export function injectionLabels(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, string> {
  return mesh.revision && installsIstiod(cluster)
    ? { "istio.io/rev": mesh.revision }
    : { "istio-injection": "enabled" };
}

/**
 * The namespaces of a cluster: istio-system labelled with the network (and, on a remote
 * cluster, annotated with its control-plane cluster), the gateway namespace labelled for
 * injection, and the injected namespaces.
 *
 * @internal
 */
export function namespaces(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject[] {
  const objects: K8sObject[] = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ISTIO_SYSTEM, undefined, {
        labels: { "topology.istio.io/network": cluster.network },
        ...(cluster.role === ClusterRole.REMOTE
          ? { annotations: { "topology.istio.io/controlPlaneClusters": cluster.primary } }
          : {}),
      }),
    },
  ];
  if (mesh.gatewayNamespace !== ISTIO_SYSTEM) {
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(mesh.gatewayNamespace, undefined, { labels: injectionLabels(mesh, cluster) }),
    });
  }
  for (const ns of cluster.injectedNamespaces) {
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ns.name, undefined, { labels: { ...ns.labels, ...injectionLabels(mesh, cluster) } }),
    });
  }
  return objects;
}
