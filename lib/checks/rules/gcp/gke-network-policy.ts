import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-4: Network policy is enforced (Dataplane V2 or Calico).
 *
 * @internal
 */
export const GkeNetworkPolicy: SecurityRule = defineRule({
  id: "HM-GCP-4",
  name: "GkeNetworkPolicy",
  level: FindingLevel.ERROR,
  info: "Network policy is enforced (Dataplane V2 or Calico).",
  explanation:
    "Without it every pod reaches every other pod, including the east-west gateway's and istiod's ports.",
  maps: ["CKV_GCP_12", "AVD-GCP-0056"],
  resourceTypes: ["google_container_cluster"],
  evaluate: ({ config }) =>
    config.datapath_provider === "ADVANCED_DATAPATH" || bool(one(config.network_policy)?.enabled, false)
      ? Compliance.COMPLIANT
      : ["no network policy"],
});
