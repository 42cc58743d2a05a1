import { AutoscalingGroup, AutoscalingGroupTag } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Annotations, Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import {
  awsNameTag,
  check,
  checkDns1123Label,
  checkEach,
  checkK8sLabelValue,
  countBetween,
  fail,
  fitName,
  k8sName,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  oneOf,
  Problem,
  Tags,
  AWS_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  req,
  str,
  arrayOf,
  int,
  bool,
  obj,
  instanceOf,
  construct,
  record,
  constructId,
} from "../core";
import { KubeadmTaint, workerCloudConfig } from "./bootstrap/kubeadm";
import { ControlPlane } from "./control-plane";
import { InstanceRole } from "./instance-role";
import { checkInstanceBasics, secureInstanceSettings } from "./instance-template";
import { AwsSubnet } from "./interfaces";
import { checkInstanceType, MachineImage } from "./machine-image";

/** A Kubernetes taint of the nodes of a pool. */
export interface Taint {
  /** Taint key (a Kubernetes qualified name, e.g. "dedicated" or "example.com/gpu"). */
  readonly key: string;
  /**
   * Taint value.
   *
   * @default - no value
   */
  readonly value?: string;
  /** "NoSchedule", "PreferNoSchedule" or "NoExecute". */
  readonly effect: string;
}

/** Spot capacity for a node pool (an Auto Scaling mixed-instances policy). */
export interface SpotOptions {
  /**
   * On-demand instances before any spot instance is used.
   *
   * @default 0
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Percentage of on-demand instances above the base (0 = all spot).
   *
   * @default 0
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /**
   * How spot capacity is chosen.
   *
   * @default "price-capacity-optimized"
   */
  readonly allocationStrategy?: string;
}

/** Rolling replacement of nodes when the launch template changes. */
export interface InstanceRefreshOptions {
  /**
   * Whether to refresh instances when the launch template changes.
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Percentage of the group that must stay in service during a refresh.
   *
   * @default 90
   */
  readonly minHealthyPercentage?: number;
  /**
   * Seconds a new instance needs before it counts as in service.
   *
   * @default 300
   */
  readonly instanceWarmupSeconds?: number;
}

/** How node instances are bootstrapped. */
export class NodePoolBootstrap {
  /** The built-in kubeadm bootstrap: joins through the control-plane load balancer with the pool's labels and taints. */
  public static kubeadm(): NodePoolBootstrap {
    return new NodePoolBootstrap(undefined);
  }

  /** Your own user data, written as given (no secrets in it: read them from the control plane's SSM parameters). */
  public static custom(userData: string): NodePoolBootstrap {
    return new NodePoolBootstrap(userData);
  }

  private constructor(
    /** User data of a custom bootstrap. */
    public readonly userData: string | undefined,
  ) {}
}

