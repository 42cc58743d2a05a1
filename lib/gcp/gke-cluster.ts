import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ComputeNetworkPeeringRoutesConfig } from "@cdktf/provider-google/lib/compute-network-peering-routes-config";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkCidr,
  checkDns1123Label,
  checkEach,
  checkGcpName,
  checkGkeClusterName,
  checkK8sLabelValue,
  Cidr,
  ClusterPlatform,
  countBetween,
  fail,
  findOverlaps,
  fitName,
  gcpName,
  IMeshClusterSource,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  MeshClusterInfo,
  oneOf,
  Problem,
  Tags,
  validateLater,
  GOOGLE_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  req,
  str,
  arrayOf,
  int,
  bool,
  obj,
  enumOf,
  cidrKind,
  cidrsKind,
  construct,
  instance,
  record,
  checkRoutableRange,
  constructId,
} from "../core";
import { MESH_PORTS } from "./firewall";
import { GcpNetwork, GcpSubnet } from "./network";
import { checkLocationIn, checkMaxPodsPerNode, isZone, nodePodPrefix, projectNumberOf } from "./rules";

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

const NODE_POOL: Shape<GkeNodePoolOptions> = {
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

const PROPS: Shape<GkeClusterProps> = {
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
  nodePools: arrayOf(obj(NODE_POOL, "node pool", '{ name: "general" }')),
  meshNetwork: str("mesh network name", '"gcp-network"'),
  projectNumber: str("GCP project number", '"123456789012"'),
};

/**
 * A GKE Standard cluster, private and hardened by default: VPC-native on the subnet's named
 * secondary ranges; the default node pool removed and node pools created as their own resources
 * (Shielded nodes with secure boot and integrity monitoring, COS containerd, GKE metadata server,
 * auto-repair and auto-upgrade, a dedicated node service account with only
 * `roles/container.defaultNodeServiceAccount`); private nodes with a validated /28 control-plane
 * range; master authorized networks; Dataplane V2; Workload Identity; legacy ABAC off; no client
 * certificate; release channel REGULAR; deletion protection on. For private clusters a firewall
 * rule lets the control plane reach Istio's webhook (15017) on the nodes.
 */
export class GkeCluster extends Construct implements IMeshClusterSource {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "GkeCluster";
  /** Cluster name. */
  public readonly clusterName: string;
  /** Location (region or zone). */
  public readonly location: string;
  /** Project id. */
  public readonly project: string;
  /** The cluster. */
  public readonly cluster: ContainerCluster;
  /** Node pools. */
  public readonly nodePools: ContainerNodePool[] = [];
  /** The nodes' service account. */
  public readonly nodeServiceAccount: ServiceAccount;
  /** Control-plane endpoint (IP address, a token). */
  public readonly endpoint: string;
  /** Cluster CA certificate (base64 PEM, a token). */
  public readonly caCertificate: string;
  /** Mesh network name. */
  public readonly meshNetwork: string;
  /** Mesh id: `proj-<project number>`. */
  public readonly meshId: string;
  /** Workload Identity pool, if enabled. */
  public readonly workloadPool?: string;
  /** Network tag of the nodes (firewall rules target it). */
  public readonly nodeTag: string;
  /** The subnet of the nodes. */
  public readonly subnet: GcpSubnet;
  /** The network. */
  public readonly network: GcpNetwork;
  /** Control-plane range (private clusters). */
  public readonly controlPlaneCidr?: string;
  /** The export of the VPC's custom routes to the control plane's network (private clusters). */
  public readonly controlPlaneRouteExport?: ComputeNetworkPeeringRoutesConfig;
  private readonly authorizedNetworks: { cidr: string; label: string }[] = [];
  private fleetManaged = false;
  private readonly poolLimits: { name: string; maxNodes: number; maxPods: number }[] = [];

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, constructId(scope, id, "GkeCluster"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    this.network = props.network;
    this.project = props.network.project;
    const subnet = props.subnet ?? props.network.subnets[0];
    if (!subnet) {
      fail(this, "subnet", undefined, {
        rule: "a GKE cluster needs a subnet and the network has none",
        fix: "add a subnet with pod and service ranges to the network",
      });
    }
    this.subnet = subnet;
    if (!subnet.pods || !subnet.services) {
      fail(this, "subnet", subnet.name, {
        rule: "a VPC-native GKE cluster needs the subnet's named secondary ranges for pods and services",
        fix: "give the subnet `pods` and `services` ranges",
      });
    }
    this.clusterName = check(
      this,
      "name",
      props.name ?? gcpName(this, { maxLength: 40 }),
      (n) => checkGkeClusterName(n) ?? checkDns1123Label(n),
    );
    this.location = check(this, "location", props.location ?? subnet.region, (l) =>
      checkLocationIn(l, subnet.region),
    );
    const pinned = props.kubernetesVersion;
    check(this, "kubernetesVersion", pinned, checkGkeVersion);
    const channel = check(
      this,
      "releaseChannel",
      props.releaseChannel ?? ReleaseChannel.REGULAR,
      oneOf(Object.values(ReleaseChannel), "the release channel"),
    );
    const privateNodes = props.privateNodes ?? true;
    if (privateNodes) {
      this.controlPlaneCidr = check(
        this,
        "controlPlaneCidr",
        props.controlPlaneCidr ?? "172.16.0.0/28",
        checkControlPlaneCidr,
      );
      const ranges = [
        { name: "controlPlaneCidr", cidr: this.controlPlaneCidr },
        { name: "the subnet", cidr: subnet.cidr },
        { name: "the pod range", cidr: subnet.pods.cidr },
        { name: "the service range", cidr: subnet.services.cidr },
      ];
      const clash = findOverlaps(ranges).find(
        (o) => o.a.name === "controlPlaneCidr" || o.b.name === "controlPlaneCidr",
      );
      if (clash) {
        const other = clash.a.name === "controlPlaneCidr" ? clash.b : clash.a;
        fail(this, "controlPlaneCidr", this.controlPlaneCidr, {
          rule: `the control-plane range must not overlap anything in the VPC, and it overlaps ${other.name} (${other.cidr.toString()})`,
          fix: "pick a free /28, e.g. in 172.16.0.0/16",
        });
      }
    } else if (props.controlPlaneCidr !== undefined) {
      fail(this, "controlPlaneCidr", props.controlPlaneCidr, {
        rule: "a control-plane range applies to private clusters only",
        fix: "remove it, or set privateNodes to true",
      });
    }
    checkEach(
      this,
      "authorizedNetworks",
      props.authorizedNetworks,
      (c) =>
        checkCidr(c) ??
        (c.endsWith("/0")
          ? {
              rule: "the control plane must not be open to the whole internet (checkov CKV_GCP_18/20)",
              fix: "list the ranges that need the API",
            }
          : undefined),
    );
    this.meshNetwork = check(
      this,
      "meshNetwork",
      props.meshNetwork ?? props.network.meshNetworkName,
      checkK8sLabelValue,
    );
    this.meshId = `proj-${projectNumberOf(this, this.project, props.projectNumber)}`;
    this.nodeTag = fitName(`${this.clusterName}-node`, 63);
    const workloadIdentity = props.workloadIdentity ?? true;
    this.workloadPool = workloadIdentity ? `${this.project}.svc.id.goog` : undefined;
    if (!workloadIdentity) {
      Annotations.of(this).addWarning(
        "hybrid-mesh: Workload Identity is off: pods can read the node's service account credentials (checkov CKV_GCP_69).",
      );
    }

    this.authorizedNetworks.push({ cidr: subnet.cidr, label: "nodes subnet" });
    (props.authorizedNetworks ?? []).forEach((cidr, i) =>
      this.authorizedNetworks.push({ cidr, label: `authorized ${i + 1}` }),
    );

    this.nodeServiceAccount = new ServiceAccount(this, "NodeServiceAccount", {
      accountId: serviceAccountId(this.clusterName),
      project: this.project,
      displayName: `hybrid-mesh: nodes of ${this.clusterName}`,
      description:
        "Least-privilege node identity (logs, metrics, image pulls): roles/container.defaultNodeServiceAccount only",
    });
    new ProjectIamMember(this, "NodeServiceAccountRole", {
      project: this.project,
      role: "roles/container.defaultNodeServiceAccount",
      member: `serviceAccount:${this.nodeServiceAccount.email}`,
    });

    const nodeConfig = {
      serviceAccount: this.nodeServiceAccount.email,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      imageType: "COS_CONTAINERD",
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: workloadIdentity ? "GKE_METADATA" : "GCE_METADATA" },
      metadata: { "disable-legacy-endpoints": "true" },
      tags: [this.nodeTag],
    };
    const dataplaneV2 = props.dataplaneV2 ?? true;
    this.cluster = new ContainerCluster(this, "Resource", {
      name: this.clusterName,
      project: this.project,
      location: this.location,
      network: props.network.networkId,
      subnetwork: subnet.selfLink,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: subnet.pods.name,
        servicesSecondaryRangeName: subnet.services.name,
      },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig,
      releaseChannel: { channel: pinned ? "UNSPECIFIED" : channel },
      minMasterVersion: pinned,
      privateClusterConfig: privateNodes
        ? {
            enablePrivateNodes: true,
            enablePrivateEndpoint: props.privateEndpoint ?? false,
            masterIpv4CidrBlock: this.controlPlaneCidr,
            masterGlobalAccessConfig: { enabled: true },
          }
        : undefined,
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: this.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.label })),
      },
      datapathProvider: dataplaneV2 ? "ADVANCED_DATAPATH" : "LEGACY_DATAPATH",
      networkPolicy: dataplaneV2 ? undefined : { enabled: true, provider: "CALICO" },
      addonsConfig: dataplaneV2 ? undefined : { networkPolicyConfig: { disabled: false } },
      workloadIdentityConfig: workloadIdentity ? { workloadPool: this.workloadPool } : undefined,
      enableLegacyAbac: false,
      enableShieldedNodes: true,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      deletionProtection: props.deletionProtection ?? true,
      // The label the Cloud console's mesh topology groups clusters by.
      resourceLabels: { mesh_id: this.meshId },
    });
    this.endpoint = this.cluster.endpoint;
    this.caCertificate = this.cluster.masterAuth.clusterCaCertificate;

    (props.nodePools ?? [{ name: "general" }]).forEach((pool, i) =>
      this.addNodePool(`NodePool${i + 1}`, pool, i, nodeConfig, pinned),
    );

    if (privateNodes && this.controlPlaneCidr && (props.exportRoutesToControlPlane ?? true)) {
      // The control plane lives in a Google-owned VPC peered with ours; it learns the routes to
      // the VPN peers only if ours exports them (GKE private clusters, "access from on-premises").
      this.controlPlaneRouteExport = new ComputeNetworkPeeringRoutesConfig(this, "ControlPlaneRouteExport", {
        project: this.project,
        network: props.network.network.name,
        peering: this.cluster.privateClusterConfig.peeringName,
        exportCustomRoutes: true,
        importCustomRoutes: false,
      });
    }
    if (privateNodes && this.controlPlaneCidr) {
      props.network.addFirewallRule(`${this.clusterName}-webhooks`, {
        description: `hybrid-mesh: the control plane of ${this.clusterName} calls Istio's webhook (${MESH_PORTS.webhook}) on the nodes`,
        sourceRanges: [this.controlPlaneCidr],
        allow: [{ protocol: "tcp", ports: [String(MESH_PORTS.webhook)] }],
        targetTags: [this.nodeTag],
      });
    }
    validateLater(this, () => this.capacityProblems());
  }

  /**
   * The cluster, as the mesh sees it. For a private cluster the API server is its private
   * endpoint (in `controlPlaneCidr`), which other sites reach across the VPN when the Cloud
   * Router advertises that range; otherwise the public endpoint.
   */
  public get meshCluster(): MeshClusterInfo {
    return {
      clusterName: this.clusterName,
      meshNetwork: this.meshNetwork,
      platform: ClusterPlatform.GKE,
      apiServerHost: this.privateEndpointAddress,
      apiServerPort: 443,
      meshId: this.meshId,
      fleetManagedControlPlane: this.fleetManaged,
    };
  }

  /**
   * The control plane's address inside the VPC (the private endpoint of a private cluster; the
   * public endpoint otherwise), as a Terraform reference: what clients across the VPN use.
   */
  public get privateEndpointAddress(): string {
    return this.controlPlaneCidr ? this.cluster.privateClusterConfig.privateEndpoint : this.endpoint;
  }

  /**
   * Records that a fleet manages the cluster's service mesh control plane (Fleet.register with
   * MANAGEMENT_AUTOMATIC), so that a mesh never installs a second one.
   *
   * @internal
   */
  public _setFleetManagedControlPlane(managed: boolean): void {
    this.fleetManaged = managed;
  }

  /**
   * Lets a range reach the control plane (a master authorized network): a peer network across the
   * VPN where a remote istiod runs, an operator network. Never 0.0.0.0/0.
   */
  public allowApiFrom(cidr: string, label: string): void {
    check(
      this,
      `authorizedNetworks (${label})`,
      cidr,
      (c) =>
        checkCidr(c) ??
        (c.endsWith("/0")
          ? { rule: "the control plane must not be open to the whole internet", fix: "give the peer range" }
          : undefined),
    );
    if (this.authorizedNetworks.some((n) => n.cidr === cidr)) return;
    this.authorizedNetworks.push({ cidr, label });
    this.cluster.masterAuthorizedNetworksConfig.putCidrBlocks(
      this.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.label })),
    );
  }

  private addNodePool(
    id: string,
    options: GkeNodePoolOptions,
    index: number,
    base: Record<string, unknown>,
    pinned?: string,
  ): void {
    const name = check(this, `nodePools[${index}].name`, options.name ?? `pool-${index + 1}`, (n) =>
      checkGcpName(n, 40),
    );
    const minNodes = check(
      this,
      `nodePools[${index}].minNodesPerZone`,
      options.minNodesPerZone ?? 1,
      countBetween(0, 1000, "a node count per zone"),
    );
    const maxNodes = check(
      this,
      `nodePools[${index}].maxNodesPerZone`,
      options.maxNodesPerZone ?? 3,
      countBetween(1, 1000, "a node count per zone"),
    );
    if (minNodes > maxNodes) {
      fail(this, `nodePools[${index}].minNodesPerZone`, minNodes, {
        rule: `minNodesPerZone must be <= maxNodesPerZone (${maxNodes})`,
        fix: `use at most ${maxNodes}`,
      });
    }
    const machineType = check(
      this,
      `nodePools[${index}].machineType`,
      options.machineType ?? "e2-standard-4",
      (m) =>
        /^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(m)
          ? undefined
          : { rule: "a GCE machine type looks like e2-standard-4", fix: 'use e.g. "e2-standard-4"' },
    );
    const maxPods = check(
      this,
      `nodePools[${index}].maxPodsPerNode`,
      options.maxPodsPerNode ?? this.subnet.maxPodsPerNode ?? 110,
      checkMaxPodsPerNode,
    );
    const taints = (options.taints ?? []).map((t, i) => {
      check(
        this,
        `nodePools[${index}].taints[${i}].effect`,
        t.effect,
        oneOf(["NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"], "a GKE taint effect"),
      );
      return { key: t.key, value: t.value, effect: t.effect };
    });
    Object.entries(options.labels ?? {}).forEach(([k, v]) =>
      check(this, `nodePools[${index}].labels.${k}`, v, checkK8sLabelValue),
    );
    const zones = isZone(this.location) ? 1 : 3;
    this.poolLimits.push({ name, maxNodes: maxNodes * zones, maxPods });
    this.nodePools.push(
      new ContainerNodePool(this, id, {
        name,
        project: this.project,
        location: this.location,
        cluster: this.cluster.name,
        version: pinned,
        maxPodsPerNode: maxPods,
        autoscaling: { minNodeCount: minNodes, maxNodeCount: maxNodes },
        management: { autoRepair: options.autoRepair ?? true, autoUpgrade: options.autoUpgrade ?? true },
        upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
          ...base,
          machineType,
          diskSizeGb: options.diskSizeGb ?? 100,
          diskType: "pd-balanced",
          spot: options.spot,
          labels: options.labels,
          taint: taints.length > 0 ? taints : undefined,
        },
      }),
    );
  }

  /** Whether the subnet and its pod range can hold every node pool at its largest. */
  private capacityProblems() {
    const problems = [];
    const totalNodes = this.poolLimits.reduce((n, p) => n + p.maxNodes, 0);
    const nodeCapacity = Cidr.parse(this.subnet.cidr).size - 4;
    if (totalNodes > nodeCapacity) {
      problems.push({
        property: "nodePools",
        value: this.poolLimits.map((p) => `${p.name}: ${p.maxNodes} nodes`),
        rule: `the node pools can grow to ${totalNodes} nodes but subnet ${this.subnet.name} (${this.subnet.cidr}) has ${nodeCapacity} usable addresses`,
        fix: "use a larger subnet or lower maxNodesPerZone",
      });
    }
    const podAddresses = this.poolLimits.reduce(
      (n, p) => n + p.maxNodes * 2 ** (32 - nodePodPrefix(p.maxPods)),
      0,
    );
    const podCapacity = Cidr.parse(this.subnet.pods!.cidr).size;
    if (podAddresses > podCapacity) {
      problems.push({
        property: "nodePools",
        value: this.poolLimits.map((p) => `${p.name}: ${p.maxNodes} nodes x ${p.maxPods} pods`),
        rule: `at their largest the node pools need ${podAddresses} pod addresses but the pod range ${this.subnet.pods!.cidr} has ${podCapacity}: the secondary range is too small for the requested nodes x pods`,
        fix: "use a larger pod range (or plan it with pods.maxNodes), fewer nodes or fewer pods per node",
      });
    }
    return problems;
  }
}

