import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

/**
 * HM-GCP-8: Node pools repair and upgrade themselves.
 *
 * @internal
 */
export const GkeNodeAutoRepairUpgrade: SecurityRule = defineRule({
  id: "HM-GCP-8",
  name: "GkeNodeAutoRepairUpgrade",
  level: FindingLevel.ERROR,
  info: "Node pools repair and upgrade themselves.",
  explanation:
    "Without auto-repair a failed node stays in the load balancer's backends; without auto-upgrade nodes miss security patches.",
  maps: ["CKV_GCP_9", "CKV_GCP_10", "AVD-GCP-0063", "AVD-GCP-0058"],
  resourceTypes: ["google_container_node_pool"],
  evaluate: ({ config }) => {
    const m = one(config.management) ?? {};
    const out: string[] = [];
    if (!bool(m.auto_repair, true)) out.push("auto-repair off");
    if (!bool(m.auto_upgrade, true)) out.push("auto-upgrade off");
    return outcome(out);
  },
});
