// What both Terraform stacks of the mesh are given: the mesh and how to reach each cluster.
import { Construct } from "constructs";
import { construct, fail, instanceOf, record, req, Shape } from "../../core";
import type { Mesh } from "../mesh";
import { ClusterConnection } from "./connection";

/** Properties of the Terraform delivery of a mesh ({@link MeshInstallStack}, {@link MeshStack}). */
export interface MeshDeliveryProps {
  /** The mesh. */
  readonly mesh: Mesh;
  /** How to reach each cluster, by cluster name. */
  readonly connections: Record<string, ClusterConnection>;
}

/**
 * The shape of {@link MeshDeliveryProps}.
 *
 * @internal
 */
export const DELIVERY_PROPS: Shape<MeshDeliveryProps> = {
  mesh: req(construct<Mesh>("Mesh", "mesh")),
  connections: req(
    record(
      instanceOf(ClusterConnection, "ClusterConnection.gke({ ... })"),
      "object of connections by cluster name",
    ),
  ),
};

/**
 * Checks that every cluster of the mesh has a connection.
 *
 * @internal
 */
export function checkConnections(scope: Construct, props: MeshDeliveryProps): void {
  for (const cluster of props.mesh.resolved.clusters) {
    if (!props.connections[cluster.name] || typeof props.connections[cluster.name].providers !== "function") {
      fail(scope, `connections.${cluster.name}`, props.connections[cluster.name], {
        rule: "every cluster of the mesh needs a connection",
        fix: "add ClusterConnection.gke(...) or ClusterConnection.kubeconfig(...) for it",
      });
    }
  }
}
