import { FindingLevel } from "../../../core";
import { defineRule, SecurityRule } from "../../rule";
import { onNodes } from "./common";

/**
 * HM-GCP-11: Nodes use a dedicated service account, not the Compute Engine default.
 *
 * @internal
 */
export const GkeDedicatedNodeServiceAccount: SecurityRule = defineRule({
  id: "HM-GCP-11",
  name: "GkeDedicatedNodeServiceAccount",
  level: FindingLevel.ERROR,
  info: "Nodes use a dedicated service account, not the Compute Engine default.",
  explanation: "The default compute service account has Editor on the project.",
  maps: ["AVD-GCP-0050"],
  resourceTypes: ["google_container_cluster", "google_container_node_pool"],
  evaluate: ({ type, config }) =>
    onNodes(config, type, (n) =>
      !n.service_account ||
      /-compute@developer\.gserviceaccount\.com$/.test(String(n.service_account)) ||
      n.service_account === "default"
        ? ["default compute service account"]
        : [],
    ),
});
