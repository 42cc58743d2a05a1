import { FindingLevel } from "../../../core";
import { bool } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-10: Load balancers have deletion protection.
 *
 * @internal
 */
export const LoadBalancerDeletionProtection: SecurityRule = defineRule({
  id: "HM-AWS-10",
  name: "LoadBalancerDeletionProtection",
  level: FindingLevel.WARNING,
  info: "Load balancers have deletion protection.",
  explanation:
    "Deleting the API or gateway load balancer changes nothing in Terraform's plan review but cuts every site off.",
  maps: ["CKV_AWS_150", "NIST.800.53.R5-ELBDeletionProtectionEnabled"],
  resourceTypes: ["aws_lb"],
  evaluate: ({ config }) =>
    bool(config.enable_deletion_protection, false) ? Compliance.COMPLIANT : ["deletion protection off"],
});
