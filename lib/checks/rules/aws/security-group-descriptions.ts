import { FindingLevel } from "../../../core";
import { many } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

/**
 * HM-AWS-8: Security groups and their rules have descriptions.
 *
 * @internal
 */
export const SecurityGroupDescriptions: SecurityRule = defineRule({
  id: "HM-AWS-8",
  name: "SecurityGroupDescriptions",
  level: FindingLevel.WARNING,
  info: "Security groups and their rules have descriptions.",
  explanation: "A rule without a description cannot be reviewed: nobody knows why the port is open.",
  maps: ["CKV_AWS_23", "AVD-AWS-0099", "AVD-AWS-0124", "AwsSolutions-EC27"],
  resourceTypes: [
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_security_group_rule",
  ],
  evaluate: ({ type, config }) => {
    const missing: string[] = [];
    if (!config.description) missing.push("no description");
    if (type === "aws_security_group")
      [...many(config.ingress), ...many(config.egress)].forEach(
        (r, i) => !r.description && missing.push(`rule ${i + 1} has no description`),
      );
    return outcome(missing);
  },
});
