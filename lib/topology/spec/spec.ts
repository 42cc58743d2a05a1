import { NatGatewayMode } from "../../aws";
import { AwsVpnGatewayKind, IkeOptions } from "../../vpn";
import { GatewayForm } from "../../mesh";
import { ConfigSyncOptions, ReleaseChannel } from "../../gcp";
import { ControlPlaneMode, MeshModel, MtlsMode, RootOfTrust } from "../../core";

// The specs a HybridTopology takes: what a user writes. Their shapes are in shapes.ts, their
// checks in validate.ts.

/** An AWS site: a VPC with a self-managed Kubernetes cluster (ControlPlane + NodePool). */
export interface AwsSiteSpec {
  /** Site name (a DNS-1123 label), unique in the topology. */
  readonly name: string;
  /** AWS region, e.g. "eu-west-1". */
  readonly region: string;
  /**
   * Availability zones of the region to use.
   *
   * @default - the region's zones "a", "b" and "c"
   */
  readonly availabilityZones?: string[];
  /**
   * VPC range.
   *
   * @default - a /16 allocated from the topology's supernet
   */
  readonly cidr?: string;
  /**
   * NAT gateways.
   *
   * @default NatGatewayMode.ONE_PER_AZ
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * BGP ASN of the site's VPN gateway (Amazon side). Every site needs its own, or BGP drops the
   * routes that transit through GCP (AS-path loop prevention).
   *
   * @default - the next free private ASN from 64512, in site order
   */
  readonly asn?: number;
  /** The site's cluster. */
  readonly cluster: AwsClusterSpec;
}

/** The Kubernetes cluster of an AWS site. */
export interface AwsClusterSpec {
  /** Cluster name (a DNS-1123 label), unique in the topology; also its name in the mesh. */
  readonly name: string;
  /**
   * Control-plane replicas: 1, 3, 5 or 7.
   *
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Instance type of the control plane.
   *
   * @default "m5.large"
   */
  readonly controlPlaneInstanceType?: string;
  /**
   * Instance types of the nodes.
   *
   * @default ["m5.large"]
   */
  readonly nodeInstanceTypes?: string[];
  /**
   * Fewest nodes.
   *
   * @default 2
   */
  readonly minNodes?: number;
  /**
   * Most nodes.
   *
   * @default 6
   */
  readonly maxNodes?: number;
  /**
   * Pod range (not routed outside the cluster).
   *
   * @default "192.168.0.0/16"
   */
  readonly podCidr?: string;
  /**
   * Service range (not routed outside the cluster).
   *
   * @default "10.96.0.0/12" unless it overlaps the VPC, else a /16 allocated from the supernet
   */
  readonly serviceCidr?: string;
}

/** A GCP site: a custom VPC with a GKE cluster, registered in the fleet. */
export interface GcpSiteSpec {
  /** Site name (a DNS-1123 label), unique in the topology. */
  readonly name: string;
  /** Project id. */
  readonly project: string;
  /**
   * Project number (mesh id `proj-<number>`).
   *
   * @default - read at plan time
   */
  readonly projectNumber?: string;
  /** Region, e.g. "europe-west1". */
  readonly region: string;
  /**
   * VPC name.
   *
   * @default - "<site>-vpc"
   */
  readonly networkName?: string;
  /**
   * Node subnet range.
   *
   * @default - a /20 allocated from the supernet
   */
  readonly subnetCidr?: string;
  /**
   * Pod range.
   *
   * @default - sized for the cluster's nodes and allocated from the supernet
   */
  readonly podCidr?: string;
  /**
   * Service range.
   *
   * @default - a /20 allocated from the supernet
   */
  readonly serviceCidr?: string;
  /**
   * BGP ASN of the site's Cloud Routers.
   *
   * @default - the next free private ASN from 64512, in site order (AWS sites first)
   */
  readonly asn?: number;
  /**
   * Config Sync for the site's cluster (GitOps from a repository).
   *
   * @default - no Config Sync
   */
  readonly configSync?: ConfigSyncOptions;
  /** The site's cluster. */
  readonly cluster: GkeClusterSpec;
}

