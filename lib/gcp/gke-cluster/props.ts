// The props of a GkeCluster and of its node pools, and the shapes that check them.
import {
  arrayOf,
  bool,
  cidrKind,
  cidrsKind,
  construct,
  enumOf,
  instance,
  int,
  obj,
  record,
  req,
  Shape,
  str,
} from "../../core";
import { GcpNetwork } from "../network";
import { GcpSubnet } from "../subnet";

/** GKE release channels. */
export enum ReleaseChannel {
  /** Newest versions, soonest. */
  RAPID = "RAPID",
  /** The default: a balance of features and stability. */
  REGULAR = "REGULAR",
  /** Versions that have been in REGULAR for a while. */
  STABLE = "STABLE",
  /** Like REGULAR, with longer support. */
  EXTENDED = "EXTENDED",
}

/** A Kubernetes taint of GKE nodes. */
export interface GkeTaint {
  /** Taint key. */
  readonly key: string;
  /** Taint value. */
  readonly value: string;
  /** "NO_SCHEDULE", "PREFER_NO_SCHEDULE" or "NO_EXECUTE". */
  readonly effect: string;
}

/** A node pool of a {@link GkeCluster}. */
export interface GkeNodePoolOptions {
  /**
   * Node pool name (RFC 1035, at most 40 characters).
   *
   * @default - "pool-<n>"
   */
  readonly name?: string;
  /**
   * Machine type.
   *
   * @default "e2-standard-4"
   */
  readonly machineType?: string;
  /**
   * Fewest nodes per zone (autoscaling).
   *
   * @default 1
   */
  readonly minNodesPerZone?: number;
  /**
   * Most nodes per zone (autoscaling).
   *
   * @default 3
   */
  readonly maxNodesPerZone?: number;
  /**
   * Boot disk size, GB.
   *
   * @default 100
   */
  readonly diskSizeGb?: number;
  /**
   * Spot VMs (cheaper, may be reclaimed).
   *
   * @default false
   */
  readonly spot?: boolean;
  /**
   * Kubernetes labels of the nodes.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Kubernetes taints of the nodes.
   *
   * @default - none
   */
  readonly taints?: GkeTaint[];
  /**
   * Most pods per node (8-110); must not exceed what the subnet's pod range was sized for.
   *
   * @default - the subnet's maxPodsPerNode (110)
   */
  readonly maxPodsPerNode?: number;
  /**
   * Whether GKE repairs unhealthy nodes (checkov CKV_GCP_9).
   *
   * @default true
   */
  readonly autoRepair?: boolean;
  /**
   * Whether GKE upgrades nodes (checkov CKV_GCP_10).
   *
   * @default true
   */
  readonly autoUpgrade?: boolean;
}

