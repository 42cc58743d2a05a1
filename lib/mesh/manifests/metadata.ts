// The metadata every Kubernetes object of the mesh carries.
import { K8sObjectMeta } from "../../core";
import { MANAGED_BY_LABELS } from "../names";

/**
 * The metadata of an object hybrid-mesh emits: its name, namespace and labels (always the
 * managed-by label), plus any other field given.
 *
 * @internal
 */
export function meta(name: string, namespace?: string, extra: Record<string, unknown> = {}): K8sObjectMeta {
  const labels = { ...MANAGED_BY_LABELS, ...((extra.labels as Record<string, string>) ?? {}) };
  return { name, ...(namespace ? { namespace } : {}), ...extra, labels };
}
