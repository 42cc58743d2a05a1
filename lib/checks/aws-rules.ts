import { bool, isExpression, Json, many, num, one } from "../core/terraform/values";
import { Compliance, defineRule, RuleOutcome, SecurityRule } from "./rule";
import { FindingLevel } from "../core";

const OPEN = ["0.0.0.0/0", "::/0"];

function decodeUserData(value: unknown): string | undefined {
  if (typeof value !== "string" || isExpression(value)) return undefined;
  try {
    const text = Buffer.from(value, "base64").toString("utf8");
    return /[\x00-\x08\x0e-\x1f]/.test(text) ? value : text;
  } catch {
    return value;
  }
}

/** Patterns of secrets written into user data. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/, "a kubeadm bootstrap token"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/aws_secret_access_key\s*[=:]/i, "an AWS secret access key"],
  [/--certificate-key[ =][0-9a-f]{64}\b/, "a kubeadm certificate key"],
];

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

/** AWS rules: instances, networks, security groups, load balancers. */
export const AWS_RULES: readonly SecurityRule[] = [
  defineRule({
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
  }),
  defineRule({
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
  }),
  defineRule({
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
      return unencrypted.length ? unencrypted : Compliance.COMPLIANT;
    },
  }),
  defineRule({
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
        return bool(config.map_public_ip_on_launch, false)
          ? ["map_public_ip_on_launch"]
          : Compliance.COMPLIANT;
      if (type === "aws_instance")
        return bool(config.associate_public_ip_address, false)
          ? ["associate_public_ip_address"]
          : Compliance.COMPLIANT;
      return many(config.network_interfaces).some((n) => bool(n.associate_public_ip_address, false))
        ? ["associate_public_ip_address"]
        : Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-AWS-5",
    name: "VpcFlowLogs",
    level: FindingLevel.ERROR,
    info: "Every VPC has a flow log.",
    explanation:
      "Without flow logs nobody can tell which traffic crossed the VPN or was rejected. Add an aws_flow_log for the VPC.",
    maps: ["CKV2_AWS_11", "AVD-AWS-0178", "AwsSolutions-VPC7"],
    resourceTypes: ["aws_vpc"],
    evaluate: ({ name, stack }) =>
      stack?.ofType("aws_flow_log").some((f) => stack.refersTo(f.config.vpc_id, "aws_vpc", name))
        ? Compliance.COMPLIANT
        : ["no aws_flow_log for this VPC"],
  }),
  defineRule({
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
        .find((g) => stack.refersTo(g.config.vpc_id, "aws_vpc", name));
      if (!sg) return ["the default security group is not managed (it keeps AWS's default rules)"];
      return many(sg.config.ingress).length || many(sg.config.egress).length
        ? ["the default security group has rules"]
        : Compliance.COMPLIANT;
    },
  }),
  defineRule({
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
      return open.length ? open : Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-AWS-8",
    name: "SecurityGroupDescriptions",
    level: FindingLevel.WARNING,
    info: "Security groups and their rules have descriptions.",
    explanation: "A rule without a description cannot be reviewed: nobody knows why the port is open.",
    maps: ["CKV_AWS_23", "AVD-AWS-0099", "AVD-AWS-0124", "AwsSolutions-EC27"],
    resourceTypes: [
      "aws_security_group",
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
      "aws_security_group_rule",
    ],
    evaluate: ({ type, config }) => {
      const missing: string[] = [];
      if (!config.description) missing.push("no description");
      if (type === "aws_security_group")
        [...many(config.ingress), ...many(config.egress)].forEach(
          (r, i) => !r.description && missing.push(`rule ${i + 1} has no description`),
        );
      return missing.length ? missing : Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-AWS-9",
    name: "InternalLoadBalancer",
    level: FindingLevel.ERROR,
    info: "Load balancers are internal.",
    explanation:
      "API servers and east-west gateways are reached across the VPN; an internet-facing load balancer exposes them.",
    maps: ["AVD-AWS-0053"],
    resourceTypes: ["aws_lb"],
    evaluate: ({ config }) => (bool(config.internal, false) ? Compliance.COMPLIANT : ["internet-facing"]),
  }),
  defineRule({
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
  }),
  defineRule({
    id: "HM-AWS-11",
    name: "NlbCrossZone",
    level: FindingLevel.WARNING,
    info: "Network load balancers balance across zones.",
    explanation:
      "Without cross-zone balancing, a zone whose targets are down drops the traffic its load-balancer node receives.",
    maps: ["CKV_AWS_152"],
    resourceTypes: ["aws_lb"],
    evaluate: ({ config }) =>
      (config.load_balancer_type ?? "application") !== "network"
        ? Compliance.NOT_APPLICABLE
        : bool(config.enable_cross_zone_load_balancing, false)
          ? Compliance.COMPLIANT
          : ["cross-zone load balancing off"],
  }),
  defineRule({
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
  }),
  defineRule({
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
  }),
  defineRule({
    id: "HM-AWS-14",
    name: "DetailedMonitoring",
    level: FindingLevel.WARNING,
    info: "Launch templates enable detailed (1-minute) monitoring.",
    explanation: "5-minute metrics are too coarse to see a control-plane replica or gateway node fail.",
    maps: ["CKV_AWS_126", "AwsSolutions-EC28"],
    resourceTypes: ["aws_launch_template"],
    evaluate: ({ config }) =>
      bool(one(config.monitoring)?.enabled, false) ? Compliance.COMPLIANT : ["detailed monitoring off"],
  }),
  defineRule({
    id: "HM-AWS-15",
    name: "NoSecretsInUserData",
    level: FindingLevel.ERROR,
    info: "User data holds no secret (keys, tokens, credentials).",
    explanation:
      "User data is readable by anyone who can describe the instance or its launch template, and by every process on it through IMDS. Keep secrets in SSM SecureString or Secrets Manager and read them at boot.",
    maps: ["CKV_AWS_46", "AVD-AWS-0129"],
    resourceTypes: ["aws_launch_template", "aws_instance"],
    evaluate: ({ config }): RuleOutcome => {
      const raw = config.user_data;
      if (raw === undefined) return Compliance.NOT_APPLICABLE;
      if (isExpression(raw)) {
        return /\b(random_password|random_bytes|aws_secretsmanager_secret_version)\./.test(String(raw))
          ? ["user data is built from a generated secret"]
          : Compliance.COMPLIANT;
      }
      const text = decodeUserData(raw) ?? "";
      const found = SECRET_PATTERNS.filter(([re]) => re.test(text)).map(
        ([, what]) => `user data contains ${what}`,
      );
      return found.length ? found : Compliance.COMPLIANT;
    },
  }),
];
