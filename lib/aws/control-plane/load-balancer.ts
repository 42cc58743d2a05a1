import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";
import { awsNameTag, fitName, KUBE_API_PORT, suppressRules } from "../../core";
import { AwsSubnet } from "../interfaces";
import { ControlPlaneLoadBalancerOptions } from "./props";

/** The internal Network Load Balancer in front of the API servers. @internal */
export interface ApiLoadBalancer {
  /** The load balancer. */
  readonly loadBalancer: Lb;
  /** The target group every replica's Auto Scaling group registers in. */
  readonly targetGroup: LbTargetGroup;
  /** The TCP 6443 listener. */
  readonly listener: LbListener;
}

/**
 * Creates the internal Network Load Balancer of the API in every private subnet (on the fixed
 * addresses, when given), its target group (HTTPS /readyz health checks) and its TCP listener.
 *
 * @internal
 */
export function createApiLoadBalancer(
  scope: Construct,
  o: {
    readonly name: string;
    readonly clusterName: string;
    readonly vpcId: string;
    readonly subnets: readonly AwsSubnet[];
    readonly securityGroupId: string;
    readonly options: ControlPlaneLoadBalancerOptions | undefined;
  },
): ApiLoadBalancer {
  const privateIps = o.options?.privateIpAddresses;
  const loadBalancer = new Lb(scope, "LoadBalancer", {
    name: o.name,
    internal: true,
    loadBalancerType: "network",
    securityGroups: [o.securityGroupId],
    enableCrossZoneLoadBalancing: true,
    enableDeletionProtection: o.options?.deletionProtection ?? true,
    subnets: privateIps ? undefined : o.subnets.map((s) => s.subnetId),
    subnetMapping: privateIps
      ? o.subnets.map((s, i) => ({
          subnetId: s.subnetId,
          privateIpv4Address: privateIps[i],
        }))
      : undefined,
    accessLogs: o.options?.accessLogsBucket
      ? {
          bucket: o.options.accessLogsBucket,
          prefix: o.options.accessLogsPrefix,
          enabled: true,
        }
      : undefined,
    tags: { Name: awsNameTag(scope) },
  });
  if (!o.options?.accessLogsBucket) {
    suppressRules(loadBalancer, [
      {
        id: "HM-AWS-12",
        reason:
          "access logs need an S3 bucket the user owns and the load balancer may write to: set loadBalancer.accessLogsBucket",
      },
    ]);
  }
  const targetGroup = new LbTargetGroup(scope, "TargetGroup", {
    name: fitName(`${o.clusterName}-api`, 32),
    port: KUBE_API_PORT,
    protocol: "TCP",
    targetType: "instance",
    vpcId: o.vpcId,
    // Targets see the load balancer's address: a replica calling the API through the load
    // balancer would otherwise be routed to itself and time out (NLB loopback).
    preserveClientIp: "false",
    deregistrationDelay: "30",
    healthCheck: {
      protocol: "HTTPS",
      port: String(KUBE_API_PORT),
      path: "/readyz",
      healthyThreshold: 3,
      unhealthyThreshold: 3,
      interval: 10,
    },
  });
  const listener = new LbListener(scope, "Listener", {
    loadBalancerArn: loadBalancer.arn,
    port: KUBE_API_PORT,
    protocol: "TCP",
    defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
  });
  return { loadBalancer, targetGroup, listener };
}
