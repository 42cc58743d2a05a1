// The values every install of a cluster shares, whether istioctl's IstioOperator or Istio's Helm
// charts install it: the networks of the mesh, the cluster's identity, how a remote reaches its
// primary, and how a primary serves remotes.
import { MESH_PORTS, MeshModel } from "../../core";
import { EASTWEST_GATEWAY } from "../names";
import { primaryOf, ResolvedCluster, ResolvedMesh } from "../resolved";

/**
 * `meshNetworks` for istiod: for every network, its endpoints (the cluster's registry) and its
 * gateway, by fixed address when known at synth (so istiod does not depend on load-balancer
 * status, which AWS NLB hostnames never satisfy), else by the gateway Service's registry name
 * (its address assigned by the platform, read from the Service's load-balancer status).
 *
 * @internal
 */
export function meshNetworks(mesh: ResolvedMesh): Record<string, unknown> {
  const networks: Record<string, { endpoints: object[]; gateways: object[] }> = {};
  for (const c of mesh.clusters) {
    const entry = (networks[c.network] ??= { endpoints: [], gateways: [] });
    entry.endpoints.push({ fromRegistry: c.name });
    const gateways = c.gateway.addresses.length
      ? c.gateway.addresses.map((address) => ({ address, port: MESH_PORTS.crossNetwork }))
      : [
          {
            registryServiceName: `${EASTWEST_GATEWAY}.${mesh.gatewayNamespace}.svc.cluster.local`,
            port: MESH_PORTS.crossNetwork,
          },
        ];
    for (const gateway of gateways)
      if (!entry.gateways.some((g) => JSON.stringify(g) === JSON.stringify(gateway)))
        entry.gateways.push(gateway);
  }
  return networks;
}

/**
 * The address a remote cluster reaches its primary's istiod at (the primary's gateway).
 *
 * @internal
 */
export function remotePilotAddress(mesh: ResolvedMesh, cluster: ResolvedCluster): string | undefined {
  return primaryOf(mesh, cluster)?.gateway.address;
}

/**
 * `global` values every install of a cluster shares: mesh id, cluster name, network.
 *
 * @internal
 */
export function globalValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  return { meshID: mesh.meshId, multiCluster: { clusterName: cluster.name }, network: cluster.network };
}

/**
 * The injection path a remote cluster's webhook calls on its primary's istiod.
 *
 * @internal
 */
export function injectionPath(cluster: ResolvedCluster): string {
  return `/inject/cluster/${cluster.name}/net/${cluster.network}`;
}

/**
 * Tells a primary's istiod to serve the remote clusters of a primary-remote mesh (EXTERNAL_ISTIOD):
 * `values.global.externalIstiod` from 1.23, `values.pilot.env` up to 1.22, as Istio's documents of
 * each release do.
 *
 * @internal
 */
export function serveRemotes(mesh: ResolvedMesh, values: Record<string, unknown>): void {
  if (mesh.model !== MeshModel.PRIMARY_REMOTE) return;
  if (mesh.release.externalIstiodValue) (values.global as Record<string, unknown>).externalIstiod = true;
  else values.pilot = { env: { EXTERNAL_ISTIOD: true } };
}
