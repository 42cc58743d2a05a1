// What both Terraform stacks of the mesh are given: the mesh and how to reach each cluster.
import { Construct } from "constructs";
import { construct, fail, instanceOf, int, record, req, secretAttribute, Shape } from "../../core";
import type { Mesh } from "../mesh";
import { ClusterConnection } from "./connection";

/** Properties of the Terraform delivery of a mesh ({@link MeshInstallStack}, {@link MeshStack}). */
export interface MeshDeliveryProps {
  /** The mesh. */
  readonly mesh: Mesh;
  /** How to reach each cluster, by cluster name. */
  readonly connections: Record<string, ClusterConnection>;
  /**
   * Revision of the Secrets' write-only data (`data_wo_revision`): the `cacerts` and remote secrets
   * are sent through write-only attributes, never kept in Terraform state (Terraform 1.11 or later;
   * see the `hybrid-mesh:writeOnlySecrets` context key for older ones). Terraform re-sends them only
   * when this number changes: raise it after rotating the CA or a reader token.
   *
   * @default 1
   */
  readonly secretsRevision?: number;
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
  secretsRevision: int("revision", "1"),
};

/**
 * A Secret's data, through the write-only `data_wo` (with its revision) unless write-only
 * attributes are turned off.
 *
 * @internal
 */
export function secretData(
  scope: Construct,
  data: Record<string, string>,
  props: MeshDeliveryProps,
): { data?: Record<string, string>; dataWo?: Record<string, string>; dataWoRevision?: number } {
  const revision = props.secretsRevision ?? 1;
  return secretAttribute(
    scope,
    data,
    { plain: "data", writeOnly: "dataWo", counter: "dataWoRevision" },
    revision,
  );
}

/**
 * Checks that every cluster of the mesh has a connection.
 *
 * @internal
 */
export function checkConnections(scope: Construct, props: MeshDeliveryProps): void {
  const revision = props.secretsRevision ?? 1;
  if (!Number.isInteger(revision) || revision < 1) {
    fail(scope, "secretsRevision", revision, {
      rule: "the revision of write-only data is a whole number, 1 or more",
      fix: "raise it by one after each rotation",
    });
  }
  for (const cluster of props.mesh.resolved.clusters) {
    if (!props.connections[cluster.name] || typeof props.connections[cluster.name].providers !== "function") {
      fail(scope, `connections.${cluster.name}`, props.connections[cluster.name], {
        rule: "every cluster of the mesh needs a connection",
        fix: "add ClusterConnection.gke(...) or ClusterConnection.kubeconfig(...) for it",
      });
    }
  }
}
