import { FindingLevel } from "../../../core";
import { one } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { onNodes } from "./common";

/**
 * HM-GCP-7: Nodes serve the GKE metadata server (Workload Identity), and legacy metadata endpoints
 * are off.
 *
 * @internal
 */
export const GkeWorkloadIdentity: SecurityRule = defineRule({
  id: "HM-GCP-7",
  name: "GkeWorkloadIdentity",
  level: FindingLevel.ERROR,
  info: "Nodes serve the GKE metadata server (Workload Identity), and legacy metadata endpoints are off.",
  explanation: "With the node's metadata server exposed, every pod can use the node's service account.",
  maps: ["CKV_GCP_69", "AVD-GCP-0057", "AVD-GCP-0048"],
  resourceTypes: ["google_container_cluster", "google_container_node_pool"],
  evaluate: ({ type, config }) => {
    if (type === "google_container_cluster" && !one(config.workload_identity_config)?.workload_pool)
      return ["no workload identity pool"];
    return onNodes(config, type, (n) => {
      const out: string[] = [];
      if (one(n.workload_metadata_config)?.mode !== "GKE_METADATA")
        out.push("metadata mode is not GKE_METADATA");
      if (one(n.metadata)?.["disable-legacy-endpoints"] === "false") out.push("legacy metadata endpoints on");
      return out;
    });
  },
});
