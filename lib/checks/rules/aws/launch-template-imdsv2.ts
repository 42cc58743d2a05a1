import { FindingLevel } from "../../../core";
import { one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-1: Launch templates require IMDSv2 (session tokens) or disable the metadata service.
 *
 * @internal
 */
export const LaunchTemplateImdsv2: SecurityRule = defineRule({
  id: "HM-AWS-1",
  name: "LaunchTemplateImdsv2",
  level: FindingLevel.ERROR,
  info: "Launch templates require IMDSv2 (session tokens) or disable the metadata service.",
  explanation:
    "IMDSv1 answers any request from the instance, so an SSRF in a pod reads the node role's credentials. Set metadata_options.http_tokens = required.",
  maps: ["CKV_AWS_79", "AVD-AWS-0130", "NIST.800.53.R5-EC2IMDSv2Enabled"],
  resourceTypes: ["aws_launch_template", "aws_instance"],
  evaluate: ({ config }) => {
    const m = one(config.metadata_options) ?? {};
    return m.http_tokens === "required" || m.http_endpoint === "disabled"
      ? Compliance.COMPLIANT
      : ["http_tokens is not required"];
  },
});