/** Properties of a {@link NodePool}. */
export interface NodePoolProps {
  /** The cluster the nodes join. */
  readonly controlPlane: ControlPlane;
  /**
   * Pool name (a DNS-1123 label), shown as the `hybrid-mesh.dev/node-pool` node label.
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Fewest nodes.
   *
   * @default 1
   */
  readonly minSize?: number;
  /**
   * Most nodes.
   *
   * @default 3
   */
  readonly maxSize?: number;
  /**
   * Nodes to start with. When set, every deploy resets the group to this size (and undoes the
   * cluster autoscaler); leave it unset to start at `minSize`.
   *
   * @default - minSize at creation, then left to scaling
   */
  readonly desiredSize?: number;
  /**
   * Instance types; more than one needs `spot` (a mixed-instances policy).
   *
   * @default ["m5.large"]
   */
  readonly instanceTypes?: string[];
  /**
   * Use spot capacity.
   *
   * @default - on-demand only
   */
  readonly spot?: SpotOptions;
  /**
   * Image of the nodes.
   *
   * @default MachineImage.ubuntu()
   */
  readonly machineImage?: MachineImage;
  /**
   * Root volume size, GiB (gp3, encrypted).
   *
   * @default 50
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * KMS key for the root volumes.
   *
   * @default - the account's default EBS key
   */
  readonly kmsKeyArn?: string;
  /**
   * Instance metadata hop limit (IMDSv2 always required).
   *
   * @default 2
   */
  readonly metadataHopLimit?: number;
  /**
   * Kubernetes labels of the nodes.
   *
   * @default - only `hybrid-mesh.dev/node-pool=<name>`
   */
  readonly labels?: Record<string, string>;
  /**
   * Kubernetes taints of the nodes.
   *
   * @default - none
   */
  readonly taints?: Taint[];
  /**
   * Subnets (zone indexes of the network's private subnets) the pool spans.
   *
   * @default - every private subnet
   */
  readonly zoneIndexes?: number[];
  /**
   * Rolling instance refresh on launch template changes.
   *
   * @default - enabled, 90 % healthy, 300 s warm-up
   */
  readonly instanceRefresh?: InstanceRefreshOptions;
  /**
   * Target groups the nodes register in (for NodePort services behind a load balancer, such
   * as the east-west gateway). More can be added with `addTargetGroup()`.
   *
   * @default - none
   */
  readonly targetGroupArns?: string[];
  /**
   * How instances are bootstrapped.
   *
   * @default NodePoolBootstrap.kubeadm()
   */
  readonly bootstrap?: NodePoolBootstrap;
  /**
   * Session Manager access (AmazonSSMManagedInstanceCore).
   *
   * @default true
   */
  readonly sessionManager?: boolean;
  /**
   * Detailed (1-minute) CloudWatch monitoring.
   *
   * @default true
   */
  readonly detailedMonitoring?: boolean;
}

const TAINT: Shape<Taint> = {
  key: req(str("taint key", '"dedicated"')),
  value: str("taint value", '"mesh"'),
  effect: req(str("taint effect", '"NoSchedule"')),
};