/** The GKE cluster of a GCP site. */
export interface GkeClusterSpec {
  /** Cluster name (RFC 1035, at most 40 characters), unique in the topology. */
  readonly name: string;
  /**
   * A zone of the region (zonal cluster).
   *
   * @default - the region (regional cluster)
   */
  readonly zone?: string;
  /**
   * Release channel.
   *
   * @default ReleaseChannel.REGULAR
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * Pinned GKE version.
   *
   * @default - the channel's version
   */
  readonly version?: string;
  /**
   * Machine type of the nodes.
   *
   * @default "e2-standard-4"
   */
  readonly machineType?: string;
  /**
   * Most nodes per zone.
   *
   * @default 3
   */
  readonly maxNodesPerZone?: number;
  /**
   * Control-plane /28.
   *
   * @default - allocated from the supernet
   */
  readonly controlPlaneCidr?: string;
  /**
   * Reserved internal address of the east-west gateway (in the subnet), so that other sites know
   * it at synth (meshNetworks; required for a primary in primary-remote).
   *
   * @default - the address the internal load balancer gets
   */
  readonly gatewayAddress?: string;
}

/** An on-premises site: a LAN reached over VPN, with a cluster managed outside hybrid-mesh. */
export interface OnPremSiteSpec {
  /** Site name (a DNS-1123 label), unique in the topology. */
  readonly name: string;
  /** The site's ranges routed over the VPN (e.g. ["172.16.232.0/24"]). */
  readonly ranges: string[];
  /**
   * Ranges the site's firewall admits from the other sites.
   *
   * @default - every range of the sites it is linked to
   */
  readonly acceptsFrom?: string[];
  /** The site's VPN device. */
  readonly vpn: OnPremVpnSpec;
  /** The site's cluster. */
  readonly cluster: OnPremClusterSpec;
}

/** The VPN device of an on-premises site. */
export interface OnPremVpnSpec {
  /**
   * Public addresses of the device: 1, 2 or 4 for HA VPN (BGP); 1 for Classic VPN.
   *
   * @default - Terraform variables `<site>_vpn_address_<n>` (`addressCount` of them), set at deploy
   */
  readonly addresses?: string[];
  /**
   * How many variables to declare when `addresses` is not given.
   *
   * @default 1
   */
  readonly addressCount?: number;
  /**
   * The device's BGP ASN: with it the link is HA VPN with BGP; without it, Classic VPN with static routes.
   *
   * @default - no BGP (Classic VPN)
   */
  readonly asn?: number;
  /**
   * IKE settings the device uses.
   *
   * @default - IKEv2, AES256, SHA2-256, DH 20
   */
  readonly ike?: IkeOptions;
}

/** The cluster of an on-premises site. */
export interface OnPremClusterSpec {
  /** Cluster name (a DNS-1123 label), unique in the topology. */
  readonly name: string;
  /** Address of the API server (in the site's ranges). */
  readonly apiServerAddress: string;
  /**
   * Port of the API server.
   *
   * @default 6443
   */
  readonly apiServerPort?: number;
  /**
   * Address of the east-west gateway (its `loadBalancerIP` from the site's load-balancer pool, or an
   * external VIP; in the site's ranges).
   *
   * @default - assigned by the platform from the site's load-balancer pool (the analysis then reasons
   * about an address of the site's ranges; a primary serving remote clusters needs a fixed one)
   */
  readonly gatewayAddress?: string;
  /**
   * Mesh network name.
   *
   * @default - "<site>-network"
   */
  readonly meshNetwork?: string;
}

/** A VPN link between two sites (one of them on GCP). */
export interface LinkSpec {
  /** Name of one site. */
  readonly between: string;
  /** Name of the other site. */
  readonly and: string;
  /**
   * AWS gateway, for a GCP-AWS link.
   *
   * @default AwsVpnGatewayKind.VIRTUAL_PRIVATE_GATEWAY
   */
  readonly awsGateway?: AwsVpnGatewayKind;
  /**
   * Tunnels: 2 or 4 to AWS; 1, 2 or 4 (with 4 device addresses) to an on-premises device with BGP.
   *
   * @default - 4 to AWS; to on premises, 4 with 4 device addresses, else 2
   */
  readonly tunnels?: number;
  /**
   * Name of a Classic VPN gateway (on-premises links without BGP), e.g. "nifc-anthos-vpn".
   *
   * @default - derived
   */
  readonly gatewayName?: string;
  /**
   * Name of the Classic VPN tunnel, e.g. "nif-anthos-tn".
   *
   * @default - derived
   */
  readonly tunnelName?: string;
  /**
   * Whether each site admits all traffic (TCP, UDP, ICMP) from the other's ranges, not only the
   * mesh ports and API servers.
   *
   * @default false
   */
  readonly allowAllTraffic?: boolean;
  /**
   * Ranges, beyond the address plan's, that each end of this link routes to the other through it:
   * the GCP end advertises them (its Cloud Router) and the other end routes them into the link
   * (the AWS gateway's routes and security groups, the on-premises device's static routes or BGP
   * and its peer sheet); the on-premises firewall admits them by default. E.g. a range behind the
   * GCP site that the address plan does not know. Routable IPv4 CIDRs, clear of the plan's ranges.
   *
   * @default - none
   */
  readonly additionalRanges?: string[];
}

