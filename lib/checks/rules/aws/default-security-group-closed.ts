import { FindingLevel } from "../../../core";
import { many } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { refersTo } from "./common";

/**
 * HM-AWS-6: The VPC's default security group allows nothing.
 *
 * @internal
 */
export const DefaultSecurityGroupClosed: SecurityRule = defineRule({
  id: "HM-AWS-6",
  name: "DefaultSecurityGroupClosed",
  level: FindingLevel.ERROR,
  info: "The VPC's default security group allows nothing.",
  explanation:
    "Anything launched without a security group lands in the default one; AWS lets it talk to its peers and out. Manage it with aws_default_security_group and no rules.",
  maps: ["CKV2_AWS_12", "AVD-AWS-0173", "NIST.800.53.R5-VPCDefaultSecurityGroupClosed"],
  resourceTypes: ["aws_vpc"],
  evaluate: ({ name, stack }) => {
    const sg = stack
      ?.ofType("aws_default_security_group")
      .find((g) => refersTo(stack, g, g.config.vpc_id, "aws_vpc", name));
    if (!sg) return ["the default security group is not managed (it keeps AWS's default rules)"];
    return many(sg.config.ingress).length || many(sg.config.egress).length
      ? ["the default security group has rules"]
      : Compliance.COMPLIANT;
  },
});
