import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { onNodes } from "./common";

/**
 * HM-GCP-6: Nodes are Shielded VMs with secure boot and integrity monitoring.
 *
 * @internal
 */
export const GkeShieldedNodes: SecurityRule = defineRule({
  id: "HM-GCP-6",
  name: "GkeShieldedNodes",
  level: FindingLevel.ERROR,
  info: "Nodes are Shielded VMs with secure boot and integrity monitoring.",
  explanation: "Shielded nodes resist boot-level rootkits and let GKE verify node identity.",
  maps: ["CKV_GCP_71", "CKV_GCP_68", "CKV_GCP_72", "AVD-GCP-0055"],
  resourceTypes: ["google_container_cluster", "google_container_node_pool"],
  evaluate: ({ type, config }) => {
    if (type === "google_container_cluster" && !bool(config.enable_shielded_nodes, true))
      return ["shielded nodes off"];
    return onNodes(config, type, (n) => {
      const s = one(n.shielded_instance_config) ?? {};
      const out: string[] = [];
      if (!bool(s.enable_secure_boot, false)) out.push("secure boot off");
      if (!bool(s.enable_integrity_monitoring, true)) out.push("integrity monitoring off");
      return out;
    });
  },
});
