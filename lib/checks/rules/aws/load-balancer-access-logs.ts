import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-12: Load balancers write access logs.
 *
 * @internal
 */
export const LoadBalancerAccessLogs: SecurityRule = defineRule({
  id: "HM-AWS-12",
  name: "LoadBalancerAccessLogs",
  level: FindingLevel.WARNING,
  info: "Load balancers write access logs.",
  explanation:
    "Access logs show who reached the API or gateway. They need an S3 bucket the load balancer may write to.",
  maps: ["CKV_AWS_91", "AwsSolutions-ELB2"],
  resourceTypes: ["aws_lb"],
  evaluate: ({ config }) =>
    bool(one(config.access_logs)?.enabled, false) ? Compliance.COMPLIANT : ["access logs off"],
});
