// The GkeCluster construct: the cluster, its node identity and its place in the mesh. Props and
// shapes are in props.ts, the checks in validation.ts, the node pools in node-pools.ts.
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ComputeNetworkPeeringRoutesConfig } from "@cdktf/provider-google/lib/compute-network-peering-routes-config";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkDns1123Label,
  checkEach,
  checkGkeClusterName,
  checkK8sLabelValue,
  ClusterPlatform,
  constructId,
  fitName,
  gcpName,
  GOOGLE_PROVIDER,
  IMeshClusterSource,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  MESH_PORTS,
  MeshClusterInfo,
  oneOf,
  requireProvider,
  Tags,
  validateLater,
  validateShape,
} from "../../core";
import { GcpNetwork } from "../network";
import { checkLocationIn, projectNumberOf } from "../rules";
import { GcpSubnet } from "../subnet";
import { newNodePool, nodePoolCapacityProblems, NodePoolLimit } from "./node-pools";
import { GKE_CLUSTER_SHAPE, GkeClusterProps, ReleaseChannel } from "./props";
import { checkApiRange, checkGkeVersion, clusterSubnet, controlPlaneRange } from "./validation";

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
  private readonly poolLimits: NodePoolLimit[] = [];

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, constructId(scope, id, "GkeCluster"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, GKE_CLUSTER_SHAPE);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    this.network = props.network;
    this.project = props.network.project;
    const subnet = clusterSubnet(this, props);
    this.subnet = subnet;
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
    this.controlPlaneCidr = controlPlaneRange(this, props, subnet, privateNodes);
    checkEach(
      this,
      "authorizedNetworks",
      props.authorizedNetworks,
      checkApiRange({
        rule: "the control plane must not be open to the whole internet (checkov CKV_GCP_18/20)",
        fix: "list the ranges that need the API",
      }),
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

    (props.nodePools ?? [{ name: "general" }]).forEach((options, i) => {
      const { pool, limit } = newNodePool(this, `NodePool${i + 1}`, options, i, nodeConfig, pinned);
      this.poolLimits.push(limit);
      this.nodePools.push(pool);
    });

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
    validateLater(this, () => nodePoolCapacityProblems(this, this.poolLimits));
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
      checkApiRange({
        rule: "the control plane must not be open to the whole internet",
        fix: "give the peer range",
      }),
    );
    if (this.authorizedNetworks.some((n) => n.cidr === cidr)) return;
    this.authorizedNetworks.push({ cidr, label });
    this.cluster.masterAuthorizedNetworksConfig.putCidrBlocks(
      this.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.label })),
    );
  }
}

/** A service account id (6-30 characters) for a cluster's nodes. */
function serviceAccountId(clusterName: string): string {
  const id = fitName(`${clusterName}-nodes`, 30);
  return id.length >= 6 ? id : `${id}-gke-nodes`;
}
