import { FindingLevel } from "../../../core";
import { bool } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-3: Legacy ABAC is off.
 *
 * @internal
 */
export const GkeLegacyAbacOff: SecurityRule = defineRule({
  id: "HM-GCP-3",
  name: "GkeLegacyAbacOff",
  level: FindingLevel.ERROR,
  info: "Legacy ABAC is off.",
  explanation: "ABAC grants broad rights outside RBAC. Set enable_legacy_abac = false.",
  maps: ["CKV_GCP_7", "AVD-GCP-0062"],
  resourceTypes: ["google_container_cluster"],
  evaluate: ({ config }) =>
    bool(config.enable_legacy_abac, false) ? ["legacy ABAC on"] : Compliance.COMPLIANT,
});
