import { arrayOf, bool, construct, instanceOf, int, obj, record, req, Shape, str } from "../../core";
import { ControlPlane } from "../control-plane";
import { MachineImage } from "../machine-image";

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
   * Session Manager access: an inline policy with only the Session Manager channel actions, not the
   * managed AmazonSSMManagedInstanceCore (whose `ssm:GetParameter*` on every parameter would let a
   * node read the control plane's certificate key).
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

/**
 * The JavaScript shape of {@link NodePoolProps}, checked before anything else.
 *
 * @internal
 */
export const NODE_POOL_PROPS: Shape<NodePoolProps> = {
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
