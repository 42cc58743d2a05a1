import { AutoscalingGroup, AutoscalingGroupTag } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import {
  AWS_PROVIDER,
  awsNameTag,
  constructId,
  fitName,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  requireProvider,
  Tags,
  validateShape,
} from "../../core";
import { KubeadmTaint, workerCloudConfig } from "../bootstrap/kubeadm";
import { InstanceRole } from "../instance-role";
import { secureInstanceSettings } from "../instance-template";
import { AwsSubnet } from "../interfaces";
import { NODE_POOL_PROPS, NodePoolProps } from "./props";
import { validateNodePoolProps } from "./validation";

/**
 * Worker nodes of a cluster: a launch template and an Auto Scaling group across the private
 * subnets, joining the control plane through its load balancer.
 *
 * IMDSv2 required, encrypted root volumes, no public IP, the cluster's shared node security
 * group, cluster-autoscaler discovery tags (`k8s.io/cluster-autoscaler/enabled`,
 * `k8s.io/cluster-autoscaler/<cluster>`, and node-template labels and taints), rolling instance
 * refresh. The instance role may only read the control plane's config, join-token and CA-hash
 * parameters (and use Session Manager, unless turned off).
 */
export class NodePool extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "NodePool";
  /** Pool name. */
  public readonly poolName: string;
  /** The launch template. */
  public readonly launchTemplate: LaunchTemplate;
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: AutoscalingGroup;
  /** The instance role and profile. */
  public readonly role: InstanceRole;
  /** The subnets the pool spans. */
  public readonly subnets: AwsSubnet[];
  private readonly targetGroupArns: string[];

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, constructId(scope, id, "NodePool"));
    requireProvider(this, AWS_PROVIDER);
    validateShape(this, props, NODE_POOL_PROPS);
    const cp = props.controlPlane;
    const p = validateNodePoolProps(this, props);
    const { poolName, instanceTypes } = p;
    this.poolName = poolName;
    this.subnets = p.subnets;

    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    Tags.of(this).add(`kubernetes.io/cluster/${cp.clusterName}`, "owned");

    // The role: read the join parameters only.
    const baseName = `${cp.clusterName}-${poolName}`;
    this.role = new InstanceRole(this, "Role", {
      name: fitName(baseName, 64),
      description: `hybrid-mesh: nodes of pool ${poolName} of ${cp.clusterName}`,
      statements: [
        {
          sid: "ReadJoinParameters",
          actions: ["ssm:GetParameter"],
          resources: [cp.parameters.config.arn, cp.parameters.joinToken.arn, cp.parameters.caCertHash.arn],
        },
      ],
      sessionManager: props.sessionManager ?? true,
    });

    // The launch template.
    const bound = p.image.bind(this, "MachineImage");
    const userData =
      props.bootstrap?.userData ??
      workerCloudConfig(cp.bootstrapSettings, { nodePool: poolName, labels: p.labels, taints: p.taints });
    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      name: fitName(baseName, 128),
      description: `hybrid-mesh: nodes of pool ${poolName} of ${cp.clusterName}`,
      imageId: bound.imageId,
      instanceType: props.spot ? undefined : instanceTypes[0],
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: this.role.instanceProfile.arn },
      ...secureInstanceSettings({
        rootVolumeSizeGiB: p.rootVolumeSizeGiB,
        metadataHopLimit: p.metadataHopLimit,
        securityGroupId: cp.nodeSecurityGroupId,
        rootDeviceName: bound.rootDeviceName,
        kmsKeyArn: props.kmsKeyArn,
        detailedMonitoring: props.detailedMonitoring ?? true,
        userData,
      }),
      tags: { Name: awsNameTag(this) },
    });

    // The Auto Scaling group, after the control plane's.
    const template = {
      launchTemplateId: this.launchTemplate.id,
      version: Token.asString(this.launchTemplate.latestVersion),
    };
    this.targetGroupArns = [...(props.targetGroupArns ?? [])];
    this.autoScalingGroup = new AutoscalingGroup(this, "AutoScalingGroup", {
      name: fitName(baseName, 255),
      minSize: p.minSize,
      maxSize: p.maxSize,
      desiredCapacity: props.desiredSize,
      vpcZoneIdentifier: this.subnets.map((s) => s.subnetId),
      launchTemplate: props.spot ? undefined : { id: template.launchTemplateId, version: template.version },
      mixedInstancesPolicy: props.spot
        ? {
            instancesDistribution: {
              onDemandBaseCapacity: props.spot.onDemandBaseCapacity ?? 0,
              onDemandPercentageAboveBaseCapacity: props.spot.onDemandPercentageAboveBaseCapacity ?? 0,
              spotAllocationStrategy: props.spot.allocationStrategy ?? "price-capacity-optimized",
            },
            launchTemplate: {
              launchTemplateSpecification: template,
              override: instanceTypes.map((instanceType) => ({ instanceType })),
            },
          }
        : undefined,
      capacityRebalance: props.spot ? true : undefined,
      targetGroupArns: Lazy.listValue({
        produce: () => (this.targetGroupArns.length > 0 ? this.targetGroupArns : undefined),
      }),
      healthCheckType: "EC2",
      healthCheckGracePeriod: 300,
      defaultCooldown: 300,
      instanceRefresh:
        props.instanceRefresh?.enabled === false
          ? undefined
          : {
              strategy: "Rolling",
              preferences: { minHealthyPercentage: p.minHealthy, instanceWarmup: String(p.warmup) },
            },
      tag: autoscalingGroupTags(cp.clusterName, poolName, p.labels, p.taints),
      dependsOn: cp.replicas.map((r) => r.autoScalingGroup),
    });
  }

  /** Registers the pool's nodes in a target group (e.g. the east-west gateway's node port). */
  public addTargetGroup(targetGroupArn: string): void {
    if (!this.targetGroupArns.includes(targetGroupArn)) this.targetGroupArns.push(targetGroupArn);
  }
}

/**
 * The group's tags: the instances' name and role, and the cluster autoscaler's discovery tags
 * with the node-template labels and taints it scales from zero with.
 */
function autoscalingGroupTags(
  clusterName: string,
  poolName: string,
  labels: Record<string, string>,
  taints: readonly KubeadmTaint[],
): AutoscalingGroupTag[] {
  return [
    { key: "Name", value: `${clusterName}-${poolName}`, propagateAtLaunch: true },
    { key: "hybrid-mesh:role", value: "node", propagateAtLaunch: true },
    { key: "k8s.io/cluster-autoscaler/enabled", value: "true", propagateAtLaunch: false },
    { key: `k8s.io/cluster-autoscaler/${clusterName}`, value: "owned", propagateAtLaunch: false },
    ...Object.entries(labels).map(([k, v]) => ({
      key: `k8s.io/cluster-autoscaler/node-template/label/${k}`,
      value: v,
      propagateAtLaunch: false,
    })),
    ...taints.map((t) => ({
      key: `k8s.io/cluster-autoscaler/node-template/taint/${t.key}`,
      value: `${t.value}:${t.effect}`,
      propagateAtLaunch: false,
    })),
  ];
}
