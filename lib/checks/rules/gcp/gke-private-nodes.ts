import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-1: GKE nodes have internal addresses only.
 *
 * @internal
 */
export const GkePrivateNodes: SecurityRule = defineRule({
  id: "HM-GCP-1",
  name: "GkePrivateNodes",
  level: FindingLevel.ERROR,
  info: "GKE nodes have internal addresses only.",
  explanation:
    "Nodes with public addresses are reachable from the internet. Set private_cluster_config.enable_private_nodes.",
  maps: ["CKV_GCP_25", "CKV_GCP_64", "AVD-GCP-0059"],
  resourceTypes: ["google_container_cluster"],
  evaluate: ({ config }) =>
    bool(one(config.private_cluster_config)?.enable_private_nodes, false)
      ? Compliance.COMPLIANT
      : ["private nodes off"],
});
