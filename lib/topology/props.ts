import { TerraformStack } from "cdktf";
import { AnalysisOptions } from "../analysis";
import { AwsNetwork, ControlPlane, MeshGatewayLoadBalancer, NodePool } from "../aws";
import { SecurityChecksOptions, SecurityRule } from "../checks";
import {
  anything,
  arrayOf,
  bool,
  cidrKind,
  either,
  enumOf,
  FindingLevel,
  instance,
  instanceOf,
  literal,
  obj,
  Shape,
} from "../core";
import { CloudRouter, Fleet, GcpNetwork, GkeCluster } from "../gcp";
import { AwsHaVpn, ClassicVpn, PeerHaVpn } from "../vpn";
import { Backend } from "./backend";
import { AwsSitePlan, GcpSitePlan } from "./plan/addresses";
import { SITE_SHAPES } from "./spec/shapes";
import { AwsSiteSpec, DeployerSpec, GcpSiteSpec, LinkSpec, MeshSpec, OnPremSiteSpec } from "./spec/spec";

// What a HybridTopology takes (its props) and what it gives (the sites and links it built).

/** How the topology is split into Terraform stacks (working directories, states). */
export enum StackLayout {
  /** Everything in one stack `<name>` (plus the mesh stack): small teams, one state. */
  SINGLE_STACK = "single-stack",
  /**
   * A stack per site `<name>-<site>`, a stack per link `<name>-link-<a>-<b>` holding both ends of
   * its VPN, and the mesh stack: separate states and blast radius; cross-stack references go
   * sites <- links <- mesh, a DAG.
   */
  STACK_PER_SITE = "stack-per-site",
}

/** Properties of a {@link HybridTopology}. */
export interface HybridTopologyProps {
  /**
   * AWS sites.
   *
   * @default - none
   */
  readonly aws?: AwsSiteSpec[];
  /**
   * GCP sites.
   *
   * @default - none
   */
  readonly gcp?: GcpSiteSpec[];
  /**
   * On-premises sites.
   *
   * @default - none
   */
  readonly onPremises?: OnPremSiteSpec[];
  /**
   * VPN links; every link has a GCP site at one end. Traffic between two sites that are both
   * linked to one GCP site transits through it.
   *
   * @default - none
   */
  readonly links?: LinkSpec[];
  /**
   * The mesh over every cluster of the topology.
   *
   * @default - multi-primary over every cluster, STRICT mTLS
   */
  readonly mesh?: MeshSpec;
  /**
   * The block every range not given explicitly is allocated from (VPCs, subnets, pods,
   * services, control planes), deterministically, in site order.
   *
   * @default - every range must be given
   */
  readonly supernet?: string;
  /**
   * Stack layout.
   *
   * @default StackLayout.SINGLE_STACK
   */
  readonly layout?: StackLayout;
  /**
   * State backend of every stack (S3 with locking, GCS, HCP Terraform).
   *
   * @default Backend.local() - local state files beside the output directory (one laptop)
   */
  readonly backend?: Backend;
  /**
   * Analysis settings (address plan, reachability, single failures), run at synth: errors
   * fail synth; the report is written to `<outdir>/hybrid-mesh/<name>/`. `false` skips it at synth
   * (a pipeline that runs `topology.analyze()` itself, or one that only needs the Terraform).
   *
   * @default - run at synth; single failures are errors
   */
  readonly analysis?: AnalysisOptions | false;
  /**
   * The security rule pack, applied to every stack and to the mesh; `false` turns it off.
   * Reports go next to each stack's `cdk.tf.json` and to `<outdir>/hybrid-mesh/<name>/checks.md`.
   *
   * @default - every rule of the pack
   */
  readonly securityChecks?: SecurityChecksOptions | false;
  /**
   * Where Terraform runs for the mesh stacks (`<name>-mesh-install`, `<name>-mesh`): its ranges are
   * admitted by every API server, GKE connections use the private endpoint when it runs in a site,
   * and the analysis checks every API endpoint the mesh stacks use is reachable from it.
   *
   * @default - not given: GKE connections use private endpoints, and the analysis warns that it could not check them
   */
  readonly deployer?: DeployerSpec;
}

/** What the topology built for an AWS site. */
export interface AwsSite {
  /** The spec. */
  readonly spec: AwsSiteSpec;
  /** The stack holding it. */
  readonly stack: TerraformStack;
  /** VPC. */
  readonly network: AwsNetwork;
  /** Control plane. */
  readonly controlPlane: ControlPlane;
  /** Node pool. */
  readonly nodePool: NodePool;
  /** East-west gateway load balancer. */
  readonly meshGateway: MeshGatewayLoadBalancer;
  /** Planned ranges. */
  readonly ranges: AwsSitePlan;
  /** BGP ASN of its VPN gateway. */
  readonly asn: number;
}

/** What the topology built for a GCP site. */
export interface GcpSite {
  /** The spec. */
  readonly spec: GcpSiteSpec;
  /** The stack holding it. */
  readonly stack: TerraformStack;
  /** VPC network. */
  readonly network: GcpNetwork;
  /** GKE cluster. */
  readonly cluster: GkeCluster;
  /** The fleet of its project (shared by the sites of one project). */
  readonly fleet: Fleet;
  /** Reserved internal address of the east-west gateway (GatewayAddressing.RESERVED). */
  readonly gatewayAddress?: string;
  /** Planned ranges. */
  readonly ranges: GcpSitePlan;
  /** BGP ASN of its Cloud Routers. */
  readonly asn: number;
}

/** What the topology built for a link. */
export interface Link {
  /** The spec. */
  readonly spec: LinkSpec;
  /** The stack holding both ends. */
  readonly stack: TerraformStack;
  /** The VPN. */
  readonly vpn: AwsHaVpn | PeerHaVpn | ClassicVpn;
  /** The Cloud Router (HA VPN links). */
  readonly router?: CloudRouter;
  /** Public addresses of the on-premises VPN device (given, or Terraform variables). */
  readonly peerAddresses?: string[];
}

/** The diagram of a topology, as text. */
export interface TopologyDiagram {
  /** Graphviz DOT. */
  readonly dot: string;
  /** Mermaid flowchart. */
  readonly mermaid: string;
}

/**
 * The shape of {@link HybridTopologyProps} (checked before anything is built).
 *
 * @internal
 */
export const HYBRID_TOPOLOGY_PROPS: Shape<HybridTopologyProps> = {
  ...SITE_SHAPES,
  supernet: cidrKind(),
  layout: enumOf(StackLayout, "StackLayout"),
  backend: instanceOf(Backend, "Backend.s3({ ... })"),
  analysis: either(
    obj<AnalysisOptions>(
      {
        singleFailures: either(enumOf(FindingLevel, "FindingLevel"), literal(["off"] as const)),
        unchecked: enumOf(FindingLevel, "FindingLevel"),
      },
      "analysis options",
      "{ singleFailures: FindingLevel.WARNING }",
    ),
    instance<false>("false (no analysis at synth)", (v) => v === false, "false"),
  ),
  securityChecks: either(
    obj<SecurityChecksOptions>(
      { rules: arrayOf(anything<SecurityRule>()), reports: bool() },
      "security check options",
      "{ reports: true }",
    ),
    instance<false>("false (no security checks)", (v) => v === false, "false"),
  ),
};
