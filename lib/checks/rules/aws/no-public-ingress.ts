import { FindingLevel } from "../../../core";
import { Json, many } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

const OPEN = ["0.0.0.0/0", "::/0"];

/** Security-group rules of any of the three shapes, for one direction. */
function sgRules(
  type: string,
  config: Record<string, Json>,
  direction: "ingress" | "egress",
): Record<string, Json>[] {
  if (type === "aws_security_group") return many(config[direction]);
  if (type === `aws_vpc_security_group_${direction}_rule`) return [config];
  if (type === "aws_security_group_rule" && (config.type ?? "ingress") === direction) return [config];
  return [];
}

function cidrsOf(r: Record<string, Json>): string[] {
  return [
    ...many(r.cidr_blocks),
    ...many(r.ipv6_cidr_blocks),
    ...many(r.cidr_ipv4),
    ...many(r.cidr_ipv6),
  ].map(String);
}

/**
 * HM-AWS-7: No security group admits 0.0.0.0/0 or ::/0.
 *
 * @internal
 */
export const NoPublicIngress: SecurityRule = defineRule({
  id: "HM-AWS-7",
  name: "NoPublicIngress",
  level: FindingLevel.ERROR,
  info: "No security group admits 0.0.0.0/0 or ::/0.",
  explanation:
    "Cluster endpoints are reached across the VPN from known ranges only. Admit the peer sites' ranges (ControlPlane.allowApiFrom, MeshGatewayLoadBalancer.allowedCidrs).",
  maps: [
    "AwsSolutions-EC23",
    "CKV_AWS_24",
    "CKV_AWS_25",
    "CKV_AWS_260",
    "CKV_AWS_277",
    "AVD-AWS-0107",
    "NIST.800.53.R5-EC2RestrictedSSH",
  ],
  resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_security_group_rule"],
  evaluate: ({ type, config }) => {
    const open = sgRules(type, config, "ingress").flatMap((r) =>
      cidrsOf(r)
        .filter((c) => OPEN.includes(c))
        .map((c) =>
          `${c} on ${r.ip_protocol ?? r.protocol ?? "all"} ${r.from_port ?? ""}-${r.to_port ?? ""}`.trim(),
        ),
    );
    return outcome(open);
  },
});
