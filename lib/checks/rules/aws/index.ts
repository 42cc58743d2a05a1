// The AWS rules, one file each, in id order.
import { SecurityRule } from "../../rule";
import { LaunchTemplateImdsv2 } from "./launch-template-imdsv2";
import { LaunchTemplateImdsHopLimit } from "./launch-template-imds-hop-limit";
import { EbsEncrypted } from "./ebs-encrypted";
import { NoPublicIpOnLaunch } from "./no-public-ip-on-launch";
import { VpcFlowLogs } from "./vpc-flow-logs";
import { DefaultSecurityGroupClosed } from "./default-security-group-closed";
import { NoPublicIngress } from "./no-public-ingress";
import { SecurityGroupDescriptions } from "./security-group-descriptions";
import { InternalLoadBalancer } from "./internal-load-balancer";
import { LoadBalancerDeletionProtection } from "./load-balancer-deletion-protection";
import { NlbCrossZone } from "./nlb-cross-zone";
import { LoadBalancerAccessLogs } from "./load-balancer-access-logs";
import { AutoScalingLaunchTemplate } from "./auto-scaling-launch-template";
import { DetailedMonitoring } from "./detailed-monitoring";
import { NoSecretsInUserData } from "./no-secrets-in-user-data";
import { InstanceRoleOwnSecrets } from "./instance-role-own-secrets";

/** AWS rules: instances, networks, security groups, load balancers, instance roles. */
export const AWS_RULES: readonly SecurityRule[] = [
  LaunchTemplateImdsv2,
  LaunchTemplateImdsHopLimit,
  EbsEncrypted,
  NoPublicIpOnLaunch,
  VpcFlowLogs,
  DefaultSecurityGroupClosed,
  NoPublicIngress,
  SecurityGroupDescriptions,
  InternalLoadBalancer,
  LoadBalancerDeletionProtection,
  NlbCrossZone,
  LoadBalancerAccessLogs,
  AutoScalingLaunchTemplate,
  DetailedMonitoring,
  NoSecretsInUserData,
  InstanceRoleOwnSecrets,
];
