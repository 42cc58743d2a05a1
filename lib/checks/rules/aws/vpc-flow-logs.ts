import { FindingLevel } from "../../../core";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { refersTo } from "./common";

/**
 * HM-AWS-5: Every VPC has a flow log.
 *
 * @internal
 */
export const VpcFlowLogs: SecurityRule = defineRule({
  id: "HM-AWS-5",
  name: "VpcFlowLogs",
  level: FindingLevel.ERROR,
  info: "Every VPC has a flow log.",
  explanation:
    "Without flow logs nobody can tell which traffic crossed the VPN or was rejected. Add an aws_flow_log for the VPC.",
  maps: ["CKV2_AWS_11", "AVD-AWS-0178", "AwsSolutions-VPC7"],
  resourceTypes: ["aws_vpc"],
  evaluate: ({ name, stack }) =>
    stack?.ofType("aws_flow_log").some((f) => refersTo(stack, f, f.config.vpc_id, "aws_vpc", name))
      ? Compliance.COMPLIANT
      : ["no aws_flow_log for this VPC"],
});
