import { FindingLevel } from "../../../core";
import { one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-13: Subnets record flow logs.
 *
 * @internal
 */
export const SubnetFlowLogs: SecurityRule = defineRule({
  id: "HM-GCP-13",
  name: "SubnetFlowLogs",
  level: FindingLevel.ERROR,
  info: "Subnets record flow logs.",
  explanation: "Without flow logs nobody can tell which traffic crossed the VPN or was rejected.",
  maps: ["CKV_GCP_26", "AVD-GCP-0029"],
  resourceTypes: ["google_compute_subnetwork"],
  evaluate: ({ config }) =>
    one(config.log_config) || config.purpose === "REGIONAL_MANAGED_PROXY"
      ? Compliance.COMPLIANT
      : ["no flow logs"],
});
