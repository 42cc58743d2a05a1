import { FindingLevel } from "../../../core";
import { bool, many, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

/**
 * HM-AWS-3: EBS volumes and launch-template block devices are encrypted.
 *
 * @internal
 */
export const EbsEncrypted: SecurityRule = defineRule({
  id: "HM-AWS-3",
  name: "EbsEncrypted",
  level: FindingLevel.ERROR,
  info: "EBS volumes and launch-template block devices are encrypted.",
  explanation:
    "Unencrypted volumes (etcd data, node disks) leak on snapshot sharing or disposal. Set encrypted = true.",
  maps: ["CKV_AWS_8", "CKV_AWS_3", "AVD-AWS-0131", "AVD-AWS-0026", "AwsSolutions-EC26"],
  resourceTypes: ["aws_launch_template", "aws_ebs_volume"],
  evaluate: ({ type, config }) => {
    if (type === "aws_ebs_volume")
      return bool(config.encrypted, false) ? Compliance.COMPLIANT : ["volume not encrypted"];
    const unencrypted = many(config.block_device_mappings)
      .filter((b) => one(b.ebs) && !bool(one(b.ebs).encrypted, false))
      .map((b) => `${b.device_name ?? "device"} not encrypted`);
    return outcome(unencrypted);
  },
});
