import { FindingLevel } from "../../../core";
import { bool, many } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-12: No firewall rule admits 0.0.0.0/0.
 *
 * @internal
 */
export const FirewallNoPublicIngress: SecurityRule = defineRule({
  id: "HM-GCP-12",
  name: "FirewallNoPublicIngress",
  level: FindingLevel.ERROR,
  info: "No firewall rule admits 0.0.0.0/0.",
  explanation:
    "Sites reach each other across the VPN from known ranges; an open rule exposes every instance it targets.",
  maps: ["CKV_GCP_2", "CKV_GCP_3", "CKV_GCP_75", "CKV_GCP_77", "CKV_GCP_88", "CKV_GCP_106", "AVD-GCP-0027"],
  resourceTypes: ["google_compute_firewall"],
  evaluate: ({ config }) => {
    if (
      (config.direction ?? "INGRESS") !== "INGRESS" ||
      many(config.deny).length ||
      bool(config.disabled, false)
    )
      return Compliance.NOT_APPLICABLE;
    const sources = many(config.source_ranges).map(String);
    if (sources.includes("0.0.0.0/0")) return ["source 0.0.0.0/0"];
    if (
      sources.length === 0 &&
      many(config.source_tags).length === 0 &&
      many(config.source_service_accounts).length === 0
    )
      return ["no source: 0.0.0.0/0 implied"];
    return Compliance.COMPLIANT;
  },
});
