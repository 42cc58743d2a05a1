import { FindingLevel } from "../../../core";
import { defineRule, SecurityRule } from "../../rule";
import { onNodes } from "./common";

/**
 * HM-GCP-10: Nodes run Container-Optimized OS.
 *
 * @internal
 */
export const GkeContainerOptimizedOs: SecurityRule = defineRule({
  id: "HM-GCP-10",
  name: "GkeContainerOptimizedOs",
  level: FindingLevel.WARNING,
  info: "Nodes run Container-Optimized OS.",
  explanation: "COS has a minimal, read-only, verified root file system maintained by Google.",
  maps: ["CKV_GCP_22"],
  resourceTypes: ["google_container_cluster", "google_container_node_pool"],
  evaluate: ({ type, config }) =>
    onNodes(config, type, (n) =>
      !n.image_type || String(n.image_type).startsWith("COS") ? [] : [`image type ${n.image_type}`],
    ),
});
