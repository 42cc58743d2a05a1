import { TerraformModel, TfElement } from "../../core";
import { bool, many, num, one } from "../../core/terraform/values";
import type { AwsSubnetModel, AwsVpcModel } from "./aws";
import { ANY_PRESENCE } from "./presence";

// Load balancers, their listeners and target groups, and the auto scaling groups registered in
// them (with the security groups of their instances, from the launch templates).

/**
 * One address of a load balancer (a node per subnet).
 *
 * @internal
 */
export interface LoadBalancerNode {
  /** The subnet. */
  readonly subnet?: AwsSubnetModel;
  /** Its fixed private address, if any. */
  readonly address?: string;
}

/**
 * A listener of a load balancer.
 *
 * @internal
 */
export interface ListenerModel {
  /** The aws_lb_listener. */
  readonly element: TfElement;
  /** Port. */
  readonly port?: number;
  /** Where it forwards. */
  readonly targetGroup?: TargetGroupModel;
}

/**
 * An AWS load balancer with its listeners and targets.
 *
 * @internal
 */
export interface LoadBalancerModel {
  /** The aws_lb. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Whether it is internal. */
  readonly internal: boolean;
  /** Its VPC. */
  readonly vpc?: AwsVpcModel;
  /** Its addresses: fixed private IPs per subnet, or the subnets (address assigned by AWS). */
  readonly nodes: LoadBalancerNode[];
  /** Keys of its security groups. */
  readonly securityGroups: string[];
  /** Its listeners. */
  readonly listeners: ListenerModel[];
  /** Its listeners that Terraform does not (or may not) create. */
  readonly notCreatedListeners: ListenerModel[];
}

/**
 * A target group and the auto scaling groups registered in it.
 *
 * @internal
 */
export interface TargetGroupModel {
  /** The aws_lb_target_group. */
  readonly element: TfElement;
  /** Target port. */
  readonly port?: number;
  /** Whether targets see the client's address. */
  readonly preserveClientIp: boolean;
  /** Auto scaling groups registered. */
  readonly groups: AutoScalingGroupModel[];
}

/**
 * An auto scaling group: its subnets and the security groups of its instances.
 *
 * @internal
 */
export interface AutoScalingGroupModel {
  /** The aws_autoscaling_group. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Its subnets. */
  readonly subnets: AwsSubnetModel[];
  /** Keys of its instances' security groups (from the launch template). */
  readonly securityGroups: string[];
  /** Keys of the target groups it registers in. */
  readonly targetGroups: string[];
}

/**
 * The load balancers of an app and the auto scaling groups behind them, by key.
 *
 * @internal
 */
export interface LoadBalancers {
  /** Load balancers. */
  readonly loadBalancers: Map<string, LoadBalancerModel>;
  /** Auto scaling groups. */
  readonly autoScalingGroups: Map<string, AutoScalingGroupModel>;
}

/**
 * Reads the launch templates, auto scaling groups, target groups, load balancers and listeners.
 *
 * @internal
 */
export function readLoadBalancers(
  tf: TerraformModel,
  vpcs: Map<string, AwsVpcModel>,
  subnets: Map<string, AwsSubnetModel>,
): LoadBalancers {
  const autoScalingGroups = new Map<string, AutoScalingGroupModel>();
  const loadBalancers = new Map<string, LoadBalancerModel>();
  const templates = new Map<string, string[]>();
  for (const e of tf.ofType("aws_launch_template", "present")) {
    const groups = [
      ...many(e.config.vpc_security_group_ids),
      ...many(e.config.network_interfaces).flatMap((n) => many(n.security_groups)),
    ]
      .map((g) => tf.targetOf(e, g)?.key)
      .filter((k): k is string => !!k);
    templates.set(e.key, groups);
  }
  for (const e of tf.ofType("aws_autoscaling_group", "present")) {
    const lt =
      one(e.config.launch_template)?.id ??
      one(one(one(e.config.mixed_instances_policy)?.launch_template)?.launch_template_specification)
        ?.launch_template_id;
    const asg: AutoScalingGroupModel = {
      element: e,
      name: tf.nameOf(e),
      subnets: many(e.config.vpc_zone_identifier)
        .map((s) => subnets.get(tf.targetOf(e, s)?.key ?? ""))
        .filter((s): s is AwsSubnetModel => !!s),
      securityGroups: templates.get(tf.targetOf(e, lt)?.key ?? "") ?? [],
      targetGroups: many(e.config.target_group_arns)
        .map((t) => tf.targetOf(e, t)?.key)
        .filter((k): k is string => !!k),
    };
    autoScalingGroups.set(e.key, asg);
  }
  for (const e of tf.ofType("aws_autoscaling_attachment", "present")) {
    const asg = autoScalingGroups.get(tf.targetOf(e, e.config.autoscaling_group_name)?.key ?? "");
    const tg = tf.targetOf(e, e.config.lb_target_group_arn);
    if (asg && tg) asg.targetGroups.push(tg.key);
  }
  const targetGroups = new Map<string, TargetGroupModel>();
  for (const e of tf.ofType("aws_lb_target_group", "present")) {
    targetGroups.set(e.key, {
      element: e,
      port: num(e.config.port),
      preserveClientIp: bool(e.config.preserve_client_ip, e.config.target_type !== "ip"),
      groups: [...autoScalingGroups.values()].filter((g) => g.targetGroups.includes(e.key)),
    });
  }
  for (const e of tf.ofType("aws_lb", "present")) {
    const mappings = many(e.config.subnet_mapping);
    const nodes = mappings.length
      ? mappings.map((m) => ({
          subnet: subnets.get(tf.targetOf(e, m.subnet_id)?.key ?? ""),
          address: tf.literal(e.stack, m.private_ipv4_address),
        }))
      : many(e.config.subnets).map((s) => ({ subnet: subnets.get(tf.targetOf(e, s)?.key ?? "") }));
    const vpc = [...vpcs.values()].find((v) => nodes.some((n) => n.subnet && v.subnets.includes(n.subnet)));
    loadBalancers.set(e.key, {
      element: e,
      name: tf.nameOf(e),
      internal: bool(e.config.internal, false),
      vpc,
      nodes,
      securityGroups: many(e.config.security_groups)
        .map((g) => tf.targetOf(e, g)?.key)
        .filter((k): k is string => !!k),
      listeners: [],
      notCreatedListeners: [],
    });
  }
  for (const e of tf.ofType("aws_lb_listener", ANY_PRESENCE)) {
    const lb = loadBalancers.get(tf.targetOf(e, e.config.load_balancer_arn)?.key ?? "");
    if (!lb) continue;
    const action = many(e.config.default_action).find((a) => (a.type ?? "forward") === "forward");
    const tgKey = tf.targetOf(
      e,
      action?.target_group_arn ?? one(action?.forward)?.target_group?.[0]?.arn,
    )?.key;
    (e.presence === "present" ? lb.listeners : lb.notCreatedListeners).push({
      element: e,
      port: num(e.config.port),
      targetGroup: targetGroups.get(tgKey ?? ""),
    });
  }
  return { loadBalancers, autoScalingGroups };
}