const PROPS: Shape<NodePoolProps> = {
  controlPlane: req(construct<ControlPlane>("ControlPlane", "controlPlane")),
  name: str("pool name", '"general"'),
  minSize: int("node count", "2"),
  maxSize: int("node count", "6"),
  desiredSize: int("node count", "2"),
  instanceTypes: arrayOf(str("EC2 instance type", '"m5.large"')),
  spot: obj<SpotOptions>(
    {
      onDemandBaseCapacity: int("node count", "0"),
      onDemandPercentageAboveBaseCapacity: int("percentage", "0"),
      allocationStrategy: str("allocation strategy", '"price-capacity-optimized"'),
    },
    "spot options",
    "{ onDemandPercentageAboveBaseCapacity: 0 }",
  ),
  machineImage: instanceOf(MachineImage, "MachineImage.ubuntu()"),
  rootVolumeSizeGiB: int("size in GiB", "50"),
  kmsKeyArn: str("KMS key ARN", '"arn:aws:kms:eu-west-1:123456789012:key/..."'),
  metadataHopLimit: int("hop limit", "2"),
  labels: record(str("label value", '"value"'), "object of label names and values"),
  taints: arrayOf(obj(TAINT, "taint", '{ key: "dedicated", effect: "NoSchedule" }')),
  zoneIndexes: arrayOf(int("zone index", "0")),
  instanceRefresh: obj<InstanceRefreshOptions>(
    {
      enabled: bool(),
      minHealthyPercentage: int("percentage", "90"),
      instanceWarmupSeconds: int("number of seconds", "300"),
    },
    "instance refresh options",
    "{ enabled: true }",
  ),
  targetGroupArns: arrayOf(str("target group ARN", '"arn:aws:elasticloadbalancing:..."')),
  bootstrap: instanceOf(NodePoolBootstrap, "NodePoolBootstrap.kubeadm()"),
  sessionManager: bool(),
  detailedMonitoring: bool(),
};

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
    validateShape(this, props, PROPS);
    const cp = props.controlPlane;
    const poolName = check(
      this,
      "name",
      props.name ?? k8sName(this),
      (n) =>
        checkDns1123Label(n) ??
        (n.startsWith("control-plane")
          ? {
              rule: 'node pool names starting with "control-plane" would clash with the control-plane replicas\' names',
              fix: 'use e.g. "general"',
            }
          : undefined),
    );
    this.poolName = poolName;
    const minSize = check(this, "minSize", props.minSize ?? 1, countBetween(0, 1000, "a node pool size"));
    const maxSize = check(
      this,
      "maxSize",
      props.maxSize ?? Math.max(3, minSize),
      countBetween(1, 1000, "a node pool size"),
    );
    if (minSize > maxSize) {
      fail(this, "minSize", minSize, {
        rule: `minSize must be <= maxSize (${maxSize})`,
        fix: `lower minSize to at most ${maxSize} or raise maxSize`,
      });
    }
    if (props.desiredSize !== undefined) {
      check(this, "desiredSize", props.desiredSize, (d) =>
        Number.isInteger(d) && d >= minSize && d <= maxSize
          ? undefined
          : {
              rule: `desiredSize must lie between minSize (${minSize}) and maxSize (${maxSize})`,
              fix: `use a value from ${minSize} to ${maxSize}, or leave it unset`,
            },
      );
      Annotations.of(this).addWarning(
        "hybrid-mesh: desiredSize is set: every deploy resets the group to it, undoing the cluster autoscaler. Leave it unset to start at minSize.",
      );
    }
    const image = props.machineImage ?? MachineImage.ubuntu();
    check(this, "machineImage", image, (m) => m.check());
    const instanceTypes = props.instanceTypes ?? ["m5.large"];
    if (instanceTypes.length === 0)
      fail(this, "instanceTypes", instanceTypes, {
        rule: "a node pool needs an instance type",
        fix: 'use e.g. ["m5.large"]',
      });
    checkEach(this, "instanceTypes", instanceTypes, (t) => checkInstanceType(t, image.architecture));
    if (instanceTypes.length > 1 && !props.spot) {
      fail(this, "instanceTypes", instanceTypes, {
        rule: "several instance types need a mixed-instances policy",
        fix: "set spot (e.g. { onDemandPercentageAboveBaseCapacity: 100 } for on-demand only), or give one type",
      });
    }
    if (props.spot) {
      check(
        this,
        "spot.onDemandBaseCapacity",
        props.spot.onDemandBaseCapacity ?? 0,
        countBetween(0, maxSize, "the on-demand base capacity"),
      );
      check(
        this,
        "spot.onDemandPercentageAboveBaseCapacity",
        props.spot.onDemandPercentageAboveBaseCapacity ?? 0,
        countBetween(0, 100, "an on-demand percentage"),
      );
      check(
        this,
        "spot.allocationStrategy",
        props.spot.allocationStrategy ?? "price-capacity-optimized",
        oneOf(
          [
            "price-capacity-optimized",
            "capacity-optimized",
            "capacity-optimized-prioritized",
            "lowest-price",
          ],
          "the spot allocation strategy",
        ),
      );
    }
    const labels = { ...(props.labels ?? {}), "hybrid-mesh.dev/node-pool": poolName };
    Object.entries(props.labels ?? {}).forEach(([k, v]) => {
      check(this, `labels`, k, checkLabelKey);
      check(this, `labels.${k}`, v, checkK8sLabelValue);
    });
    const taints: KubeadmTaint[] = (props.taints ?? []).map((t, i) => {
      check(this, `taints[${i}].key`, t.key, checkLabelKey);
      check(this, `taints[${i}].value`, t.value ?? "", checkK8sLabelValue);
      check(
        this,
        `taints[${i}].effect`,
        t.effect,
        oneOf(["NoSchedule", "PreferNoSchedule", "NoExecute"], "a taint effect"),
      );
      return { key: t.key, value: t.value ?? "", effect: t.effect };
    });
    const zones = cp.network.privateSubnets;
    const zoneIndexes = props.zoneIndexes ?? zones.map((_, i) => i);
    checkEach(this, "zoneIndexes", zoneIndexes, countBetween(0, zones.length - 1, "a zone index"));
    if (zoneIndexes.length === 0)
      fail(this, "zoneIndexes", zoneIndexes, {
        rule: "a node pool spans at least one zone",
        fix: "leave zoneIndexes unset for every zone",
      });
    this.subnets = zoneIndexes.map((i) => zones[i]);
    const basics = checkInstanceBasics(this, props);
    const refresh = props.instanceRefresh ?? {};
    const minHealthy = check(
      this,
      "instanceRefresh.minHealthyPercentage",
      refresh.minHealthyPercentage ?? 90,
      countBetween(0, 100, "a healthy percentage"),
    );
    const warmup = check(
      this,
      "instanceRefresh.instanceWarmupSeconds",
      refresh.instanceWarmupSeconds ?? 300,
      countBetween(0, 3600, "a warm-up in seconds"),
    );

    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    Tags.of(this).add(`kubernetes.io/cluster/${cp.clusterName}`, "owned");

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
    const bound = image.bind(this, "MachineImage");
    const userData =
      props.bootstrap?.userData ??
      workerCloudConfig(cp.bootstrapSettings, { nodePool: poolName, labels, taints });
    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      name: fitName(baseName, 128),
      description: `hybrid-mesh: nodes of pool ${poolName} of ${cp.clusterName}`,
      imageId: bound.imageId,
      instanceType: props.spot ? undefined : instanceTypes[0],
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: this.role.instanceProfile.arn },
      ...secureInstanceSettings({
        ...basics,
        securityGroupId: cp.nodeSecurityGroupId,
        rootDeviceName: bound.rootDeviceName,
        kmsKeyArn: props.kmsKeyArn,
        detailedMonitoring: props.detailedMonitoring ?? true,
        userData,
      }),
      tags: { Name: awsNameTag(this) },
    });

    const template = {
      launchTemplateId: this.launchTemplate.id,
      version: Token.asString(this.launchTemplate.latestVersion),
    };
    const autoscalerTags: AutoscalingGroupTag[] = [
      { key: "Name", value: `${cp.clusterName}-${poolName}`, propagateAtLaunch: true },
      { key: "hybrid-mesh:role", value: "node", propagateAtLaunch: true },
      { key: "k8s.io/cluster-autoscaler/enabled", value: "true", propagateAtLaunch: false },
      { key: `k8s.io/cluster-autoscaler/${cp.clusterName}`, value: "owned", propagateAtLaunch: false },
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
    this.targetGroupArns = [...(props.targetGroupArns ?? [])];
    this.autoScalingGroup = new AutoscalingGroup(this, "AutoScalingGroup", {
      name: fitName(baseName, 255),
      minSize,
      maxSize,
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
        refresh.enabled === false
          ? undefined
          : {
              strategy: "Rolling",
              preferences: { minHealthyPercentage: minHealthy, instanceWarmup: String(warmup) },
            },
      tag: autoscalerTags,
      dependsOn: cp.replicas.map((r) => r.autoScalingGroup),
    });
  }

  /** Registers the pool's nodes in a target group (e.g. the east-west gateway's node port). */
  public addTargetGroup(targetGroupArn: string): void {
    if (!this.targetGroupArns.includes(targetGroupArn)) this.targetGroupArns.push(targetGroupArn);
  }
}

/** Checks a Kubernetes label or taint key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export function checkLabelKey(key: string): Problem | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const nameOk =
    name.length >= 1 && name.length <= 63 && /^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$/.test(name);
  const prefixOk =
    prefix === undefined ||
    (prefix.length <= 253 && prefix.split(".").every((l) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(l)));
  if (nameOk && prefixOk) return undefined;
  return {
    rule: "a Kubernetes label or taint key is an optional DNS subdomain and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    fix: 'use e.g. "example.com/role" or "role"',
  };
}
