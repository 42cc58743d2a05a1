import { FindingLevel } from "../../../core";
import { bool, many } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-4: Instances and subnets do not assign public IP addresses.
 *
 * @internal
 */
export const NoPublicIpOnLaunch: SecurityRule = defineRule({
  id: "HM-AWS-4",
  name: "NoPublicIpOnLaunch",
  level: FindingLevel.ERROR,
  info: "Instances and subnets do not assign public IP addresses.",
  explanation:
    "Cluster nodes and control planes live in private subnets and reach the internet through NAT; a public address exposes them directly.",
  maps: [
    "CKV_AWS_88",
    "CKV_AWS_130",
    "AVD-AWS-0164",
    "AVD-AWS-0009",
    "NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled",
  ],
  resourceTypes: ["aws_launch_template", "aws_subnet", "aws_instance"],
  evaluate: ({ type, config }) => {
    if (type === "aws_subnet")
      return bool(config.map_public_ip_on_launch, false) ? ["map_public_ip_on_launch"] : Compliance.COMPLIANT;
    if (type === "aws_instance")
      return bool(config.associate_public_ip_address, false)
        ? ["associate_public_ip_address"]
        : Compliance.COMPLIANT;
    return many(config.network_interfaces).some((n) => bool(n.associate_public_ip_address, false))
      ? ["associate_public_ip_address"]
      : Compliance.COMPLIANT;
  },
});
