import { FindingLevel } from "../../../core";
import { bool } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-11: Network load balancers balance across zones.
 *
 * @internal
 */
export const NlbCrossZone: SecurityRule = defineRule({
  id: "HM-AWS-11",
  name: "NlbCrossZone",
  level: FindingLevel.WARNING,
  info: "Network load balancers balance across zones.",
  explanation:
    "Without cross-zone balancing, a zone whose targets are down drops the traffic its load-balancer node receives.",
  maps: ["CKV_AWS_152"],
  resourceTypes: ["aws_lb"],
  evaluate: ({ config }) =>
    (config.load_balancer_type ?? "application") !== "network"
      ? Compliance.NOT_APPLICABLE
      : bool(config.enable_cross_zone_load_balancing, false)
        ? Compliance.COMPLIANT
        : ["cross-zone load balancing off"],
});
