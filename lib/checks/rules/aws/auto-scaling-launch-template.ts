import { FindingLevel } from "../../../core";
import { one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-13: Auto scaling groups use launch templates (not launch configurations).
 *
 * @internal
 */
export const AutoScalingLaunchTemplate: SecurityRule = defineRule({
  id: "HM-AWS-13",
  name: "AutoScalingLaunchTemplate",
  level: FindingLevel.ERROR,
  info: "Auto scaling groups use launch templates (not launch configurations).",
  explanation: "Launch configurations cannot require IMDSv2 everywhere nor be versioned; AWS retired them.",
  maps: ["CKV_AWS_315"],
  resourceTypes: ["aws_autoscaling_group"],
  evaluate: ({ config }) =>
    one(config.launch_template) || one(config.mixed_instances_policy)
      ? Compliance.COMPLIANT
      : ["no launch template"],
});
