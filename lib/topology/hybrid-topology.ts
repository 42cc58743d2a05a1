import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AnalysisInput, AnalysisResult, analyze } from "../analysis";
import { SecurityChecks } from "../checks";
import {
  check,
  checkDns1123Label,
  constructId,
  HybridMeshError,
  TerraformModel,
  validateShape,
} from "../core";
import { Fleet } from "../gcp";
import { Mesh, MeshCa, MeshInstallStack, MeshStack } from "../mesh";
import { analysisInputOf } from "./analysis-input";
import { Backend } from "./backend";
import { TopologyContext } from "./context";
import { diagramInputOf } from "./diagram/input";
import { DiagramInput, renderDot, renderMermaid } from "./diagram/render";
import { buildLink } from "./links";
import { buildMesh, MeshRoles } from "./mesh";
import { AddressPlan, plannedRanges, planTopologyAddresses } from "./plan/addresses";
import { planAsns } from "./plan/asns";
import { siteClients } from "./plan/clients";
import { planDevices } from "./plan/devices";
import { TopologyRanges } from "./plan/ranges";
import {
  AwsSite,
  GcpSite,
  HYBRID_TOPOLOGY_PROPS,
  HybridTopologyProps,
  Link,
  StackLayout,
  TopologyDiagram,
} from "./props";
import { buildAwsSite } from "./sites/aws";
import { buildGcpSite } from "./sites/gcp";
import { OnPremSiteSpec } from "./spec/spec";
import { validateAdditionalRanges, validateSpecs } from "./spec/validate";
import { TopologyStacks } from "./stacks";
import { analyzeAtSynth } from "./synth-validation";
import { reportDirectoryOf, writeDiagramFiles, writeReportFiles } from "./reports";

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
  /** The security rule pack applied to every stack (undefined when turned off). */
  public readonly checks?: SecurityChecks;

  /** What the steps below share: the topology's state. */
  private readonly context: TopologyContext;
  private lastAnalysis?: AnalysisResult;
  private lastModel?: TerraformModel;

  constructor(scope: Construct, id: string, props: HybridTopologyProps) {
    super(scope, constructId(scope, id, "HybridTopology"));
    validateShape(this, props, HYBRID_TOPOLOGY_PROPS);
    this.topologyName = check(this, "id", id, checkDns1123Label);
    const layout = props.layout ?? StackLayout.SINGLE_STACK;
    const backend = props.backend ?? Backend.local();
    if (props.securityChecks !== false) this.checks = new SecurityChecks(props.securityChecks ?? {});
    const aws = props.aws ?? [];
    const gcp = props.gcp ?? [];
    const onPrem = props.onPremises ?? [];

    // The specs, then the plan: addresses, ASNs, the ranges of every site.
    const kinds = validateSpecs(this, props);
    this.plan = planTopologyAddresses(this, props.supernet, aws, gcp, onPrem);
    const asns = planAsns(this, aws, gcp, onPrem);
    const ranges = new TopologyRanges(this.plan, aws, gcp, onPrem);
    for (const s of onPrem) this.onPremSites[s.name] = s;

    // Who reaches whom, from the mesh's roles; where Terraform runs for the mesh stacks reaches
    // every API server too.
    const roles = new MeshRoles(props);
    const clusterSites = [...aws, ...gcp, ...onPrem];
    const primarySite = roles.primarySite(this, clusterSites);
    const clients = siteClients(
      ranges,
      clusterSites.map((s) => s.name),
      roles.model,
      primarySite,
      ranges.deployerCidrs(props.deployer),
    );

    // The links' additional ranges against the plan, then the device of every on-premises site
    // (what its peer sheets print and the analysis assumes), from the same clients.
    validateAdditionalRanges(this, props.links ?? [], ranges, plannedRanges(this.plan));
    const devices = planDevices(onPrem, ranges, props.links ?? [], kinds, clients);

    const ctx: TopologyContext = {
      scope: this,
      topologyName: this.topologyName,
      props,
      plan: this.plan,
      kinds,
      ranges,
      stacks: new TopologyStacks(this, this.topologyName, layout, backend, this.checks, this.stacks),
      roles,
      awsSites: this.awsSites,
      gcpSites: this.gcpSites,
      onPremSites: this.onPremSites,
      links: this.links,
      devices,
    };
    this.context = ctx;

    // Sites, then links, then the mesh over every cluster and its stacks. Plain loops where
    // resources are created: cdktf records the whole call stack of every token it makes, so each
    // callback frame (forEach, map) is paid once per token below it.
    for (const s of aws) buildAwsSite(ctx, s, asns.get(s.name)!, clients(s.name));
    const fleets = new Map<string, Fleet>();
    for (const [i, s] of gcp.entries()) buildGcpSite(ctx, i, s, asns.get(s.name)!, clients(s.name), fleets);
    for (const l of props.links ?? []) buildLink(ctx, l);
    const mesh = buildMesh(ctx);
    this.mesh = mesh.mesh;
    this.meshCaStack = mesh.meshCaStack;
    this.meshCa = mesh.meshCa;
    this.meshInstallStack = mesh.meshInstallStack;
    this.meshStack = mesh.meshStack;

    // Analysis at synth, after every stack is synthesized.
    if (props.analysis !== false) analyzeAtSynth(this);
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
        fix: `use one of ${[...this.context.kinds.keys()].join(", ")}`,
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

  /**
   * What the analysis reads: the synthesized Terraform of every stack of the topology, the
   * on-premises sites, and where each cluster is.
   *
   * @param model the synthesized Terraform (default: the stacks, resolved now)
   */
  public analysisInput(model: TerraformModel = TerraformModel.fromStacks(this.allStacks)): AnalysisInput {
    return analysisInputOf(this.context, model);
  }

  /**
   * Analyzes the topology as synthesized: address plan, reachability of every east-west gateway
   * and API server between every pair of clusters (both ways), single failures and SLA per link.
   *
   * @param model the synthesized Terraform (default: the stacks, resolved now)
   */
  public analyze(model?: TerraformModel): AnalysisResult {
    const input = this.analysisInput(model);
    this.lastModel = input.model;
    this.lastAnalysis = analyze(input);
    return this.lastAnalysis;
  }

  /** Where the reports of this topology go under an output directory: `<outdir>/hybrid-mesh/<name>`. */
  public reportDirectory(outdir: string): string {
    return reportDirectoryOf(outdir, this.topologyName);
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
    return writeReportFiles(
      directory,
      this.topologyName,
      result,
      (r) => this.diagram(r),
      this.checks,
      this.lastModel!, // set with lastAnalysis by analyze()
    );
  }

  /** What the diagram shows: sites, networks and ranges, clusters and gateways, links, mesh edges. */
  public diagramInput(analysis: AnalysisResult | undefined = this.lastAnalysis): DiagramInput {
    return diagramInputOf(this.context, analysis);
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
    return writeDiagramFiles(directory, this.diagram(this.lastAnalysis ?? this.analyze()));
  }
}
