import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import {
  App,
  Aspects,
  IAspect,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import { Construct, IConstruct } from "constructs";
import { AwsNetwork, ControlPlane, MeshGatewayLoadBalancer, NodePool } from "../aws";
import {
  anything,
  arrayOf,
  bool,
  check,
  checkAwsAmazonSideAsn,
  checkAwsCustomerGatewayAsn,
  checkAwsRegion,
  checkAwsZone,
  checkCidr,
  checkCloudRouterAsn,
  checkDns1123Label,
  checkEach,
  checkGcpRegion,
  checkGcpZone,
  checkIpv4Address,
  checkPort,
  checkRoutableRange,
  Cidr,
  cidrKind,
  ClusterPlatform,
  ClusterRole,
  constructId,
  ControlPlaneMode,
  countBetween,
  either,
  enumOf,
  fail,
  FindingLevel,
  findOverlaps,
  GatewayExposure,
  HybridMeshError,
  instance,
  instanceOf,
  isUnresolved,
  literal,
  MeshClusterInfo,
  MeshModel,
  obj,
  RootOfTrust,
  Shape,
  summarizeCidrs,
  Tags,
  validateShape,
} from "../core";
import {
  checkControlPlaneCidr,
  checkProjectNumber,
  CloudRouter,
  Fleet,
  GcpNetwork,
  GkeCluster,
  MeshGatewayAddress,
  MeshManagement,
} from "../gcp";
import { ClusterConnection, Mesh, MeshCa, MeshInstallStack, MeshStack } from "../mesh";
import { AwsHaVpn, checkPeerAddresses, ClassicVpn, PeerHaVpn } from "../vpn";
import { AddressPlan, AwsSitePlan, GcpSitePlan, planAddresses } from "./address-planner";
import {
  AnalysisInput,
  AnalysisOptions,
  AnalysisResult,
  analyze,
  ClusterInput,
  OnPremInput,
  renderAnalysisJson,
  renderAnalysisMarkdown,
} from "../analysis";
import { Backend } from "./backend";
import { DiagramInput, DiagramLink, DiagramSite, renderDot, renderMermaid, renderSvg } from "./diagram";
import {
  renderChecksCsv,
  renderChecksMarkdown,
  SecurityChecks,
  SecurityChecksOptions,
  SecurityRule,
} from "../checks";
import {
  AwsSiteSpec,
  DeployerSpec,
  GatewayAddressing,
  GcpSiteSpec,
  LinkSpec,
  MeshSpec,
  OnPremSiteSpec,
  SITE_SHAPES,
} from "./spec";
import { keyOf, TerraformModel } from "../core/terraform/model";

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
   * fail synth; the report is written to `<outdir>/hybrid-mesh/<name>/`.
   *
   * @default - single failures are errors
   */
  readonly analysis?: AnalysisOptions;
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

type SiteKind = "aws" | "gcp" | "onprem";

/** Ranges a site contributes to routing and as traffic sources. */
interface SiteRanges {
  /** Routed ranges (advertised, firewalled, transit). */
  readonly routed: string[];
  /** Where its mesh workloads (and istiod) connect from. */
  readonly workloads: string[];
  /** Where its API server connects from (webhooks). */
  readonly controlPlane: string[];
}

const PROPS: Shape<HybridTopologyProps> = {
  ...SITE_SHAPES,
  supernet: cidrKind(),
  layout: enumOf(StackLayout, "StackLayout"),
  backend: instanceOf(Backend, "Backend.s3({ ... })"),
  analysis: obj<AnalysisOptions>(
    {
      singleFailures: either(enumOf(FindingLevel, "FindingLevel"), literal(["off"] as const)),
      unchecked: enumOf(FindingLevel, "FindingLevel"),
    },
    "analysis options",
    "{ singleFailures: FindingLevel.WARNING }",
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

/**
 * A whole hybrid topology from one declarative description: sites on AWS, GCP and on premises,
 * each with its cluster, the VPN links between them and one Istio mesh over every cluster.
 *
 * It builds everything with the constructs of the other layers (AwsNetwork, ControlPlane,
 * NodePool, MeshGatewayLoadBalancer, GcpNetwork, GkeCluster, Fleet, AwsHaVpn, PeerHaVpn,
 * ClassicVpn, Mesh, MeshStack) and derives what users get wrong by hand: an address plan with
 * disjoint ranges, BGP ASNs per site, transit advertisements, fixed load-balancer and gateway
 * addresses, and firewalls, security groups and authorized networks admitting exactly the other
 * sites' mesh traffic. At synth it analyzes the synthesized Terraform (address plan, reachability
 * of every gateway and API server, single failures) and fails on errors.
 *
 * @example
 * new HybridTopology(app, "hybrid", {
 *   supernet: "10.0.0.0/8",
 *   aws: [{ name: "aws", region: "eu-west-1", cluster: { name: "aws-cluster" } }],
 *   gcp: [{ name: "gcp", project: "my-project", projectNumber: "123456789012", region: "europe-west1", cluster: { name: "gke-cluster" } }],
 *   links: [{ between: "gcp", and: "aws" }],
 * });
 */
export class HybridTopology extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "HybridTopology";
  /** Topology name (prefix of every stack). */
  public readonly topologyName: string;
  /** The address plan. */
  public readonly plan: AddressPlan;
  /** Infrastructure stacks, in dependency order (sites, then links). */
  public readonly stacks: TerraformStack[] = [];
  /** The mesh. */
  public readonly mesh: Mesh;
  /** The stack holding the mesh CA (RootOfTrust.GENERATED): deploy it first. */
  public readonly meshCaStack?: TerraformStack;
  /** The mesh CA (RootOfTrust.GENERATED). */
  public readonly meshCa?: MeshCa;
  /** The stack installing Istio on every cluster (Helm provider), after the infrastructure. */
  public readonly meshInstallStack: MeshInstallStack;
  /** The stack applying the mesh's configuration and remote secrets (kubernetes provider): deploy it last. */
  public readonly meshStack: MeshStack;
  /** AWS sites by name. */
  public readonly awsSites: Record<string, AwsSite> = {};
  /** GCP sites by name. */
  public readonly gcpSites: Record<string, GcpSite> = {};
  /** On-premises sites by name. */
  public readonly onPremSites: Record<string, OnPremSiteSpec> = {};
  /** Links by `<a>-<b>`. */
  public readonly links: Record<string, Link> = {};

  private readonly props: HybridTopologyProps;
  private readonly layout: StackLayout;
  private readonly backend: Backend;
  private readonly kinds = new Map<string, SiteKind>();
  private readonly siteRanges = new Map<string, SiteRanges>();
  /** A short label per range ("gcp-pods"), for rule names and descriptions. */
  private readonly rangeLabels = new Map<string, string>();
  private readonly stackByName = new Map<string, TerraformStack>();
  private readonly root: Construct;
  private lastAnalysis?: AnalysisResult;
  /** The security rule pack applied to every stack (undefined when turned off). */
  public readonly checks?: SecurityChecks;

  constructor(scope: Construct, id: string, props: HybridTopologyProps) {
    super(scope, constructId(scope, id, "HybridTopology"));
    validateShape(this, props, PROPS);
    this.props = props;
    this.topologyName = check(this, "id", id, checkDns1123Label);
    this.root = this.node.root as Construct;
    this.layout = props.layout ?? StackLayout.SINGLE_STACK;
    this.backend = props.backend ?? Backend.local();
    if (props.securityChecks !== false) this.checks = new SecurityChecks(props.securityChecks ?? {});
    const aws = props.aws ?? [];
    const gcp = props.gcp ?? [];
    const onPrem = props.onPremises ?? [];
    this.validateSpecs(aws, gcp, onPrem, props.links ?? []);
    if (props.supernet !== undefined) check(this, "supernet", props.supernet, checkCidr);
    try {
      this.plan = planAddresses(props.supernet, aws, gcp, onPrem);
    } catch (e) {
      if (HybridMeshError.isHybridMeshError(e)) {
        throw new HybridMeshError({
          scope: this,
          property: e.property,
          value: e.value,
          rule: e.rule,
          fix: e.fix,
        });
      }
      throw e;
    }
    const asns = this.planAsns(aws, gcp, onPrem);

    // Ranges of every site, from the plan: what is routed, and where traffic comes from.
    for (const s of aws) {
      const p = this.plan.aws[s.name];
      this.siteRanges.set(s.name, { routed: [p.vpc], workloads: [p.vpc], controlPlane: [p.vpc] });
      this.rangeLabels.set(p.vpc, `${s.name}-vpc`);
    }
    for (const s of gcp) {
      const p = this.plan.gcp[s.name];
      this.rangeLabels.set(p.subnet, `${s.name}-nodes`);
      this.rangeLabels.set(p.pods, `${s.name}-pods`);
      this.rangeLabels.set(p.services, `${s.name}-services`);
      this.rangeLabels.set(p.controlPlane, `${s.name}-control-plane`);
      this.siteRanges.set(s.name, {
        routed: [p.subnet, p.pods, p.services, p.controlPlane],
        // GKE pods keep their addresses towards private destinations (no SNAT).
        workloads: [p.subnet, p.pods],
        controlPlane: [p.controlPlane],
      });
    }
    for (const s of onPrem) {
      s.ranges.forEach((r, i) =>
        this.rangeLabels.set(r, `${s.name}-lan${s.ranges.length > 1 ? `-${i + 1}` : ""}`),
      );
      this.siteRanges.set(s.name, {
        routed: [...s.ranges],
        workloads: [...s.ranges],
        controlPlane: [...s.ranges],
      });
      this.onPremSites[s.name] = s;
    }

    const meshSpec = props.mesh ?? {};
    const model = meshSpec.model ?? MeshModel.MULTI_PRIMARY;
    const clusterSites = [...aws.map((s) => s.name), ...gcp.map((s) => s.name), ...onPrem.map((s) => s.name)];
    const clusterOf = (site: string) =>
      [...aws, ...gcp, ...onPrem].find((s) => s.name === site)!.cluster.name;
    const primarySite =
      model === MeshModel.PRIMARY_REMOTE
        ? clusterSites.find((s) => clusterOf(s) === meshSpec.primary)
        : undefined;
    if (model === MeshModel.PRIMARY_REMOTE && !primarySite) {
      fail(this, "mesh.primary", meshSpec.primary, {
        rule: "a primary-remote mesh needs its primary: the name of one of the topology's clusters",
        fix: `give mesh.primary, one of ${clusterSites.map(clusterOf).join(", ")}`,
      });
    }
    // Who reaches whom: every cluster's workloads reach every other gateway; API servers are
    // read by every other primary (multi-primary) or by the primary (primary-remote).
    const others = (site: string) => clusterSites.filter((s) => s !== site);
    const gatewayClients = (site: string) => {
      const list = others(site).flatMap((o) => this.siteRanges.get(o)!.workloads);
      if (site === primarySite)
        list.push(...others(site).flatMap((o) => this.siteRanges.get(o)!.controlPlane));
      return unique(list);
    };
    // Where Terraform runs for the mesh stacks reaches every API server too.
    const deployer = this.deployerCidrs();
    const apiClients = (site: string) => {
      if (model === MeshModel.MULTI_PRIMARY)
        return unique([...others(site).flatMap((o) => this.siteRanges.get(o)!.workloads), ...deployer]);
      return unique([
        ...(site === primarySite ? [] : this.siteRanges.get(primarySite!)!.workloads),
        ...deployer,
      ]);
    };

    // Sites.
    aws.forEach((s) => this.buildAwsSite(s, asns.get(s.name)!, gatewayClients(s.name), apiClients(s.name)));
    const fleets = new Map<string, Fleet>();
    gcp.forEach((s, i) =>
      this.buildGcpSite(i, s, asns.get(s.name)!, gatewayClients(s.name), apiClients(s.name), fleets),
    );

    // Links.
    for (const l of props.links ?? []) this.buildLink(l);

    // The mesh.
    const meshId = meshSpec.meshId ?? this.defaultMeshId(gcp);
    this.mesh = new Mesh(this, "Mesh", {
      meshId,
      model,
      istioVersion: meshSpec.istioVersion,
      revision: meshSpec.revision,
      gatewayNamespace: meshSpec.gatewayNamespace,
      gatewayForm: meshSpec.gatewayForm,
      mtls: meshSpec.mtls,
      rootOfTrust: meshSpec.rootOfTrust,
    });
    const roleOf = (site: string) =>
      model === MeshModel.PRIMARY_REMOTE
        ? site === primarySite
          ? { role: ClusterRole.PRIMARY }
          : { role: ClusterRole.REMOTE, primary: meshSpec.primary }
        : {};
    const annotations = meshSpec.gatewayAnnotations;
    const connections: Record<string, ClusterConnection> = {};
    const deployerInSite = props.deployer === undefined || props.deployer.site !== undefined;
    for (const s of Object.values(this.gcpSites)) {
      this.mesh.addCluster({
        cluster: s.cluster.meshCluster,
        ...roleOf(s.spec.name),
        ...(meshSpec.gkeControlPlane ? { controlPlane: meshSpec.gkeControlPlane } : {}),
        gateway: {
          exposure: GatewayExposure.GKE_INTERNAL_LOAD_BALANCER,
          address: s.gatewayAddress,
          serviceAnnotations: annotations,
        },
      });
      // Terraform reaches GKE at the private endpoint from inside the hybrid network (across the
      // VPN, the control plane importing the VPC's routes), at the public one from outside.
      connections[s.cluster.clusterName] = ClusterConnection.gke({
        endpoint: deployerInSite ? s.cluster.privateEndpointAddress : s.cluster.endpoint,
        caCertificate: s.cluster.caCertificate,
      });
    }
    for (const s of Object.values(this.awsSites)) {
      const [first, ...rest] = s.meshGateway.addresses;
      this.mesh.addCluster({
        cluster: s.controlPlane.meshCluster,
        ...roleOf(s.spec.name),
        gateway: {
          address: first,
          additionalAddresses: rest,
          nodePorts: s.meshGateway.nodePorts,
          serviceAnnotations: annotations,
        },
      });
      connections[s.controlPlane.clusterName] = ClusterConnection.kubeconfig({
        context: s.controlPlane.clusterName,
      });
    }
    for (const s of onPrem) {
      const c = s.cluster;
      const info: MeshClusterInfo = {
        clusterName: c.name,
        meshNetwork: c.meshNetwork ?? `${s.name}-network`,
        platform: ClusterPlatform.ON_PREMISES,
        apiServerHost: c.apiServerAddress,
        apiServerPort: c.apiServerPort ?? 6443,
        meshId,
      };
      this.mesh.addCluster({
        cluster: info,
        ...roleOf(s.name),
        gateway: {
          exposure: c.gatewayAddress ? GatewayExposure.LOAD_BALANCER_IP : GatewayExposure.LOAD_BALANCER,
          address: c.gatewayAddress,
          serviceAnnotations: annotations,
        },
      });
      connections[c.name] = ClusterConnection.kubeconfig({ context: c.name });
    }

    // Terraform delivery: the CA (when generated), Istio's install, then the mesh's configuration.
    if (this.mesh.rootOfTrust === RootOfTrust.GENERATED) {
      this.meshCaStack = this.meshStackOf(new TerraformStack(this, `${this.topologyName}-mesh-ca`));
      this.meshCa = new MeshCa(this.meshCaStack, "MeshCa", { mesh: this.mesh });
    }
    this.meshInstallStack = this.meshStackOf(
      new MeshInstallStack(this, `${this.topologyName}-mesh-install`, {
        mesh: this.mesh,
        connections,
        ca: this.meshCa,
      }),
    );
    this.meshStack = this.meshStackOf(
      new MeshStack(this, `${this.topologyName}-mesh`, { mesh: this.mesh, connections }),
    );
    for (const stack of this.stacks) this.meshInstallStack.addDependency(stack);
    if (this.meshCaStack) this.meshInstallStack.addDependency(this.meshCaStack);
    this.meshStack.addDependency(this.meshInstallStack);

    // Analysis at synth, after every stack is synthesized (an app-level validation).
    const target = App.isApp(this.root) ? this.root : this.meshStack;
    target.node.addValidation({
      validate: () => {
        // After synth the stacks are on disk: read them rather than resolve every token again.
        const result = this.analyze(App.isApp(this.root) ? this.synthesizedModel(this.root) : undefined);
        const meshFindings = this.checks?.checkMesh(this.mesh) ?? [];
        if (App.isApp(this.root)) this.writeReports(this.reportDirectory(this.root.outdir));
        // One root cause, one error: paths over an invalid address plan are not worth reporting.
        const errors = result.findings.filter((f) => f.level === FindingLevel.ERROR);
        const planErrors = errors.filter((f) => f.check === "address-plan");
        return [
          ...(planErrors.length > 0 ? planErrors : errors).map((f) =>
            HybridMeshError.format({
              scope: this,
              property: f.check,
              value: f.subject,
              rule: f.rule,
              fix: f.fix,
            }),
          ),
          ...meshFindings
            .filter((f) => f.level === FindingLevel.ERROR && !f.suppressed)
            .map((f) =>
              HybridMeshError.format({
                scope: this.mesh,
                property: `${f.ruleId} ${f.ruleName}`,
                value: f.resource,
                rule: `${f.detail}: ${f.info}`,
                fix: "fix the mesh settings, or suppress the rule with a reason (SecurityChecks.suppress)",
              }),
            ),
        ];
      },
    });
  }

  /** The site with a name (AWS, GCP or on premises). */
  public site(name: string): AwsSite | GcpSite | OnPremSiteSpec {
    const s = this.awsSites[name] ?? this.gcpSites[name] ?? this.onPremSites[name];
    if (!s) {
      throw new HybridMeshError({
        scope: this,
        property: "site",
        value: name,
        rule: "no site has this name",
        fix: `use one of ${[...this.kinds.keys()].join(", ")}`,
      });
    }
    return s;
  }

  /** Every stack of the topology in deployment order: sites, links, the mesh CA, Istio's install, the mesh. */
  public get allStacks(): TerraformStack[] {
    return [
      ...this.stacks,
      ...(this.meshCaStack ? [this.meshCaStack] : []),
      this.meshInstallStack,
      this.meshStack,
    ];
  }

  /** Gives a mesh stack of the topology its backend and the security checks. */
  private meshStackOf<T extends TerraformStack>(stack: T): T {
    this.backend.apply(stack, stack.node.id);
    if (this.checks) Aspects.of(stack).add(this.checks);
    return stack;
  }

  /**
   * What the analysis reads: the synthesized Terraform of every stack of the topology, the
   * on-premises sites, and where each cluster is.
   *
   * @param model the synthesized Terraform (default: the stacks, resolved now)
   */
  public analysisInput(model: TerraformModel = TerraformModel.fromStacks(this.allStacks)): AnalysisInput {
    const clusters: ClusterInput[] = [];
    const role = (name: string) => {
      const spec = this.props.mesh ?? {};
      if ((spec.model ?? MeshModel.MULTI_PRIMARY) !== MeshModel.PRIMARY_REMOTE) return {};
      return name === spec.primary
        ? { role: ClusterRole.PRIMARY }
        : { role: ClusterRole.REMOTE, primary: spec.primary };
    };
    const siteOfNetwork: Record<string, string> = {};
    for (const s of Object.values(this.awsSites)) {
      siteOfNetwork[keyOf(s.network.vpc)] = s.spec.name;
      const cp = s.controlPlane;
      clusters.push({
        platform: ClusterPlatform.AWS,
        name: cp.clusterName,
        site: s.spec.name,
        ...role(cp.clusterName),
        apiLoadBalancer: keyOf(cp.loadBalancer),
        gatewayLoadBalancer: keyOf(s.meshGateway.loadBalancer),
        gatewayAddresses: s.meshGateway.addresses,
        nodeGroups: [keyOf(s.nodePool.autoScalingGroup)],
        controlPlaneGroups: cp.replicas.map((r) => keyOf(r.autoScalingGroup)),
        internalRanges: [s.ranges.pods, s.ranges.services],
      });
    }
    for (const s of Object.values(this.gcpSites)) {
      siteOfNetwork[keyOf(s.network.network)] = s.spec.name;
      clusters.push({
        platform: ClusterPlatform.GKE,
        name: s.cluster.clusterName,
        site: s.spec.name,
        ...role(s.cluster.clusterName),
        cluster: keyOf(s.cluster.cluster),
        gatewayAddress: s.gatewayAddress,
      });
    }
    const onPrem: OnPremInput[] = [];
    for (const s of Object.values(this.onPremSites)) {
      clusters.push({
        platform: ClusterPlatform.ON_PREMISES,
        name: s.cluster.name,
        site: s.name,
        ...role(s.cluster.name),
        apiAddress: s.cluster.apiServerAddress,
        apiPort: s.cluster.apiServerPort ?? 6443,
        gatewayAddress: s.cluster.gatewayAddress,
      });
      const links = Object.values(this.links).filter(
        (l) => l.spec.between === s.name || l.spec.and === s.name,
      );
      onPrem.push({
        name: s.name,
        ranges: s.ranges,
        acceptsFrom: s.acceptsFrom ?? this.defaultAcceptsFrom(s.name),
        staticRoutes: links.flatMap((l) => (l.vpn instanceof ClassicVpn ? l.vpn.gcpRanges : [])),
        links: links.map((l) => l.vpn.node.path),
      });
    }
    return {
      model,
      onPrem,
      siteOfNetwork,
      clusters,
      meshModel: this.props.mesh?.model ?? MeshModel.MULTI_PRIMARY,
      options: this.props.analysis,
      ...(this.props.deployer
        ? { deployer: { site: this.props.deployer.site, cidrs: this.deployerCidrs() } }
        : {}),
    };
  }

  /**
   * Analyzes the topology as synthesized: address plan, reachability of every east-west gateway
   * and API server between every pair of clusters (both ways), single failures and SLA per link.
   *
   * @param model the synthesized Terraform (default: the stacks, resolved now)
   */
  public analyze(model?: TerraformModel): AnalysisResult {
    this.lastAnalysis = analyze(this.analysisInput(model));
    return this.lastAnalysis;
  }

  /** The model of the stacks as synthesized into an app's output directory (falls back to the live stacks). */
  private synthesizedModel(app: App): TerraformModel | undefined {
    const json: Record<string, unknown> = {};
    for (const stack of this.allStacks) {
      const file = path.join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath);
      if (!existsSync(file)) return undefined;
      json[stack.node.id] = JSON.parse(readFileSync(file, "utf8"));
    }
    return TerraformModel.fromJson(json);
  }

  /** Where the reports of this topology go under an output directory: `<outdir>/hybrid-mesh/<name>`. */
  public reportDirectory(outdir: string): string {
    return path.join(outdir, "hybrid-mesh", this.topologyName);
  }

  /**
   * Writes the reports to a directory: the analysis (`analysis.md`, `analysis.json`, analyzing
   * first if needed) and the security checks (`checks.md`, `checks.csv`). Synth does this in
   * `<outdir>/hybrid-mesh/<name>/`.
   *
   * @returns the files written
   */
  public writeReports(directory: string): string[] {
    const result = this.lastAnalysis ?? this.analyze();
    mkdirSync(directory, { recursive: true });
    const files: [string, string][] = [
      ["analysis.md", renderAnalysisMarkdown(this.topologyName, result)],
      ["analysis.json", renderAnalysisJson(this.topologyName, result)],
    ];
    const { dot, mermaid } = this.diagram(result);
    files.push(["topology.dot", dot], ["topology.mmd", mermaid]);
    if (this.checks) {
      files.push([
        "checks.md",
        renderChecksMarkdown(this.topologyName, this.checks.findings, this.checks.rules),
      ]);
      files.push(["checks.csv", renderChecksCsv(this.checks.findings)]);
    }
    return files.map(([file, content]) => {
      const target = path.join(directory, file);
      writeFileSync(target, content);
      return target;
    });
  }

  /** What the diagram shows: sites, networks and ranges, clusters and gateways, links, mesh edges. */
  public diagramInput(analysis: AnalysisResult | undefined = this.lastAnalysis): DiagramInput {
    const meshModel = this.props.mesh?.model ?? MeshModel.MULTI_PRIMARY;
    const roleOf = (cluster: string) =>
      meshModel === MeshModel.PRIMARY_REMOTE
        ? cluster === this.props.mesh?.primary
          ? "primary"
          : "remote"
        : "primary";
    const sites: DiagramSite[] = [];
    for (const s of Object.values(this.awsSites)) {
      sites.push({
        name: s.spec.name,
        kind: "aws",
        location: `AWS ${s.spec.region}`,
        network: `VPC ${s.ranges.vpc}`,
        ranges: [
          `private subnets in ${s.network.availabilityZones.length} zones`,
          `pods ${s.ranges.pods} (in cluster)`,
          `services ${s.ranges.services} (in cluster)`,
        ],
        cluster: {
          name: s.controlPlane.clusterName,
          detail: `${s.controlPlane.replicas.length} control-plane replicas, nodes ${s.spec.cluster.minNodes ?? 2}-${s.spec.cluster.maxNodes ?? 6}`,
          role: roleOf(s.controlPlane.clusterName),
          gateway: [`NLB ${s.meshGateway.addresses.join(", ")}`],
          api: `NLB ${s.controlPlane.endpointAddresses.join(", ")}:6443`,
        },
      });
    }
    for (const s of Object.values(this.gcpSites)) {
      sites.push({
        name: s.spec.name,
        kind: "gcp",
        location: `GCP ${s.spec.project} / ${s.spec.region}`,
        network: `VPC ${s.network.networkName}`,
        ranges: [
          `nodes ${s.ranges.subnet}`,
          `pods ${s.ranges.pods}`,
          `services ${s.ranges.services}`,
          `control plane ${s.ranges.controlPlane}`,
        ],
        cluster: {
          name: s.cluster.clusterName,
          detail: `GKE ${s.spec.cluster.zone ? `zonal ${s.spec.cluster.zone}` : "regional"}`,
          role: roleOf(s.cluster.clusterName),
          gateway: [`internal LB ${s.gatewayAddress ?? "(address assigned by GKE)"}`],
          api: `private endpoint in ${s.ranges.controlPlane}`,
        },
      });
    }
    for (const s of Object.values(this.onPremSites)) {
      sites.push({
        name: s.name,
        kind: "onprem",
        location: "on premises",
        network: "LAN",
        ranges: s.ranges,
        cluster: {
          name: s.cluster.name,
          detail: "managed outside hybrid-mesh",
          role: roleOf(s.cluster.name),
          gateway: [`VIP ${s.cluster.gatewayAddress ?? "(from the site's pool)"}`],
          api: `${s.cluster.apiServerAddress}:${s.cluster.apiServerPort ?? 6443}`,
        },
      });
    }
    const links: DiagramLink[] = Object.values(this.links).map((l) => {
      const measured = analysis?.links.find((x) => x.link === l.vpn.node.path);
      const classic = l.vpn instanceof ClassicVpn;
      return {
        a: l.spec.between,
        b: l.spec.and,
        kind: classic
          ? "Classic VPN"
          : l.vpn instanceof AwsHaVpn
            ? `HA VPN to AWS ${l.vpn.vpnGateway ? "VGW" : "TGW"}`
            : "HA VPN",
        tunnels: measured?.tunnels ?? (classic ? 1 : l.vpn.tunnels.length),
        routing: classic ? "static routes" : "BGP",
        sla: measured?.sla ?? l.vpn.sla,
      };
    });
    return {
      title: `${this.topologyName}: hybrid topology (${meshModel} mesh)`,
      sites,
      links,
      meshModel,
      analysis,
    };
  }

  /** The diagram as DOT and Mermaid text. */
  public diagram(analysis?: AnalysisResult): TopologyDiagram {
    const input = this.diagramInput(analysis);
    return { dot: renderDot(input), mermaid: renderMermaid(input) };
  }

  /**
   * Writes the diagram (`topology.dot`, `topology.mmd` and `topology.svg`, rendered with
   * Graphviz compiled to WebAssembly) to a directory, by default the report directory under
   * `outdir`. Synth writes the DOT and Mermaid files; call this after `app.synth()` for the SVG.
   *
   * @returns the files written
   */
  public async writeDiagram(directory: string): Promise<string[]> {
    const { dot, mermaid } = this.diagram(this.lastAnalysis ?? this.analyze());
    mkdirSync(directory, { recursive: true });
    const svg = await renderSvg(dot);
    const files: [string, string][] = [
      ["topology.dot", dot],
      ["topology.mmd", mermaid],
      ["topology.svg", svg],
    ];
    return files.map(([file, content]) => {
      const target = path.join(directory, file);
      writeFileSync(target, content);
      return target;
    });
  }

  // ----- construction -------------------------------------------------------------------------

  private validateSpecs(
    aws: AwsSiteSpec[],
    gcp: GcpSiteSpec[],
    onPrem: OnPremSiteSpec[],
    links: LinkSpec[],
  ): void {
    const clusters = new Set<string>();
    const all: [SiteKind, { name: string; cluster: { name: string } }, string][] = [
      ...aws.map((s, i) => ["aws", s, `aws[${i}]`] as [SiteKind, typeof s, string]),
      ...gcp.map((s, i) => ["gcp", s, `gcp[${i}]`] as [SiteKind, typeof s, string]),
      ...onPrem.map((s, i) => ["onprem", s, `onPremises[${i}]`] as [SiteKind, typeof s, string]),
    ];
    if (all.length === 0) {
      fail(this, "sites", [], {
        rule: "a topology needs at least one site",
        fix: "give aws, gcp or onPremises sites",
      });
    }
    for (const [kind, s, where] of all) {
      check(this, `${where}.name`, s.name, checkDns1123Label);
      if (this.kinds.has(s.name)) {
        fail(this, `${where}.name`, s.name, {
          rule: "site names must be unique in the topology",
          fix: "rename one of the sites",
        });
      }
      this.kinds.set(s.name, kind);
      if (clusters.has(s.cluster.name)) {
        fail(this, `${where}.cluster.name`, s.cluster.name, {
          rule: "cluster names must be unique in the topology (they name the clusters in the mesh)",
          fix: "rename one of the clusters",
        });
      }
      clusters.add(s.cluster.name);
    }
    aws.forEach((s, i) => {
      check(this, `aws[${i}].region`, s.region, checkAwsRegion);
      checkEach(this, `aws[${i}].availabilityZones`, s.availabilityZones, (z) => checkAwsZone(z, s.region));
      check(this, `aws[${i}].cidr`, s.cidr, (c) => checkRoutableRange(c, "a VPC range"));
      check(this, `aws[${i}].asn`, s.asn, checkAwsAmazonSideAsn);
      check(this, `aws[${i}].cluster.minNodes`, s.cluster.minNodes, countBetween(0, 1000, "a node count"));
      check(this, `aws[${i}].cluster.maxNodes`, s.cluster.maxNodes, countBetween(1, 1000, "a node count"));
    });
    gcp.forEach((s, i) => {
      check(this, `gcp[${i}].region`, s.region, checkGcpRegion);
      check(this, `gcp[${i}].cluster.zone`, s.cluster.zone, (z) => checkGcpZone(z, s.region));
      check(this, `gcp[${i}].projectNumber`, s.projectNumber, checkProjectNumber);
      check(this, `gcp[${i}].asn`, s.asn, checkCloudRouterAsn);
      // GKE allows up to 1000 nodes per zone in a node pool; the pod range is sized from it.
      check(
        this,
        `gcp[${i}].cluster.maxNodesPerZone`,
        s.cluster.maxNodesPerZone,
        countBetween(1, 1000, "a GKE node count per zone"),
      );
      for (const [prop, cidr] of [
        ["subnetCidr", s.subnetCidr],
        ["podCidr", s.podCidr],
        ["serviceCidr", s.serviceCidr],
      ] as const) {
        check(this, `gcp[${i}].${prop}`, cidr, (c) =>
          checkRoutableRange(c, "a GCP subnet or secondary range"),
        );
      }
      check(this, `gcp[${i}].cluster.controlPlaneCidr`, s.cluster.controlPlaneCidr, (c) => {
        const problem = checkControlPlaneCidr(c);
        return problem && { ...problem, fix: this.freeControlPlaneFix(i, aws, gcp, onPrem) };
      });
    });
    onPrem.forEach((s, i) => {
      if (s.ranges.length === 0) {
        fail(this, `onPremises[${i}].ranges`, s.ranges, {
          rule: "an on-premises site needs the ranges it routes over the VPN",
          fix: 'give them, e.g. ["172.16.232.0/24"]',
        });
      }
      s.ranges.forEach((r, j) =>
        check(this, `onPremises[${i}].ranges[${j}]`, r, (c) => checkRoutableRange(c, "an on-premises range")),
      );
      for (const [prop, address] of [
        ["cluster.apiServerAddress", s.cluster.apiServerAddress],
        ["cluster.gatewayAddress", s.cluster.gatewayAddress],
      ] as const) {
        if (address === undefined) continue;
        check(this, `onPremises[${i}].${prop}`, address, checkIpv4Address);
        if (!isUnresolved(address) && !s.ranges.some((r) => Cidr.parse(r).containsAddress(address))) {
          fail(this, `onPremises[${i}].${prop}`, address, {
            rule: `the address must lie in the site's ranges (${s.ranges.join(", ")}), which the other sites route to`,
            fix: "use an address of the site's LAN or load-balancer pool, or add its range",
          });
        }
      }
      check(this, `onPremises[${i}].cluster.apiServerPort`, s.cluster.apiServerPort, checkPort);
      const bgp = s.vpn.asn !== undefined;
      const allowed = bgp ? [1, 2, 4] : [1];
      const rule = bgp
        ? "an HA VPN peer has 1, 2 or 4 public addresses"
        : "without BGP (no vpn.asn) the link is Classic VPN, which has one peer address";
      const fix = bgp ? "give 1, 2 or 4 addresses" : "give one address, or the device's ASN for HA VPN";
      if (s.vpn.addresses !== undefined && !allowed.includes(s.vpn.addresses.length)) {
        fail(this, `onPremises[${i}].vpn.addresses`, s.vpn.addresses, { rule, fix });
      }
      if (s.vpn.addresses !== undefined && s.vpn.addressCount !== undefined) {
        fail(this, `onPremises[${i}].vpn.addressCount`, s.vpn.addressCount, {
          rule: "addressCount declares Terraform variables for addresses not given; the addresses are given",
          fix: "give either vpn.addresses or vpn.addressCount",
        });
      }
      check(this, `onPremises[${i}].vpn.addressCount`, s.vpn.addressCount, (n) =>
        allowed.includes(n)
          ? undefined
          : {
              rule: rule.replace("public addresses", "public addresses (addressCount)"),
              fix: fix.replace("give", "declare"),
            },
      );
      if (s.vpn.addresses !== undefined)
        checkPeerAddresses(this, `onPremises[${i}].vpn.addresses`, s.vpn.addresses);
      check(this, `onPremises[${i}].vpn.asn`, s.vpn.asn, checkAwsCustomerGatewayAsn);
    });
    // Ranges given explicitly that overlap: one error naming both props (not one per link).
    const given = [
      ...aws.flatMap((s, i) => (s.cidr ? [{ name: `aws[${i}].cidr`, cidr: s.cidr }] : [])),
      ...gcp.flatMap((s, i) =>
        (
          [
            ["subnetCidr", s.subnetCidr],
            ["podCidr", s.podCidr],
            ["serviceCidr", s.serviceCidr],
            ["cluster.controlPlaneCidr", s.cluster.controlPlaneCidr],
          ] as const
        ).flatMap(([prop, cidr]) => (cidr ? [{ name: `gcp[${i}].${prop}`, cidr }] : [])),
      ),
      ...onPrem.flatMap((s, i) =>
        s.ranges.map((cidr, j) => ({ name: `onPremises[${i}].ranges[${j}]`, cidr })),
      ),
    ];
    const overlap = findOverlaps(given)[0];
    if (overlap) {
      fail(this, overlap.b.name, overlap.b.cidr.toString(), {
        rule: `it overlaps ${overlap.a.name} (${overlap.a.cidr.toString()}): every range routed between sites must be unique, or traffic for the shared addresses cannot be routed`,
        fix: this.props.supernet
          ? `give one of them another range, or leave one unset and the address plan allocates it from ${this.props.supernet}`
          : "give one of them another range",
      });
    }
    const deployer = this.props.deployer;
    if (deployer) {
      if (deployer.site !== undefined && !this.kinds.has(deployer.site)) {
        fail(this, "deployer.site", deployer.site, {
          rule: "the deployer runs in a site of the topology, and there is no such site",
          fix: `use one of ${[...this.kinds.keys()].join(", ")}, or give only cidrs for a network outside every site`,
        });
      }
      if (deployer.site === undefined && (deployer.cidrs ?? []).length === 0) {
        fail(this, "deployer", deployer, {
          rule: "where Terraform runs is a site of the topology or the ranges it connects from",
          fix: 'give deployer.site (e.g. "aws") or deployer.cidrs (e.g. ["203.0.113.0/28"])',
        });
      }
      checkEach(
        this,
        "deployer.cidrs",
        deployer.cidrs,
        (c) =>
          checkCidr(c) ??
          (Cidr.parse(c).prefixLength === 0
            ? {
                rule: "API servers must never be open to the whole internet",
                fix: "give the ranges Terraform connects from",
              }
            : undefined),
      );
    }
    const linkedAws = new Map<string, number>();
    const seen = new Set<string>();
    links.forEach((l, i) => {
      for (const end of [l.between, l.and]) {
        if (!this.kinds.has(end)) {
          fail(this, `links[${i}]`, `${l.between} <-> ${l.and}`, {
            rule: `there is no site ${end}`,
            fix: `link sites of the topology: ${[...this.kinds.keys()].join(", ")}`,
          });
        }
      }
      const kinds = [this.kinds.get(l.between)!, this.kinds.get(l.and)!];
      if (l.between === l.and || !kinds.includes("gcp") || (kinds[0] === "gcp" && kinds[1] === "gcp")) {
        fail(this, `links[${i}]`, `${l.between} <-> ${l.and}`, {
          rule: "a link joins a GCP site to an AWS or on-premises site (Cloud VPN is the GCP end of every link)",
          fix: "link AWS and on-premises sites to a GCP site; traffic between them transits through it",
        });
      }
      const key = [l.between, l.and].sort().join("|");
      if (seen.has(key)) {
        fail(this, `links[${i}]`, `${l.between} <-> ${l.and}`, {
          rule: "two links join the same sites",
          fix: "use one link (with 4 tunnels for redundancy)",
        });
      }
      seen.add(key);
      const awsEnd = kinds[0] === "aws" ? l.between : kinds[1] === "aws" ? l.and : undefined;
      if (awsEnd) {
        if (linkedAws.has(awsEnd)) {
          fail(this, `links[${i}]`, `${l.between} <-> ${l.and}`, {
            rule: `AWS site ${awsEnd} already has a link (links[${linkedAws.get(awsEnd)}]): a VPC takes one virtual private gateway, and a VPC does not route between VPN connections`,
            fix: "link the AWS site to one GCP site; the others reach it through that one",
          });
        }
        linkedAws.set(awsEnd, i);
      }
    });
  }

  /** A fix for a bad control-plane range: the /28 the address plan would give, when there is a plan. */
  private freeControlPlaneFix(
    index: number,
    aws: AwsSiteSpec[],
    gcp: GcpSiteSpec[],
    onPrem: OnPremSiteSpec[],
  ): string {
    const unset = gcp.map((s, i) =>
      i === index ? { ...s, cluster: { ...s.cluster, controlPlaneCidr: undefined } } : s,
    );
    try {
      const planned = planAddresses(this.props.supernet, aws, unset, onPrem).gcp[gcp[index].name]
        .controlPlane;
      return `leave it unset (the address plan then allocates ${planned}), or give a free /28 such as ${planned}`;
    } catch {
      return "give a /28 that overlaps no other range of the topology, e.g. in 172.16.0.0/16";
    }
  }

  private planAsns(aws: AwsSiteSpec[], gcp: GcpSiteSpec[], onPrem: OnPremSiteSpec[]): Map<string, number> {
    const given = new Set<number>(
      [...aws.map((s) => s.asn), ...gcp.map((s) => s.asn), ...onPrem.map((s) => s.vpn.asn)].filter(
        (a): a is number => a !== undefined,
      ),
    );
    const asns = new Map<string, number>();
    let next = 64512;
    const take = () => {
      while (given.has(next)) next++;
      given.add(next);
      return next++;
    };
    for (const s of [...aws, ...gcp]) asns.set(s.name, s.asn ?? take());
    // Every BGP speaker of the topology needs its own ASN: a route that transits the GCP hub (or a
    // transit gateway) carries the ASNs it crossed, and a receiver drops a route holding its own.
    const speakers: [string, number, string][] = [
      ...aws.map((s, i) => [s.name, asns.get(s.name)!, `aws[${i}].asn`] as [string, number, string]),
      ...gcp.map((s, i) => [s.name, asns.get(s.name)!, `gcp[${i}].asn`] as [string, number, string]),
      ...onPrem.flatMap((s, i) =>
        s.vpn.asn === undefined
          ? []
          : [[s.name, s.vpn.asn, `onPremises[${i}].vpn.asn`] as [string, number, string]],
      ),
    ];
    const used = new Map<number, string>();
    for (const [site, asn, property] of speakers) {
      const other = used.get(asn);
      if (other !== undefined) {
        fail(this, property, asn, {
          rule: `site ${other} uses this ASN too: BGP drops routes whose AS path holds the receiver's own ASN, so routes between ${other} and ${site} (which transit another site) would be dropped`,
          fix: `give every site its own ASN; leave the AWS and GCP ones unset and the plan picks free private ASNs (64512 upwards)`,
        });
      }
      used.set(asn, site);
    }
    return asns;
  }

  private stackFor(site: string): TerraformStack {
    const name =
      this.layout === StackLayout.SINGLE_STACK ? this.topologyName : `${this.topologyName}-${site}`;
    return this.stack(name);
  }

  private stack(name: string): TerraformStack {
    let stack = this.stackByName.get(name);
    if (!stack) {
      stack = new TerraformStack(this, name);
      this.backend.apply(stack, name);
      if (this.checks) Aspects.of(stack).add(this.checks);
      Tags.of(stack).add("topology", this.topologyName);
      this.stackByName.set(name, stack);
      this.stacks.push(stack);
    }
    return stack;
  }

  /** The AWS provider of a region in a stack: the default one for the first region, aliased after. */
  private awsProvider(stack: TerraformStack, region: string): AwsProvider {
    const providers = stack.node.children.filter((c): c is AwsProvider => c instanceof AwsProvider);
    const existing = providers.find((p) => p.region === region);
    if (existing) return existing;
    return new AwsProvider(stack, providers.length ? `aws-${region}` : "aws", {
      region,
      alias: providers.length ? region : undefined,
    });
  }

  private googleProvider(stack: TerraformStack, project: string, region: string): void {
    if (!stack.node.children.some((c) => c instanceof GoogleProvider))
      new GoogleProvider(stack, "google", { project, region });
  }

  private buildAwsSite(s: AwsSiteSpec, asn: number, gatewayClients: string[], apiClients: string[]): void {
    const stack = this.stackFor(s.name);
    const provider = this.awsProvider(stack, s.region);
    const scope = new Construct(stack, `site-${s.name}`);
    useProvider(scope, provider);
    Tags.of(scope).add("site", s.name);
    const plan = this.plan.aws[s.name];
    const network = new AwsNetwork(scope, "Network", {
      cidr: plan.vpc,
      region: s.region,
      availabilityZones: s.availabilityZones,
      natGateways: s.natGateways,
    });
    const addressesAt = (index: number) =>
      network.privateSubnets.map((sn) => Cidr.parse(sn.cidr).address(index));
    const controlPlane = new ControlPlane(scope, "ControlPlane", {
      network,
      clusterName: s.cluster.name,
      replicas: s.cluster.replicas,
      instanceType: s.cluster.controlPlaneInstanceType,
      podCidr: plan.pods,
      serviceCidr: plan.services,
      loadBalancer: { privateIpAddresses: addressesAt(10) },
    });
    const nodePool = new NodePool(scope, "Nodes", {
      controlPlane,
      name: "general",
      instanceTypes: s.cluster.nodeInstanceTypes,
      minSize: s.cluster.minNodes,
      maxSize: s.cluster.maxNodes,
    });
    const clients = aggregate(gatewayClients);
    const meshGateway = new MeshGatewayLoadBalancer(scope, "MeshGateway", {
      controlPlane,
      nodePools: [nodePool],
      privateIpAddresses: addressesAt(20),
      allowedCidrs: clients.length ? clients : [plan.vpc],
    });
    aggregate(apiClients).forEach((cidr) => controlPlane.allowApiFrom(cidr, this.labelOf(cidr)));
    this.awsSites[s.name] = {
      spec: s,
      stack,
      network,
      controlPlane,
      nodePool,
      meshGateway,
      ranges: plan,
      asn,
    };
  }

  private buildGcpSite(
    index: number,
    s: GcpSiteSpec,
    asn: number,
    gatewayClients: string[],
    apiClients: string[],
    fleets: Map<string, Fleet>,
  ): void {
    const stack = this.stackFor(s.name);
    this.googleProvider(stack, s.project, s.region);
    const scope = new Construct(stack, `site-${s.name}`);
    Tags.of(scope).add("site", s.name);
    const plan = this.plan.gcp[s.name];
    const network = new GcpNetwork(scope, "Network", {
      project: s.project,
      region: s.region,
      name: s.networkName ?? `${s.name}-vpc`,
      subnets: [
        {
          cidr: plan.subnet,
          pods: { cidr: plan.pods, maxNodes: plan.maxNodes },
          services: { cidr: plan.services },
        },
      ],
    });
    const c = s.cluster;
    const cluster = new GkeCluster(scope, "Cluster", {
      network,
      name: c.name,
      location: c.zone,
      releaseChannel: c.releaseChannel,
      kubernetesVersion: c.version,
      controlPlaneCidr: plan.controlPlane,
      projectNumber: s.projectNumber,
      authorizedNetworks: aggregate(apiClients),
      nodePools: [
        {
          name: "general",
          machineType: c.machineType,
          minNodesPerZone: 1,
          maxNodesPerZone: c.maxNodesPerZone ?? 3,
        },
      ],
    });
    let fleet = fleets.get(s.project);
    if (!fleet) {
      fleet = new Fleet(scope, "Fleet", { project: s.project, projectNumber: s.projectNumber });
      fleets.set(s.project, fleet);
    }
    const meshSpec = this.props.mesh ?? {};
    fleet.register(cluster, {
      ...(s.configSync ? { configSync: s.configSync } : {}),
      // One control plane per cluster: the fleet's, or the cluster's own istiod.
      meshManagement:
        meshSpec.gkeControlPlane === ControlPlaneMode.FLEET_MANAGED
          ? MeshManagement.AUTOMATIC
          : MeshManagement.MANUAL,
    });
    // The east-west gateway's internal address, reserved so that every site knows it at synth:
    // the subnet's last usable address (GCP keeps the two after it). With platform addressing, none.
    let gatewayAddress: string | undefined;
    if ((meshSpec.gatewayAddressing ?? GatewayAddressing.RESERVED) === GatewayAddressing.RESERVED) {
      const subnet = Cidr.parse(plan.subnet);
      gatewayAddress = check(
        this,
        `gcp[${index}].cluster.gatewayAddress`,
        c.gatewayAddress ?? subnet.address(subnet.size - 3),
        (a) =>
          subnet.containsAddress(a)
            ? undefined
            : {
                rule: `the gateway's address must lie in the node subnet ${plan.subnet}`,
                fix: "pick an address of the subnet",
              },
      );
      new MeshGatewayAddress(scope, "MeshGatewayAddress", {
        network,
        clusterName: c.name,
        address: gatewayAddress,
      });
    } else if (c.gatewayAddress !== undefined) {
      fail(this, `gcp[${index}].cluster.gatewayAddress`, c.gatewayAddress, {
        rule: "with mesh.gatewayAddressing PLATFORM the platform assigns the gateway's address",
        fix: "remove gatewayAddress, or use GatewayAddressing.RESERVED",
      });
    }
    const clients = aggregate(gatewayClients);
    if (clients.length) network.allowMeshPorts("peers", clients, [cluster.nodeTag]);
    this.gcpSites[s.name] = { spec: s, stack, network, cluster, fleet, gatewayAddress, ranges: plan, asn };
  }

  private buildLink(l: LinkSpec): void {
    const gcpName = this.kinds.get(l.between) === "gcp" ? l.between : l.and;
    const otherName = gcpName === l.between ? l.and : l.between;
    const g = this.gcpSites[gcpName];
    const linkId = `${gcpName}-${otherName}`;
    const stack =
      this.layout === StackLayout.SINGLE_STACK
        ? this.stackFor(gcpName)
        : this.stack(`${this.topologyName}-link-${linkId}`);
    this.googleProvider(stack, g.spec.project, g.spec.region);
    const scope = new Construct(stack, `link-${linkId}`);
    Tags.of(scope).add("link", linkId);
    // What the GCP end advertises: its subnets (with the pod and service ranges), its private
    // control plane, and the ranges of every other site linked to it (transit).
    const transit = (this.props.links ?? [])
      .filter((x) => x !== l && (x.between === gcpName || x.and === gcpName))
      .map((x) => (x.between === gcpName ? x.and : x.between))
      .flatMap((site) => this.siteRanges.get(site)!.routed);
    const allowAll = l.allowAllTraffic ?? false;
    if (this.kinds.get(otherName) === "aws") {
      const a = this.awsSites[otherName];
      useProvider(scope, this.awsProvider(stack, a.spec.region));
      const router = new CloudRouter(scope, "Router", {
        network: g.network,
        asn: g.asn,
        advertisedRanges: unique([g.ranges.controlPlane, ...transit]),
      });
      const vpn = new AwsHaVpn(scope, "Vpn", {
        gcpNetwork: g.network,
        cloudRouter: router,
        awsNetwork: a.network,
        awsGateway: l.awsGateway,
        amazonSideAsn: a.asn,
        tunnels: l.tunnels,
        gcpFirewall: allowAll,
        awsSecurityGroups: allowAll ? [a.controlPlane.nodeSecurityGroup] : undefined,
      });
      this.links[linkId] = { spec: l, stack, vpn, router };
      return;
    }
    const o = this.onPremSites[otherName];
    const ranges = unique([...this.siteRanges.get(gcpName)!.routed, ...transit]);
    const peerAddresses =
      o.vpn.addresses ??
      Array.from(
        { length: o.vpn.addressCount ?? 1 },
        (_, i) =>
          new TerraformVariable(stack, `${otherName.replace(/-/g, "_")}_vpn_address_${i + 1}`, {
            type: "string",
            description: `Public IPv4 address ${i + 1} of ${otherName}'s VPN device`,
          }).stringValue,
      );
    if (o.vpn.asn !== undefined) {
      const router = new CloudRouter(scope, "Router", {
        network: g.network,
        asn: g.asn,
        advertisedRanges: unique([g.ranges.controlPlane, ...transit]),
      });
      const vpn = new PeerHaVpn(scope, "Vpn", {
        gcpNetwork: g.network,
        cloudRouter: router,
        peerName: otherName,
        peerAddresses,
        peerAsn: o.vpn.asn,
        peerRanges: o.ranges,
        tunnels: l.tunnels,
        ike: o.vpn.ike,
        gcpFirewall: allowAll,
      });
      this.links[linkId] = { spec: l, stack, vpn, router, peerAddresses };
    } else {
      const vpn = new ClassicVpn(scope, "Vpn", {
        gcpNetwork: g.network,
        gatewayName: l.gatewayName,
        tunnelName: l.tunnelName,
        peerName: otherName,
        peerAddress: peerAddresses[0],
        peerRanges: o.ranges,
        ike: o.vpn.ike,
        gcpFirewall: allowAll,
        gcpRanges: ranges,
      });
      this.links[linkId] = { spec: l, stack, vpn, peerAddresses };
    }
  }

  /** A short label for a range: its own ("gcp-pods"), or the sites whose ranges it merges ("gcp"). */
  private labelOf(cidr: string): string {
    const own = this.rangeLabels.get(cidr);
    if (own) return own;
    const block = Cidr.parse(cidr);
    const sites = [...this.siteRanges.entries()]
      .filter(([, r]) => r.routed.some((x) => block.contains(Cidr.parse(x))))
      .map(([site]) => site);
    return sites.length ? sites.join("-").slice(0, 40) : cidr.replace(/[./]/g, "-");
  }

  /** The ranges Terraform runs from for the mesh stacks (props.deployer), if given. */
  private deployerCidrs(): string[] {
    const d = this.props.deployer;
    if (!d) return [];
    if (d.cidrs) {
      d.cidrs.forEach((c) => this.rangeLabels.set(c, this.rangeLabels.get(c) ?? "deployer"));
      return [...d.cidrs];
    }
    return d.site ? [...this.siteRanges.get(d.site)!.workloads] : [];
  }

  private defaultAcceptsFrom(site: string): string[] {
    return unique(
      [...this.siteRanges.entries()].filter(([name]) => name !== site).flatMap(([, r]) => r.routed),
    );
  }

  private defaultMeshId(gcp: GcpSiteSpec[]): string {
    const first = gcp[0];
    if (first?.projectNumber) return `proj-${first.projectNumber}`;
    return fail(this, "mesh.meshId", undefined, {
      rule: first
        ? `the mesh id (proj-<project number> of ${first.project}) must be known at synth, for the YAML of every cluster`
        : "a topology without a GCP site needs the mesh id",
      fix: first ? `give gcp[0].projectNumber, or mesh.meshId` : "give mesh.meshId",
    });
  }
}

/** Sorted unique ranges. */
function unique(ranges: string[]): string[] {
  return [...new Set(ranges)];
}

/** The same addresses in as few blocks as possible (fewer firewall and security-group rules). */
function aggregate(ranges: string[]): string[] {
  return summarizeCidrs(ranges).map((c) => c.toString());
}

/** Makes every AWS resource and data source under `scope` use `provider`. */
function useProvider(scope: IConstruct, provider: TerraformProvider): void {
  if (provider.alias === undefined) return;
  Aspects.of(scope).add(new ProviderAssignment(provider));
}

class ProviderAssignment implements IAspect {
  constructor(private readonly provider: TerraformProvider) {}

  public visit(node: IConstruct): void {
    if (
      (node instanceof TerraformResource || node instanceof TerraformDataSource) &&
      node.terraformResourceType.startsWith("aws_") &&
      !node.provider
    ) {
      node.provider = this.provider;
    }
  }
}
