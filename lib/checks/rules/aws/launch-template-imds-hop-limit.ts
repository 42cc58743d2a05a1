import { FindingLevel } from "../../../core";
import { num, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-2: The metadata response hop limit is at most 2.
 *
 * @internal
 */
export const LaunchTemplateImdsHopLimit: SecurityRule = defineRule({
  id: "HM-AWS-2",
  name: "LaunchTemplateImdsHopLimit",
  level: FindingLevel.WARNING,
  info: "The metadata response hop limit is at most 2.",
  explanation:
    "A larger hop limit lets containers behind more network hops reach the node's credentials. checkov CKV_AWS_341 asks for 1; hybrid-mesh uses 2 because the kubelet's and CNI's host-network pods need it, and pods in their own network namespace stay out at 2 only with IMDSv2.",
  maps: ["CKV_AWS_341"],
  resourceTypes: ["aws_launch_template"],
  evaluate: ({ config }) => {
    const m = one(config.metadata_options);
    if (!m || m.http_endpoint === "disabled") return Compliance.COMPLIANT;
    const hops = num(m.http_put_response_hop_limit) ?? 1;
    return hops <= 2 ? Compliance.COMPLIANT : [`http_put_response_hop_limit ${hops}`];
  },
});
