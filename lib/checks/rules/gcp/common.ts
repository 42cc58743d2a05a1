// What the GCP rules share: the node configuration of a cluster (its default pool) or a node pool.
import { Json, one } from "../../../core/terraform/values";
import { Compliance, RuleOutcome } from "../../rule";
import { outcome } from "../outcome";

/** Node configs of a cluster (its default-pool config) or a node pool. */
function nodeConfig(config: Record<string, Json>): Record<string, Json> | undefined {
  return one(config.node_config);
}

/**
 * Checks the node config of a cluster or node pool; clusters whose default pool is removed pass on it.
 *
 * @internal
 */
export function onNodes(
  config: Record<string, Json>,
  type: string,
  check: (n: Record<string, Json>) => string[],
): RuleOutcome {
  const n = nodeConfig(config);
  if (!n) return type === "google_container_node_pool" ? check({}) : Compliance.NOT_APPLICABLE;
  return outcome(check(n));
}