/** Checks a pinned GKE version such as "1.27.3-gke.100". */
export function checkGkeVersion(version: string): Problem | undefined {
  if (/^1\.\d+\.\d+-gke\.\d+$/.test(version) || /^1\.\d+(\.\d+)?$/.test(version)) return undefined;
  return {
    rule: 'a GKE version is "1.<minor>" or a full version such as "1.27.3-gke.100"',
    fix: 'use e.g. "1.31" or leave it unset to follow the release channel',
  };
}

/** Checks a GKE private control-plane range: exactly a /28 (terraform-provider-google: IsCIDRNetwork(28, 28)). */
export function checkControlPlaneCidr(cidr: string): Problem | undefined {
  const syntax = checkCidr(cidr) ?? checkRoutableRange(cidr, "a GKE control-plane range");
  if (syntax) return syntax;
  if (Cidr.parse(cidr).prefixLength !== 28) {
    return {
      rule: "a GKE control-plane range must be exactly a /28",
      fix: `use e.g. "${Cidr.parse(cidr).networkAddress}/28"`,
    };
  }
  return undefined;
}

/** A service account id (6-30 characters) for a cluster's nodes. */
function serviceAccountId(clusterName: string): string {
  const id = fitName(`${clusterName}-nodes`, 30);
  return id.length >= 6 ? id : `${id}-gke-nodes`;
}