/** Properties of a {@link GkeCluster}. */
export interface GkeClusterProps {
  /** The network. */
  readonly network: GcpNetwork;
  /**
   * Subnet of the nodes; it must have pod and service secondary ranges.
   *
   * @default - the network's first subnet
   */
  readonly subnet?: GcpSubnet;
  /**
   * Cluster name (RFC 1035, at most 40 characters); also the cluster's name in the mesh.
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * A region (regional cluster: control plane and nodes in three zones) or a zone of it (zonal cluster).
   *
   * @default - the subnet's region
   */
  readonly location?: string;
  /**
   * Release channel. Ignored when `kubernetesVersion` pins a version.
   *
   * @default ReleaseChannel.REGULAR
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * A pinned GKE version (e.g. "1.27.3-gke.100"): the cluster leaves release channels
   * (UNSPECIFIED) and runs that version.
   *
   * @default - the release channel's default version
   */
  readonly kubernetesVersion?: string;
  /**
   * Whether nodes have internal IPs only (they reach the internet through Cloud NAT).
   *
   * @default true
   */
  readonly privateNodes?: boolean;
  /**
   * Whether the control plane has only a private endpoint (reachable from the VPC and, through
   * the VPN, from the peers). Otherwise its public endpoint accepts only `authorizedNetworks`.
   *
   * @default false
   */
  readonly privateEndpoint?: boolean;
  /**
   * The control plane's range for private clusters: exactly a /28, overlapping nothing in the
   * VPC or across the VPN.
   *
   * @default "172.16.0.0/28"
   */
  readonly controlPlaneCidr?: string;
  /**
   * For private clusters: whether the VPC exports its custom routes (static routes and the routes
   * Cloud Router learns over the VPN) to the Google-owned network of the control plane, so that
   * the private endpoint answers clients across the VPN. Without it only the VPC reaches it.
   *
   * @default true
   */
  readonly exportRoutesToControlPlane?: boolean;
  /**
   * Ranges allowed to reach the control plane (master authorized networks), besides the subnet's
   * primary range: operators, CI, and the peer networks where a remote istiod runs. More can be
   * added with `allowApiFrom()`.
   *
   * @default - the subnet's primary range only
   */
  readonly authorizedNetworks?: string[];
  /**
   * Dataplane V2 (eBPF, network policy built in); false uses Calico network policy instead.
   *
   * @default true
   */
  readonly dataplaneV2?: boolean;
  /**
   * Workload Identity (pool `<project>.svc.id.goog`; nodes use the GKE metadata server).
   *
   * @default true
   */
  readonly workloadIdentity?: boolean;
  /**
   * Whether Terraform refuses to delete the cluster. Set to false before `terraform destroy`.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Node pools.
   *
   * @default - one pool "general": e2-standard-4, 1 to 3 nodes per zone
   */
  readonly nodePools?: GkeNodePoolOptions[];
  /**
   * Name of the cluster's mesh network.
   *
   * @default - "<project id>-<network name>"
   */
  readonly meshNetwork?: string;
  /**
   * Project number, for the mesh id `proj-<number>`.
   *
   * @default - read with a google_project data source at plan time
   */
  readonly projectNumber?: string;
}

/**
 * The shape of {@link GkeNodePoolOptions}.
 *
 * @internal
 */
export const GKE_NODE_POOL_SHAPE: Shape<GkeNodePoolOptions> = {
  name: str("pool name", '"general"'),
  machineType: str("machine type", '"e2-standard-4"'),
  minNodesPerZone: int("node count", "1"),
  maxNodesPerZone: int("node count", "3"),
  diskSizeGb: int("size in GB", "100"),
  spot: bool(),
  labels: record(str("label value", '"value"'), "object of label names and values"),
  taints: arrayOf(
    obj<GkeTaint>(
      {
        key: req(str("taint key", '"dedicated"')),
        value: req(str("taint value", '"mesh"')),
        effect: req(str("effect", '"NO_SCHEDULE"')),
      },
      "taint",
      '{ key: "dedicated", value: "mesh", effect: "NO_SCHEDULE" }',
    ),
  ),
  maxPodsPerNode: int("pod count", "110"),
  autoRepair: bool(),
  autoUpgrade: bool(),
};

/**
 * The shape of {@link GkeClusterProps}.
 *
 * @internal
 */
export const GKE_CLUSTER_SHAPE: Shape<GkeClusterProps> = {
  network: req(construct<GcpNetwork>("GcpNetwork", "network")),
  subnet: instance<GcpSubnet>(
    "subnet of the network (network.subnets[i])",
    (v) => typeof v === "object" && v !== null && "selfLink" in v,
    "network.subnets[0]",
  ),
  name: str("cluster name", '"gke-cluster"'),
  location: str("region or zone", '"europe-west1"'),
  releaseChannel: enumOf(ReleaseChannel, "ReleaseChannel"),
  kubernetesVersion: str("GKE version", '"1.30.5-gke.1014001"'),
  privateNodes: bool(),
  privateEndpoint: bool(),
  controlPlaneCidr: cidrKind(),
  exportRoutesToControlPlane: bool(),
  authorizedNetworks: cidrsKind(),
  dataplaneV2: bool(),
  workloadIdentity: bool(),
  deletionProtection: bool(),
  nodePools: arrayOf(obj(GKE_NODE_POOL_SHAPE, "node pool", '{ name: "general" }')),
  meshNetwork: str("mesh network name", '"gcp-network"'),
  projectNumber: str("GCP project number", '"123456789012"'),
};
