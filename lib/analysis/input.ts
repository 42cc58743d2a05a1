import { ClusterPlatform, ClusterRole, FindingLevel, MeshModel, TerraformModel } from "../core";
import { OnPremInput } from "./model";

// What the topology tells the analysis (where each cluster is, by Terraform key); the rest is
// read from the synthesized Terraform.

/** What every cluster of the analysis has. */
export interface ClusterInputBase {
  /** Cluster name (in the mesh). */
  readonly name: string;
  /** Site name. */
  readonly site: string;
  /**
   * Role in the mesh.
   *
   * @default ClusterRole.PRIMARY
   */
  readonly role?: ClusterRole;
  /**
   * For a remote: its primary.
   *
   * @default - none
   */
  readonly primary?: string;
}

/** A hybrid-mesh ControlPlane on AWS, by the keys of its resources. */
export interface AwsClusterInput extends ClusterInputBase {
  /** Platform. */
  readonly platform: ClusterPlatform.AWS;
  /** Key of the API server's load balancer. */
  readonly apiLoadBalancer: string;
  /**
   * API port.
   *
   * @default 6443
   */
  readonly apiPort?: number;
  /**
   * Key of the east-west gateway's load balancer.
   *
   * @default - no gateway load balancer (the gateway is reported unreachable)
   */
  readonly gatewayLoadBalancer?: string;
  /** The gateway addresses the mesh lists (meshNetworks). */
  readonly gatewayAddresses: string[];
  /** Keys of the node pools' auto scaling groups. */
  readonly nodeGroups: string[];
  /** Keys of the control-plane replicas' auto scaling groups. */
  readonly controlPlaneGroups: string[];
  /**
   * Cluster-internal ranges (pods, services), which must not overlap a routed range.
   *
   * @default - none
   */
  readonly internalRanges?: string[];
}

/** A GKE cluster, by the key of its google_container_cluster. */
export interface GkeClusterInput extends ClusterInputBase {
  /** Platform. */
  readonly platform: ClusterPlatform.GKE;
  /** Key of the cluster resource. */
  readonly cluster: string;
  /**
   * The gateway's internal address (reserved), if known.
   *
   * @default - an address of the nodes' subnet
   */
  readonly gatewayAddress?: string;
}

/** A cluster on premises. */
export interface OnPremClusterInput extends ClusterInputBase {
  /** Platform. */
  readonly platform: ClusterPlatform.ON_PREMISES;
  /** API server address. */
  readonly apiAddress: string;
  /** API server port. */
  readonly apiPort: number;
  /**
   * East-west gateway address.
   *
   * @default - an address the platform assigns from the site's ranges
   */
  readonly gatewayAddress?: string;
}

/** A cluster of the analysis. */
export type ClusterInput = AwsClusterInput | GkeClusterInput | OnPremClusterInput;

/** Options of the analysis. */
export interface AnalysisOptions {
  /**
   * How a path that does not survive the loss of one tunnel, VPN interface or zone counts.
   *
   * @default FindingLevel.ERROR
   */
  readonly singleFailures?: FindingLevel | "off";
  /**
   * How a path the analysis cannot check (a public endpoint, an address unknown at synth) counts.
   *
   * @default FindingLevel.WARNING
   */
  readonly unchecked?: FindingLevel;
}

/** Everything the analysis reads. */
export interface AnalysisInput {
  /** The synthesized Terraform of every stack. */
  readonly model: TerraformModel;
  /**
   * On-premises sites.
   *
   * @default - none
   */
  readonly onPrem?: OnPremInput[];
  /**
   * Site names of the AWS VPCs and GCP networks, by the key of the aws_vpc / google_compute_network.
   *
   * @default - networks are named by their construct path
   */
  readonly siteOfNetwork?: Record<string, string>;
  /** The mesh's clusters. */
  readonly clusters: ClusterInput[];
  /**
   * The mesh's deployment model.
   *
   * @default MeshModel.MULTI_PRIMARY
   */
  readonly meshModel?: MeshModel;
  /**
   * Options.
   *
   * @default - single failures are errors, unchecked paths warnings
   */
  readonly options?: AnalysisOptions;
  /**
   * Where Terraform runs for the mesh stacks: a site (its ranges, or `cidrs` inside it) or ranges
   * outside every site. Each cluster's API server must be reachable from there.
   *
   * @default - not given: a warning that the mesh stacks' endpoints were not checked
   */
  readonly deployer?: DeployerInput;
}

/** Where Terraform runs for the mesh stacks. */
export interface DeployerInput {
  /**
   * The site it runs in.
   *
   * @default - outside every site (it reaches public endpoints only)
   */
  readonly site?: string;
  /** The ranges it connects from. */
  readonly cidrs: string[];
}
