import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-14: Launch templates enable detailed (1-minute) monitoring.
 *
 * @internal
 */
export const DetailedMonitoring: SecurityRule = defineRule({
  id: "HM-AWS-14",
  name: "DetailedMonitoring",
  level: FindingLevel.WARNING,
  info: "Launch templates enable detailed (1-minute) monitoring.",
  explanation: "5-minute metrics are too coarse to see a control-plane replica or gateway node fail.",
  maps: ["CKV_AWS_126", "AwsSolutions-EC28"],
  resourceTypes: ["aws_launch_template"],
  evaluate: ({ config }) =>
    bool(one(config.monitoring)?.enabled, false) ? Compliance.COMPLIANT : ["detailed monitoring off"],
});