/** How the east-west gateways of GKE clusters get their addresses. */
export enum GatewayAddressing {
  /**
   * A reserved internal address per GKE cluster (a `google_compute_address` in the node subnet,
   * the Service's `loadBalancerIP`), known at synth: meshNetworks lists it, and a remote cluster can
   * reach istiod through it.
   */
  RESERVED = "reserved",
  /**
   * Assigned by the platform when the Service is created (as the Anthos documents do): istiod reads
   * it from the Service's status; the analysis reasons about an address of the node subnet.
   */
  PLATFORM = "platform",
}

/** The mesh over the clusters of the topology. */
export interface MeshSpec {
  /**
   * The Istio release the mesh is rendered for and installed at ("1.17.5" to "1.30.x").
   *
   * @default "1.30.3"
   */
  readonly istioVersion?: string;
  /**
   * Where certificates come from.
   *
   * @default RootOfTrust.GENERATED - a mesh CA generated in Terraform, in the stack `<name>-mesh-ca`
   */
  readonly rootOfTrust?: RootOfTrust;
  /**
   * Who runs the control plane of GKE clusters: their own istiod (like every other cluster), or
   * the fleet's managed control plane (then every cluster must be on GKE, with RootOfTrust.MANAGED).
   *
   * @default ControlPlaneMode.IN_CLUSTER
   */
  readonly gkeControlPlane?: ControlPlaneMode;
  /**
   * How GKE east-west gateways get their addresses.
   *
   * @default GatewayAddressing.RESERVED
   */
  readonly gatewayAddressing?: GatewayAddressing;
  /**
   * Deployment model.
   *
   * @default MeshModel.MULTI_PRIMARY
   */
  readonly model?: MeshModel;
  /**
   * For primary-remote: the primary cluster (the others are remotes).
   *
   * @default - required for primary-remote
   */
  readonly primary?: string;
  /**
   * Istio revision.
   *
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * Namespace of the east-west gateways.
   *
   * @default "istio-system"
   */
  readonly gatewayNamespace?: string;
  /**
   * East-west gateway form.
   *
   * @default GatewayForm.ISTIO_OPERATOR
   */
  readonly gatewayForm?: GatewayForm;
  /**
   * Mesh-wide mTLS.
   *
   * @default MtlsMode.STRICT
   */
  readonly mtls?: MtlsMode;
  /**
   * Mesh id.
   *
   * @default - proj-<number> of the first GCP site's project
   */
  readonly meshId?: string;
  /**
   * Service annotations of every east-west gateway (e.g. the worked example's
   * `cloud.google.com/load-balancer-type: internal`), merged with each platform's internal
   * load-balancer annotation (an equivalent one stands in for it; one making the load balancer
   * external is an error).
   *
   * @default - none: each platform's internal load-balancer annotation
   */
  readonly gatewayAnnotations?: Record<string, string>;
}

/** Where Terraform runs for the mesh stacks: they reach every cluster's API server from there. */
export interface DeployerSpec {
  /**
   * The site whose network Terraform runs in (a CI runner in the AWS VPC, an operator on premises):
   * the mesh stacks then use private API endpoints, across the VPN.
   *
   * @default - none: Terraform runs outside every site, from `cidrs` (GKE's public endpoint only)
   */
  readonly site?: string;
  /**
   * Ranges Terraform connects from: added to GKE's authorized networks and to the AWS API load
   * balancer's security group. Inside `site`'s ranges when a site is given.
   *
   * @default - the site's ranges
   */
  readonly cidrs?: string[];
}
