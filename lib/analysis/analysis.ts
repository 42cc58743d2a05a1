import { findOverlaps } from "../core/net/allocation";
import { ClusterPlatform } from "../core/vocabulary";
import { Cidr } from "../core/net/ipv4";
import { AVOIDED_RANGES, RESERVED_RANGES, UNUSABLE_RANGES } from "../core/net/ranges";
import {
  AwsRouteTableModel,
  AwsSubnetModel,
  AwsVpcModel,
  DomainModel,
  GcpFirewallModel,
  GcpNetworkModel,
  LoadBalancerModel,
  NaclRuleModel,
  NetworkAclModel,
  NetworkModel,
  OnPremInput,
  OnPremNetworkModel,
  TunnelModel,
} from "./network-model";
import { TerraformModel } from "../core/terraform/model";
import { ClusterRole, FindingLevel, MeshModel, SlaTier } from "../core";

// ---------------------------------------------------------------------------------------------
// Input: what the topology tells the analysis (where each cluster is, by Terraform key); the
// rest is read from the synthesized Terraform.
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** Something the analysis found. */
export interface Finding {
  /** Error (fails synth) or warning. */
  readonly level: FindingLevel;
  /** Which check: "address-plan", "reachability", "single-failure" or "sla". */
  readonly check: string;
  /** What is concerned, e.g. "gke-cluster -> aws-cluster 15443 (east-west gateway)". */
  readonly subject: string;
  /** The hop or resource at fault. */
  readonly hop?: string;
  /** What is wrong. */
  readonly rule: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A range a site routes, or a cluster keeps inside. */
export interface PlannedRange {
  /** Site (or cluster, for internal ranges). */
  readonly site: string;
  /** What it is. */
  readonly name: string;
  /** The range. */
  readonly cidr: string;
  /** Whether it is routed between sites. */
  readonly routed: boolean;
}

/** Status of one path. */
export enum PathStatus {
  /** Reachable both ways. */
  REACHABLE = "reachable",
  /** Blocked at a hop. */
  BLOCKED = "blocked",
  /** Not checkable on the model (e.g. a public endpoint). */
  UNCHECKED = "unchecked",
}

/** One source range of one cluster reaching one service of another. */
export interface PathResult {
  /** Client cluster. */
  readonly from: string;
  /** Server cluster. */
  readonly to: string;
  /** Service: "east-west gateway", "API server", "istiod (via gateway)", "webhook (via gateway)". */
  readonly service: string;
  /** TCP port. */
  readonly port: number;
  /** The client range, e.g. "10.24.0.0/14 (gke-cluster pods)". */
  readonly source: string;
  /** Destination address or range. */
  readonly destination: string;
  /** Result. */
  readonly status: PathStatus;
  /** The hops, in order (forward, then "return:" hops). */
  readonly hops: string[];
  /** Where it is blocked. */
  readonly blockedAt?: string;
  /** Why. */
  readonly reason?: string;
  /** Fix. */
  readonly fix?: string;
  /** Single failures (tunnel, VPN interface, zone) that break it; empty when it survives each. */
  readonly brokenBy: string[];
}

/** A VPN link as deployed. */
export interface LinkResult {
  /** The VPN construct's path. */
  readonly link: string;
  /** The two ends. */
  readonly between: string;
  /** Tunnels. */
  readonly tunnels: number;
  /** Tunnels with an enabled BGP session. */
  readonly bgpSessions: number;
  /** HA VPN interfaces used (GCP side). */
  readonly gcpInterfaces: number[];
  /** Availability tier reached. */
  readonly sla: SlaTier;
}

/** The result of the analysis. */
export interface AnalysisResult {
  /** Every range, routed or internal. */
  readonly ranges: PlannedRange[];
  /** One row per cluster pair, service and source range. */
  readonly paths: PathResult[];
  /** The VPN links. */
  readonly links: LinkResult[];
  /** Every finding, errors first. */
  readonly findings: Finding[];
  /** Whether any finding is an error. */
  readonly ok: boolean;
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

interface Blocked {
  readonly hop: string;
  readonly reason: string;
  readonly fix: string;
}

/** A learned route: a prefix reachable over a tunnel. */
interface RouteEntry {
  readonly prefix: Cidr;
  readonly tunnel: TunnelModel;
  readonly via: string;
  /** Region of the Cloud Router that learned it (GCP dynamic routes). */
  readonly region?: string;
}

/**
 * Longest-prefix match over a set of prefixes, in a few set lookups: the networks of each prefix
 * length present, longest first. Lookup results are kept per route class (the matching prefix).
 */
class RouteIndex {
  private readonly lengths: number[];
  private readonly sizes: number[];
  private readonly networks = new Map<number, Set<number>>();
  /** Lookup results by route class (network * 64 + prefix length). */
  public readonly results = new Map<number, Lookup>();

  constructor(prefixes: Cidr[]) {
    for (const p of prefixes) {
      let set = this.networks.get(p.prefixLength);
      if (!set) this.networks.set(p.prefixLength, (set = new Set()));
      set.add(p.network);
    }
    this.lengths = [...this.networks.keys()].sort((a, b) => b - a);
    this.sizes = this.lengths.map((l) => 2 ** (32 - l));
  }

  /** The route class of dst: the longest prefix containing it, as a number; undefined if none. */
  public classOf(dst: Cidr): number | undefined {
    for (let i = 0; i < this.lengths.length; i++) {
      const length = this.lengths[i];
      if (length > dst.prefixLength) continue;
      const size = this.sizes[i];
      const network = Math.floor(dst.network / size) * size;
      if (this.networks.get(length)!.has(network)) return network * 64 + length;
    }
    return undefined;
  }
}

/** A route of an AWS route table, static or propagated. */
interface TableRoute {
  readonly prefix: Cidr;
  readonly target: "vgw" | "tgw" | "internet" | "nat" | "other";
  readonly key?: string;
  readonly via: string;
  /** For a propagated route, the tunnel that carries it. */
  readonly tunnel?: TunnelModel;
}

/** The outcome of one source reaching one target. */
type PathAttempt = Attempt;

/** A crossing, its hop in words and the context after it (made once per lookup). */
interface CrossingInfo {
  readonly crossing: Crossing;
  readonly hop: string;
  readonly context: Context;
}

/** A cross lookup with its crossing attached once computed. */
type CrossLookup = Extract<Lookup, { kind: "cross" }> & { crossing?: CrossingInfo };

/** A node of the trie of walks, keyed by their lookups. */
interface WalkNode {
  readonly next: Map<Lookup, WalkNode>;
  result?: WalkResult;
}

type WalkResult =
  { ok: true; hops: string[]; crossings: Crossing[] } | { ok: false; hops: string[]; blocked: Blocked };

interface Crossing {
  readonly tunnels: TunnelModel[];
}

type Lookup =
  | { readonly kind: "local"; readonly hop: string }
  | {
      readonly kind: "cross";
      readonly hop: string;
      readonly tunnels: TunnelModel[];
      readonly next: DomainModel;
    }
  | { readonly kind: "blocked"; readonly blocked: Blocked };

interface Context {
  /** AWS: the subnets whose route tables apply. */
  readonly subnets?: AwsSubnetModel[];
  /** GCP: the region the traffic enters the VPC in. */
  readonly region?: string;
  /** The tunnels the traffic arrived through (transit). */
  readonly arrivedVia?: TunnelModel[];
}

interface Source {
  readonly cluster: string;
  readonly label: string;
  /** The ranges: several when they behave alike (the node subnets of a VPC's zones). */
  readonly cidrs: Cidr[];
  readonly domain: DomainModel;
  readonly context: Context;
  /** Egress filter at the source. */
  readonly egress: (dst: Cidr, port: number) => Blocked | undefined;
  /** Extra hops before the source's own network (e.g. GKE control plane -> VPC peering). */
  readonly prelude?: () => Blocked | undefined;
}

interface Target {
  readonly address: Cidr;
  readonly label: string;
  readonly zone?: string;
  readonly domain: DomainModel;
  /** Route context of the answer. */
  readonly returnContext: Context;
  /** Filters at the destination, for a source range. */
  readonly admit: (src: Cidr) => Blocked | undefined;
  /** Extra return-path check (e.g. the GKE control plane's peering). */
  readonly returnPrelude?: (src: Cidr) => Blocked | undefined;
}

interface Endpoint {
  readonly cluster: string;
  readonly service: string;
  readonly port: number;
  /** Alternatives (e.g. a load balancer's address per zone); reachable if any is. */
  readonly targets: Target[];
  /** Zone the whole endpoint depends on (a zonal cluster). */
  readonly zone?: string;
  /** Why it cannot be checked, if so. */
  readonly unchecked?: string;
}

/**
 * The ports a Linux client's answers come back to (net.ipv4.ip_local_port_range's default): a
 * stateless network ACL must let them through on the way back. Every mesh client here (a node,
 * a pod, istiod) runs on Linux.
 */
export const EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

/** Part of the traffic a network ACL rule has not decided yet: addresses by ports. */
interface NaclBox {
  readonly cidr: Cidr;
  readonly lo: number;
  readonly hi: number;
}

/** `box` without the addresses of `cidr` on ports lo..hi (the two overlap). */
function naclRemainder(box: NaclBox, cidr: Cidr, lo: number, hi: number): NaclBox[] {
  const out: NaclBox[] = [];
  const inter = box.cidr.contains(cidr) ? cidr : box.cidr;
  if (box.lo < lo) out.push({ cidr: inter, lo: box.lo, hi: lo - 1 });
  if (box.hi > hi) out.push({ cidr: inter, lo: hi + 1, hi: box.hi });
  // The box's other addresses: the sibling halves on the way down to `cidr`.
  let c = box.cidr;
  while (c.prefixLength < cidr.prefixLength) {
    const half = Cidr.fromNumber(c.network, c.prefixLength + 1);
    const other = Cidr.fromNumber(c.network + half.size, c.prefixLength + 1);
    const [keep, next] = half.contains(cidr) ? [other, half] : [half, other];
    out.push({ cidr: keep, lo: box.lo, hi: box.hi });
    c = next;
  }
  return out;
}

/**
 * How a network ACL's rules (sorted by number, first match wins, a final deny) treat tcp traffic
 * with every address of `peer` and every port of lo..hi: allowed only if allow rules decide all of
 * it before any deny rule matches part of it. Returns undefined when allowed, else the deny rule
 * (or null for the final implicit deny).
 */
export function naclDenies(
  rules: readonly NaclRuleModel[],
  peer: Cidr,
  lo: number,
  hi: number,
): NaclRuleModel | null | undefined {
  let open: NaclBox[] = [{ cidr: peer, lo, hi }];
  for (const r of rules) {
    const p = r.protocol.toLowerCase();
    const every = p === "-1" || p === "all";
    if (!every && p !== "tcp" && p !== "6") continue;
    const rlo = every ? 0 : (r.fromPort ?? 0);
    const rhi = every ? 65535 : (r.toPort ?? 65535);
    const next: NaclBox[] = [];
    for (const b of open) {
      if (rhi < b.lo || rlo > b.hi || !r.cidr.overlaps(b.cidr)) {
        next.push(b);
        continue;
      }
      if (!r.allow) return r;
      next.push(...naclRemainder(b, r.cidr, Math.max(rlo, b.lo), Math.min(rhi, b.hi)));
    }
    open = next;
    if (open.length === 0) return undefined;
  }
  return null;
}

function portMatches(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  port: number,
): boolean {
  const p = protocol.toLowerCase();
  if (p === "-1" || p === "all") return true;
  if (p !== "tcp" && p !== "6") return false;
  if (from === undefined && to === undefined) return true;
  return (from ?? 0) <= port && port <= (to ?? 65535);
}

function gcpPortMatches(rules: GcpFirewallModel["rules"], port: number): boolean {
  return rules.some((r) => {
    const p = r.protocol.toLowerCase();
    if (p !== "all" && p !== "tcp" && p !== "6") return false;
    if (!r.ports || r.ports.length === 0) return true;
    return r.ports.some((spec) => {
      const [a, b] = spec.split("-").map(Number);
      return b === undefined ? a === port : a <= port && port <= b;
    });
  });
}

/** Runs the analysis on a network model. */
export class Analysis {
  private readonly net: NetworkModel;
  private readonly labels = new Map<string, string>();
  private readonly clusters: ClusterInput[];
  private readonly meshModel: MeshModel;
  private readonly options: Required<AnalysisOptions>;
  private readonly deployer?: DeployerInput;
  // Route tables, built once: what each gateway, network and site learns, and over which tunnel.
  private readonly advertisedCache = new Map<TunnelModel, Cidr[]>();
  private readonly learnedCache = new Map<TunnelModel, Cidr[]>();
  private gatewayIndex?: Map<string, RouteEntry[]>;
  private readonly networkIndex = new Map<GcpNetworkModel, RouteEntry[]>();
  private readonly siteIndex = new Map<OnPremNetworkModel, RouteEntry[]>();
  private vpcOfVgw?: Map<string, AwsVpcModel>;
  private readonly sourceCache = new Map<string, Source[] | Blocked>();
  private readonly routeIndexes = new Map<DomainModel, Map<string, RouteIndex>>();
  private readonly canonical = new Map<AwsRouteTableModel, AwsRouteTableModel>();
  private readonly tablesBySignature = new Map<string, AwsRouteTableModel>();
  private readonly tableGroups = new Map<AwsRouteTableModel, AwsRouteTableModel[]>();
  private readonly returnHops = new Map<string, string>();
  private readonly walkTrie: WalkNode = { next: new Map() };
  private readonly indexByContext = new WeakMap<Context, { domain: DomainModel; index: RouteIndex }>();
  private readonly tableIndex = new Map<AwsRouteTableModel, TableRoute[]>();
  private readonly breakerCache = new WeakMap<TunnelModel[], string[]>();
  private readonly labelCache = new Map<DomainModel, string>();
  private readonly contextKeys = new WeakMap<Context, string>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  /** A short id per model object, for cache keys. */
  private idOf(o: object | undefined): number {
    if (!o) return 0;
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  private contextKey(ctx: Context): string {
    let key = this.contextKeys.get(ctx);
    if (key === undefined) this.contextKeys.set(ctx, (key = this.computeContextKey(ctx)));
    return key;
  }

  private computeContextKey(ctx: Context): string {
    const tables = [...new Set((ctx.subnets ?? []).map((s) => this.idOf(this.canonicalTable(s.routeTable))))];
    return `${ctx.region ?? ""}|${tables.join(",")}|${(ctx.arrivedVia ?? []).map((t) => this.idOf(t)).join(",")}`;
  }

  /**
   * Route tables with the same routes behave the same (the private subnets of a VPC, one per
   * zone): one stands for all, so that their lookups and walks are shared.
   */
  private canonicalTable(table: AwsRouteTableModel | undefined): AwsRouteTableModel | undefined {
    if (!table) return undefined;
    let rep = this.canonical.get(table);
    if (!rep) {
      const signature = [
        // NAT and internet gateways differ per zone but route nothing across the VPN.
        ...table.routes.map(
          (r) =>
            `${r.dest}>${r.target.kind}:${r.target.kind === "vgw" || r.target.kind === "tgw" ? r.target.key : ""}`,
        ),
        ...table.propagations.map((p) => `propagated:${p}`),
      ]
        .sort()
        .join("|");
      rep = this.tablesBySignature.get(signature);
      if (!rep) this.tablesBySignature.set(signature, (rep = table));
      this.canonical.set(table, rep);
      const group = this.tableGroups.get(rep) ?? [];
      group.push(table);
      this.tableGroups.set(rep, group);
    }
    return rep;
  }

  /** How a (canonical) route table is named in a hop: with the identical ones it stands for. */
  private tableLabel(table: AwsRouteTableModel): string {
    const group = this.tableGroups.get(table) ?? [table];
    return group.length > 1
      ? `route tables ${group.map((t) => t.element.path).join(", ")} (identical routes)`
      : `route table ${table.element.path}`;
  }
  private readonly endpointCache = new Map<string, Endpoint>();

  constructor(input: AnalysisInput) {
    this.net = new NetworkModel(input.model, input.onPrem ?? []);
    for (const [key, site] of Object.entries(input.siteOfNetwork ?? {})) {
      this.labels.set(`aws:${key}`, site);
      this.labels.set(`gcp:${key}`, site);
    }
    this.clusters = input.clusters;
    this.meshModel = input.meshModel ?? MeshModel.MULTI_PRIMARY;
    this.deployer = input.deployer;
    this.options = {
      singleFailures: input.options?.singleFailures ?? FindingLevel.ERROR,
      unchecked: input.options?.unchecked ?? FindingLevel.WARNING,
    };
  }

  /** The network model read from the Terraform. */
  public get network(): NetworkModel {
    return this.net;
  }

  /** Runs every check. */
  public run(): AnalysisResult {
    const findings: Finding[] = [];
    const ranges = this.addressPlan(findings);
    const links = this.links(findings);
    const paths = [...this.reachability(findings), ...this.deployerPaths(findings)];
    findings.sort((a, b) => (a.level === b.level ? 0 : a.level === FindingLevel.ERROR ? -1 : 1));
    return { ranges, paths, links, findings, ok: !findings.some((f) => f.level === FindingLevel.ERROR) };
  }

  // ----- labels -------------------------------------------------------------------------------

  private domainLabel(d: DomainModel | undefined): string {
    if (!d) return "an unknown network";
    let label = this.labelCache.get(d);
    if (label === undefined) this.labelCache.set(d, (label = this.computeDomainLabel(d)));
    return label;
  }

  private computeDomainLabel(d: DomainModel): string {
    const site = this.labels.get(d.id);
    if (d.kind === "aws") return `${site ? `${site}: ` : ""}VPC ${d.element.path}`;
    if (d.kind === "gcp") return `${site ? `${site}: ` : ""}VPC network ${d.name}`;
    return `${d.name} (on premises)`;
  }

  private siteOf(d: DomainModel): string {
    return (
      this.labels.get(d.id) ?? (d.kind === "onprem" ? d.name : d.kind === "aws" ? d.element.path : d.name)
    );
  }

  // ----- address plan -------------------------------------------------------------------------

  private routedRanges(d: DomainModel): { name: string; cidr: Cidr }[] {
    if (d.kind === "aws") return d.cidrs.map((c) => ({ name: "VPC", cidr: c }));
    if (d.kind === "onprem") return d.ranges.map((c) => ({ name: "LAN", cidr: c }));
    const out: { name: string; cidr: Cidr }[] = [];
    for (const s of d.subnets) {
      if (s.cidr) out.push({ name: `subnet ${s.name}`, cidr: s.cidr });
      for (const [name, c] of Object.entries(s.secondary))
        out.push({ name: `secondary range ${name}`, cidr: c });
    }
    for (const c of d.clusters)
      if (c.controlPlaneCidr) out.push({ name: `control plane of ${c.name}`, cidr: c.controlPlaneCidr });
    return out;
  }

  private addressPlan(findings: Finding[]): PlannedRange[] {
    const result: PlannedRange[] = [];
    const blocks: { name: string; cidr: Cidr; domain: string }[] = [];
    const domains = [...this.net.domains.values()].sort((a, b) => a.id.localeCompare(b.id));
    for (const d of domains) {
      for (const r of this.routedRanges(d)) {
        const site = this.siteOf(d);
        result.push({ site, name: r.name, cidr: r.cidr.toString(), routed: true });
        blocks.push({ name: `${site} ${r.name}`, cidr: r.cidr, domain: d.id });
      }
    }
    const internal: { name: string; cidr: Cidr; cluster: string }[] = [];
    for (const c of this.clusters) {
      if (c.platform !== ClusterPlatform.AWS) continue;
      for (const r of c.internalRanges ?? []) {
        if (!Cidr.isCidr(r)) continue;
        result.push({ site: c.name, name: "cluster-internal range", cidr: r, routed: false });
        internal.push({ name: `${c.name} cluster-internal range`, cidr: Cidr.parse(r), cluster: c.name });
      }
    }
    // Routed ranges of different sites must be disjoint.
    for (const o of findOverlaps(blocks.map((b, i) => ({ name: String(i), cidr: b.cidr })))) {
      const a = blocks[Number(o.a.name)];
      const b = blocks[Number(o.b.name)];
      if (a.domain === b.domain) continue;
      findings.push({
        level: FindingLevel.ERROR,
        check: "address-plan",
        subject: `${a.name} ${a.cidr} / ${b.name} ${b.cidr}`,
        hop: `${a.name} and ${b.name}`,
        rule: `routed ranges of two sites overlap (${a.cidr} and ${b.cidr}): traffic for the shared addresses cannot be routed to both`,
        fix: "renumber one of them (give the site another range, or let the address plan allocate it)",
      });
    }
    // Nothing in a special-purpose range (link-local, loopback, multicast, Docker's bridge...).
    const reserved = [...UNUSABLE_RANGES, ...AVOIDED_RANGES].map((r) => ({
      ...r,
      block: Cidr.parse(r.cidr),
    }));
    for (const b of [...blocks, ...internal]) {
      const hit = reserved.find((r) => r.block.overlaps(b.cidr));
      if (hit) {
        findings.push({
          level: FindingLevel.ERROR,
          check: "address-plan",
          subject: `${b.name} ${b.cidr}`,
          hop: b.name,
          rule: `${b.cidr} overlaps ${hit.cidr} (${hit.purpose})`,
          fix: `use a range outside ${RESERVED_RANGES.join(", ")}`,
        });
      }
    }
    // Cluster-internal ranges must not hide a routed range.
    for (const i of internal) {
      const hit = blocks.find((b) => b.cidr.overlaps(i.cidr));
      if (hit) {
        findings.push({
          level: FindingLevel.ERROR,
          check: "address-plan",
          subject: `${i.name} ${i.cidr}`,
          hop: i.name,
          rule: `the cluster-internal range ${i.cidr} overlaps ${hit.name} ${hit.cidr}: the cluster would keep that traffic inside instead of routing it`,
          fix: "give the cluster pod and service ranges that overlap no routed range",
        });
      }
    }
    return result;
  }

  // ----- links ------------------------------------------------------------------------------

  private links(findings: Finding[]): LinkResult[] {
    const byLink = new Map<string, TunnelModel[]>();
    for (const t of this.net.tunnels) byLink.set(t.link, [...(byLink.get(t.link) ?? []), t]);
    const result: LinkResult[] = [];
    for (const [link, tunnels] of [...byLink.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const ha = tunnels.every((t) => t.gateway.kind === "ha");
      const interfaces = [...new Set(tunnels.map((t) => t.gateway.interface ?? 0))].sort();
      const bgp = tunnels.filter((t) => t.bgp?.enabled).length;
      const sla =
        ha && interfaces.includes(0) && interfaces.includes(1) && bgp === tunnels.length
          ? SlaTier.HA_9999
          : SlaTier.SINGLE_999;
      const ends = [
        this.siteOf(tunnels[0].network ?? ({ kind: "onprem", id: "?", name: "?" } as unknown as DomainModel)),
        tunnels[0].peerDomain ? this.siteOf(tunnels[0].peerDomain) : "an unknown peer",
      ];
      result.push({
        link,
        between: ends.join(" <-> "),
        tunnels: tunnels.length,
        bgpSessions: bgp,
        gcpInterfaces: ha ? interfaces : [],
        sla,
      });
      if (sla !== SlaTier.HA_9999 && this.options.singleFailures !== "off") {
        findings.push({
          level: this.options.singleFailures,
          check: "sla",
          subject: `link ${ends.join(" <-> ")}`,
          hop: link,
          rule: ha
            ? `the link reaches ${sla} only: its ${tunnels.length} tunnel(s) use HA VPN interface ${interfaces.join(", ")} only${bgp < tunnels.length ? ", some without BGP" : ""}`
            : `the link reaches ${sla} only: Classic VPN, one gateway, static routes`,
          fix: ha
            ? "use 4 tunnels (both HA VPN interfaces) with BGP on each"
            : "use HA VPN with BGP (give the site's VPN device an ASN and two addresses)",
        });
      }
    }
    return result;
  }

  // ----- route lookups ------------------------------------------------------------------------

  /** What GCP advertises over a tunnel's BGP session. */
  private advertised(t: TunnelModel): Cidr[] {
    let cached = this.advertisedCache.get(t);
    if (!cached) this.advertisedCache.set(t, (cached = this.computeAdvertised(t)));
    return cached;
  }

  private computeAdvertised(t: TunnelModel): Cidr[] {
    if (!t.bgp?.enabled || !t.network) return [];
    const adv = t.bgp.advertisement ?? t.bgp.router?.advertisement;
    if (!adv) return [];
    const out: Cidr[] = [];
    if (adv.mode === "DEFAULT" || adv.groups.includes("ALL_SUBNETS")) {
      const region = t.bgp.router?.region ?? t.region;
      for (const s of t.network.subnets) {
        if (t.network.routingMode === "REGIONAL" && region && s.region && s.region !== region) continue;
        if (s.cidr) out.push(s.cidr);
        out.push(...Object.values(s.secondary));
      }
    }
    if (adv.mode === "CUSTOM") out.push(...adv.ranges);
    return out;
  }

  /** What GCP learns over a tunnel's BGP session. */
  private learned(t: TunnelModel): Cidr[] {
    let cached = this.learnedCache.get(t);
    if (!cached) this.learnedCache.set(t, (cached = this.computeLearned(t)));
    return cached;
  }

  private computeLearned(t: TunnelModel): Cidr[] {
    if (!t.bgp?.enabled || !t.peer) return [];
    if (t.peer.kind === "onprem") {
      const d = this.net.domains.get(`onprem:${t.peer.site}`) as OnPremNetworkModel | undefined;
      return d?.ranges ?? [];
    }
    const conn = t.peer.connection;
    if (!conn || conn.staticRoutesOnly || !conn.gateway) return [];
    if (conn.gateway.kind === "vgw") {
      if (!this.vpcOfVgw) {
        this.vpcOfVgw = new Map();
        for (const d of this.net.domains.values())
          if (d.kind === "aws") d.vgws.forEach((v) => this.vpcOfVgw!.set(v, d));
      }
      return this.vpcOfVgw.get(conn.gateway.key)?.cidrs ?? [];
    }
    const vpcs = this.net.transitGateways.get(conn.gateway.key)?.vpcs ?? [];
    return vpcs.flatMap((id) => (this.net.domains.get(id) as AwsVpcModel | undefined)?.cidrs ?? []);
  }

  /** The entries whose prefix contains `dst` with the longest prefix (longest-prefix match), in one pass. */
  private longest<T extends { prefix: Cidr }>(
    entries: readonly T[],
    dst: Cidr,
    accept?: (e: T) => boolean,
  ): T[] {
    let length = -1;
    let out: T[] = [];
    for (const e of entries) {
      if (!e.prefix.contains(dst) || (accept && !accept(e))) continue;
      const l = e.prefix.prefixLength;
      if (l > length) {
        length = l;
        out = [e];
      } else if (l === length) out.push(e);
    }
    return out;
  }

  private lookup(d: DomainModel, dst: Cidr, ctx: Context): Lookup {
    // Many paths share a lookup (every source range of a site towards one gateway): memoized on
    // what the result depends on.
    // A lookup depends on dst only through the route entries containing it, which (CIDRs nest)
    // the longest of them determines: its route class. Blocked results name dst: not shared.
    const index = this.routeIndex(d, ctx);
    const routeClass = index.classOf(dst);
    let result = routeClass === undefined ? undefined : index.results.get(routeClass);
    if (!result) {
      result =
        d.kind === "aws"
          ? this.lookupAws(d, dst, ctx)
          : d.kind === "gcp"
            ? this.lookupGcp(d, dst, ctx)
            : this.lookupOnPrem(d, dst);
      if (routeClass !== undefined && result.kind !== "blocked") index.results.set(routeClass, result);
    }
    return result;
  }

  /** The prefixes a domain routes on (local ranges and routes, for a context), indexed by length. */
  private routeIndex(d: DomainModel, ctx: Context): RouteIndex {
    // Fast path: the index found for this context object and domain last time.
    const known = this.indexByContext.get(ctx);
    if (known && known.domain === d) return known.index;
    const index = this.findRouteIndex(d, ctx);
    this.indexByContext.set(ctx, { domain: d, index });
    return index;
  }

  private findRouteIndex(d: DomainModel, ctx: Context): RouteIndex {
    let byContext = this.routeIndexes.get(d);
    if (!byContext) this.routeIndexes.set(d, (byContext = new Map()));
    const ctxKey = this.contextKey(ctx);
    let index = byContext.get(ctxKey);
    if (!index) {
      const prefixes: (Cidr | undefined)[] = [];
      if (d.kind === "aws") {
        prefixes.push(...d.cidrs);
        for (const s of ctx.subnets ?? []) {
          const table = this.canonicalTable(s.routeTable);
          if (table) for (const r of this.tableRoutes(table, d)) prefixes.push(r.prefix);
        }
      } else if (d.kind === "gcp") {
        for (const s of d.subnets) prefixes.push(s.cidr, ...Object.values(s.secondary));
        for (const c of d.clusters) prefixes.push(c.controlPlaneCidr);
        for (const r of this.networkRoutes(d)) prefixes.push(r.prefix);
      } else {
        prefixes.push(...d.ranges);
        for (const r of this.siteRoutes(d)) prefixes.push(r.prefix);
      }
      index = new RouteIndex(prefixes.filter((p): p is Cidr => p !== undefined));
      byContext.set(ctxKey, index);
    }
    return index;
  }

  private lookupAws(vpc: AwsVpcModel, dst: Cidr, ctx: Context): Lookup {
    const local = vpc.cidrs.find((c) => c.contains(dst));
    if (local) return { kind: "local", hop: `${this.domainLabel(vpc)} (local ${local})` };
    if (ctx.arrivedVia) {
      return {
        kind: "blocked",
        blocked: {
          hop: this.domainLabel(vpc),
          reason: `traffic for ${dst} arrives over the VPN but an AWS VPC does not forward between VPN connections (no transitive routing)`,
          fix: "route between the sites through GCP (advertise the ranges from the Cloud Routers)",
        },
      };
    }
    const subnets = ctx.subnets ?? [];
    const tables = [...new Set(subnets.map((s) => this.canonicalTable(s.routeTable)))];
    if (tables.length === 0 || tables.includes(undefined)) {
      const s = subnets.find((x) => !x.routeTable);
      return {
        kind: "blocked",
        blocked: {
          hop: s ? `subnet ${s.element.path}` : this.domainLabel(vpc),
          reason: s ? "the subnet has no route table" : "no subnet of the source is known",
          fix: "associate the subnet with a route table",
        },
      };
    }
    let tunnels: TunnelModel[] | undefined;
    const hops: string[] = [];
    for (const table of tables as NonNullable<AwsSubnetModel["routeTable"]>[]) {
      const best = this.longest(this.tableRoutes(table, vpc), dst);
      const tableLabel = this.tableLabel(table);
      if (best.length === 0) {
        return {
          kind: "blocked",
          blocked: {
            hop: tableLabel,
            reason: `no route to ${dst}: no static route, and no route propagated from a VPN gateway covers it`,
            fix: "propagate the VPN gateway's routes into the route table (and make the Cloud Router advertise the range)",
          },
        };
      }
      const top = best[0];
      if (top.target === "internet" || top.target === "nat" || top.target === "other") {
        return {
          kind: "blocked",
          blocked: {
            hop: tableLabel,
            reason: `the route for ${dst} is ${top.prefix} via ${top.target === "other" ? "a target that is not a VPN" : `the ${top.target === "nat" ? "NAT gateway" : "internet gateway"}`}, not the VPN`,
            fix: `make the VPN advertise ${dst} (BGP) or add a route to the VPN gateway`,
          },
        };
      }
      const propagated = best.filter((b) => b.tunnel).map((b) => b.tunnel!);
      const found = propagated.length
        ? propagated
        : top.target === "vgw"
          ? this.vgwTunnels(top.key!, dst)
          : this.tgwTunnels(top.key!, dst);
      if (found.length === 0) {
        return {
          kind: "blocked",
          blocked: {
            hop: `${top.target === "vgw" ? "VPN gateway" : "transit gateway"} ${this.net.tf.get(top.key!)?.path ?? top.key}`,
            reason: `no VPN tunnel of the gateway carries a route to ${dst}`,
            fix: "advertise the range over BGP from the Cloud Router, or add a static route to the VPN connection",
          },
        };
      }
      tunnels = [...new Set([...(tunnels ?? []), ...found])];
      hops.push(
        `${tableLabel}: ${top.prefix} -> ${top.target === "vgw" ? "VPN gateway" : "transit gateway"}${top.via === "propagated" ? " (BGP, propagated)" : ""}`,
      );
    }
    const next = tunnels![0].network;
    if (!next) {
      return {
        kind: "blocked",
        blocked: {
          hop: tunnels![0].label,
          reason: "the tunnel's GCP network is unknown",
          fix: "check the tunnel",
        },
      };
    }
    return { kind: "cross", hop: [...new Set(hops)].join("; "), tunnels: tunnels!, next };
  }

  /** The routes of an AWS route table: its static routes and those propagated from its VPC's gateways. */
  private tableRoutes(table: AwsRouteTableModel, vpc: AwsVpcModel): TableRoute[] {
    let list = this.tableIndex.get(table);
    if (list) return list;
    list = table.routes.map((r) => ({
      prefix: r.dest,
      target: r.target.kind,
      key: r.target.key,
      via: r.element.path,
    }));
    for (const vgw of table.propagations) {
      if (!vpc.vgws.includes(vgw)) continue;
      for (const e of this.gatewayRoutes(vgw))
        list.push({ prefix: e.prefix, target: "vgw", key: vgw, via: "propagated", tunnel: e.tunnel });
    }
    this.tableIndex.set(table, list);
    return list;
  }

  /** What every AWS VPN gateway (virtual private or transit) learns, by gateway key. */
  private gatewayRoutes(gateway: string): RouteEntry[] {
    if (!this.gatewayIndex) {
      this.gatewayIndex = new Map();
      for (const t of this.net.tunnels) {
        const conn = t.peer?.connection;
        if (!conn?.gateway) continue;
        const list = this.gatewayIndex.get(conn.gateway.key) ?? [];
        const prefixes = conn.staticRoutesOnly ? conn.staticRoutes : this.advertised(t);
        for (const prefix of prefixes)
          list.push({ prefix, tunnel: t, via: conn.staticRoutesOnly ? "static" : "BGP" });
        this.gatewayIndex.set(conn.gateway.key, list);
      }
    }
    return this.gatewayIndex.get(gateway) ?? [];
  }

  private vgwTunnels(gateway: string, dst: Cidr): TunnelModel[] {
    return this.longest(this.gatewayRoutes(gateway), dst).map((c) => c.tunnel);
  }

  private tgwTunnels(tgw: string, dst: Cidr): TunnelModel[] {
    return this.vgwTunnels(tgw, dst);
  }

  /** The static and BGP-learned routes of a GCP network. */
  private networkRoutes(net: GcpNetworkModel): RouteEntry[] {
    let list = this.networkIndex.get(net);
    if (list) return list;
    list = [];
    const tunnelsByKey = new Map(this.net.tunnels.map((t) => [t.element.key, t]));
    for (const r of net.staticRoutes) {
      const t = r.tags.length || !r.tunnel ? undefined : tunnelsByKey.get(r.tunnel);
      if (t) list.push({ prefix: r.dest, tunnel: t, via: `static route ${r.element.path}` });
    }
    for (const t of this.net.tunnels) {
      if (t.network !== net || !t.bgp?.enabled) continue;
      const via = `BGP route learned by ${t.bgp.router?.name ?? "the Cloud Router"}`;
      const region = t.bgp.router?.region ?? t.region;
      for (const prefix of this.learned(t)) list.push({ prefix, tunnel: t, via, region });
    }
    this.networkIndex.set(net, list);
    return list;
  }

  /** What an on-premises site routes into its tunnels: the Cloud Router's advertisements, or its peer sheet. */
  private siteRoutes(site: OnPremNetworkModel): RouteEntry[] {
    let list = this.siteIndex.get(site);
    if (list) return list;
    list = [];
    for (const t of this.net.tunnels) {
      if (t.peer?.kind !== "onprem" || t.peer.site !== site.name) continue;
      if (t.bgp) {
        if (t.bgp.enabled)
          for (const prefix of this.advertised(t)) list.push({ prefix, tunnel: t, via: "BGP" });
      } else {
        for (const prefix of site.staticRoutes)
          list.push({ prefix, tunnel: t, via: "static route (peer sheet)" });
      }
    }
    this.siteIndex.set(site, list);
    return list;
  }

  private lookupGcp(net: GcpNetworkModel, dst: Cidr, ctx: Context): Lookup {
    for (const s of net.subnets) {
      if (s.cidr?.contains(dst))
        return { kind: "local", hop: `${this.domainLabel(net)}, subnet ${s.name} (${s.cidr})` };
      for (const [name, c] of Object.entries(s.secondary))
        if (c.contains(dst)) return { kind: "local", hop: `${this.domainLabel(net)}, range ${name} (${c})` };
    }
    for (const c of net.clusters)
      if (c.controlPlaneCidr?.contains(dst))
        return {
          kind: "local",
          hop: `${this.domainLabel(net)}, control plane of ${c.name} (${c.controlPlaneCidr}, VPC peering)`,
        };
    const region = ctx.region ?? ctx.arrivedVia?.[0]?.region;
    // Dynamic routes of a regional network apply in the learning router's region only.
    // Do not send traffic back into the tunnels it came from.
    const came = new Set((ctx.arrivedVia ?? []).map((t) => t.link));
    const best = this.longest(
      this.networkRoutes(net),
      dst,
      (e) =>
        !(net.routingMode === "REGIONAL" && region && e.region && e.region !== region) &&
        !came.has(e.tunnel.link),
    );
    if (best.length === 0) {
      return {
        kind: "blocked",
        blocked: {
          hop: `${this.domainLabel(net)} routes`,
          reason: `no route to ${dst}: no subnet, static route or BGP-learned route covers it${region ? ` in ${region}` : ""}`,
          fix: "make the peer advertise the range over BGP, or add a static route to the tunnel (Classic VPN)",
        },
      };
    }
    const next = best[0].tunnel.peerDomain;
    if (!next) {
      return {
        kind: "blocked",
        blocked: {
          hop: best[0].tunnel.label,
          reason: "the tunnel's peer network is unknown",
          fix: "check the tunnel's peer gateway",
        },
      };
    }
    return {
      kind: "cross",
      hop: `${this.domainLabel(net)}: ${best[0].prefix} via ${[...new Set(best.map((b) => b.via))].join(", ")} (${best.length} tunnel${best.length > 1 ? "s" : ""})`,
      tunnels: [...new Set(best.map((b) => b.tunnel))],
      next,
    };
  }

  private lookupOnPrem(site: OnPremNetworkModel, dst: Cidr): Lookup {
    const local = site.ranges.find((r) => r.contains(dst));
    if (local) return { kind: "local", hop: `${this.domainLabel(site)} (${local})` };
    const best = this.longest(this.siteRoutes(site), dst);
    if (best.length === 0) {
      return {
        kind: "blocked",
        blocked: {
          hop: `${this.domainLabel(site)} VPN device`,
          reason: `no route to ${dst} into the VPN: the Cloud Router does not advertise it and the peer sheet does not list it`,
          fix: "advertise the range from the Cloud Router (HA VPN) or add it to the link's GCP ranges (Classic VPN peer sheet)",
        },
      };
    }
    return {
      kind: "cross",
      hop: `${this.domainLabel(site)}: ${best[0].prefix} via ${best[0].via}`,
      tunnels: [...new Set(best.map((b) => b.tunnel))],
      next: best[0].tunnel.network!,
    };
  }

  /** Walks from a domain to the domain holding `dst`. */
  private walk(start: DomainModel, ctx: Context, dst: Cidr, end: DomainModel): WalkResult {
    return this.computeWalk(start, ctx, dst, end);
  }

  private crossingOf(l: Extract<Lookup, { kind: "cross" }>): CrossingInfo {
    const info: CrossingInfo = {
      crossing: { tunnels: l.tunnels },
      hop: `${l.tunnels.length} tunnel${l.tunnels.length > 1 ? "s" : ""} (${l.tunnels.map((t) => t.name).join(", ")})`,
      context: { arrivedVia: l.tunnels, region: l.tunnels[0].region },
    };
    (l as CrossLookup).crossing = info;
    return info;
  }

  private computeWalk(start: DomainModel, ctx: Context, dst: Cidr, end: DomainModel): WalkResult {
    // The lookups are shared (per route class); so is the walk made of the same lookups.
    const steps: Lookup[] = [];
    const seen: DomainModel[] = [];
    let d = start;
    let c = ctx;
    for (let i = 0; i < 6; i++) {
      if (seen.includes(d)) break;
      seen.push(d);
      const l = this.lookup(d, dst, c);
      steps.push(l);
      if (l.kind === "blocked") return this.walkResult(steps, dst, d, end, l.blocked);
      if (l.kind === "local") return this.walkResult(steps, dst, d, end);
      const cross = (l as CrossLookup).crossing ?? this.crossingOf(l);
      c = cross.context;
      d = l.next;
    }
    return this.walkResult(steps, dst, d, end, {
      hop: this.domainLabel(d),
      reason: `routing for ${dst} loops or exceeds 6 networks`,
      fix: "check the advertised ranges",
    });
  }

  /** The walk made of these lookups: shared when it reached its end, made for this dst otherwise. */
  private walkResult(
    steps: Lookup[],
    dst: Cidr,
    last: DomainModel,
    end: DomainModel,
    blocked?: Blocked,
  ): WalkResult {
    const reached = !blocked && last === end;
    // Walks made of the same lookups are the same walk: kept in a trie keyed by the lookups.
    let node: WalkNode | undefined;
    if (reached) {
      let at: WalkNode = this.walkTrie;
      for (const l of steps) {
        let next: WalkNode | undefined = at.next.get(l);
        if (!next) at.next.set(l, (next = { next: new Map() }));
        at = next;
      }
      if (at.result) return at.result;
      node = at;
    }
    const hops: string[] = [];
    const crossings: Crossing[] = [];
    for (const l of steps) {
      if (l.kind === "blocked") break;
      hops.push(l.hop);
      if (l.kind === "cross") {
        const cross = (l as CrossLookup).crossing ?? this.crossingOf(l);
        crossings.push(cross.crossing);
        hops.push(cross.hop);
      }
    }
    let result: WalkResult;
    if (blocked) result = { ok: false, hops, blocked };
    else if (last !== end)
      result = {
        ok: false,
        hops,
        blocked: {
          hop: this.domainLabel(last),
          reason: `${dst} is inside ${this.domainLabel(last)} too: the ranges overlap`,
          fix: "renumber one of the sites",
        },
      };
    else result = { ok: true, hops, crossings };
    if (node) node.result = result;
    return result;
  }

  // ----- filters ------------------------------------------------------------------------------

  private sgAdmits(
    groups: string[],
    direction: "ingress" | "egress",
    port: number,
    peer: { cidr?: Cidr; groups?: string[] },
  ): boolean {
    for (const key of groups) {
      const sg = this.net.securityGroups.get(key);
      if (!sg) continue;
      for (const r of sg[direction]) {
        if (!portMatches(r.protocol, r.fromPort, r.toPort, port)) continue;
        if (r.cidr && peer.cidr && r.cidr.contains(peer.cidr)) return true;
        if (r.referencedGroup && peer.groups?.includes(r.referencedGroup)) return true;
      }
    }
    return false;
  }

  /** Blocked when `acl` does not let tcp lo..hi through to/from every address of `peer`. */
  private naclBlocked(
    acl: NetworkAclModel | undefined,
    direction: "ingress" | "egress",
    lo: number,
    hi: number,
    peer: Cidr,
    what: string,
  ): Blocked | undefined {
    if (!acl) return undefined;
    const rule = naclDenies(direction === "ingress" ? acl.ingress : acl.egress, peer, lo, hi);
    if (rule === undefined) return undefined;
    const ports = lo === hi ? `tcp ${lo}` : `tcp ${lo}-${hi}`;
    const traffic =
      direction === "ingress" ? `inbound ${ports} from ${peer}` : `outbound ${ports} to ${peer}`;
    return {
      hop: rule ? `network ACL ${acl.name}, rule ${rule.number}` : `network ACL ${acl.name}`,
      reason: rule
        ? `rule ${rule.number} denies ${traffic} (${what})`
        : `no rule allows ${traffic} (${what}); the ACL's final rule denies it`,
      fix: `allow ${traffic} in ${acl.name}, numbered below any deny rule that matches it (network ACLs are stateless: answers need ${EPHEMERAL_PORTS[0]}-${EPHEMERAL_PORTS[1]} the other way)`,
    };
  }

  /**
   * The ACL of `subnet` lets requests on `port` through, and their answers (to the ephemeral
   * ports) the other way: in from `peer` when the subnet serves them, out to `peer` when it calls.
   */
  private naclRoundTrip(
    role: "serves" | "calls",
    subnet: AwsSubnetModel | undefined,
    peer: Cidr,
    port: number,
    what: string,
  ): Blocked | undefined {
    const acl = subnet?.networkAcl;
    if (!acl) return undefined;
    const [request, answer] =
      role === "serves" ? (["ingress", "egress"] as const) : (["egress", "ingress"] as const);
    const where = `subnet ${subnet!.cidr}`;
    return (
      this.naclBlocked(acl, request, port, port, peer, `${what}, ${where}`) ??
      this.naclBlocked(
        acl,
        answer,
        ...EPHEMERAL_PORTS,
        peer,
        `answers ${role === "serves" ? "of" : "to"} ${what}, ${where}`,
      )
    );
  }

  private sgNames(groups: string[]): string {
    return groups.map((g) => this.net.securityGroups.get(g)?.name ?? g).join(", ") || "none";
  }

  private gcpFirewall(
    net: GcpNetworkModel,
    direction: "INGRESS" | "EGRESS",
    tags: string[],
    peer: Cidr,
    port: number,
  ): { allowed: boolean; rule?: GcpFirewallModel } {
    const matching = net.firewalls
      .filter((f) => !f.disabled && f.direction === direction)
      .filter((f) => f.targetTags.length === 0 || f.targetTags.some((t) => tags.includes(t)))
      .filter((f) => gcpPortMatches(f.rules, port))
      .filter((f) => {
        const list = direction === "INGRESS" ? f.sourceRanges : f.destinationRanges;
        // No range: egress applies to every destination; ingress to every source unless the
        // rule names source tags or service accounts (which VPN traffic never carries).
        if (list.length === 0) return direction === "EGRESS" || !f.hasSourceTags;
        return f.action === "deny" ? list.some((r) => r.overlaps(peer)) : list.some((r) => r.contains(peer));
      })
      .sort((a, b) => a.priority - b.priority || (a.action === b.action ? 0 : a.action === "deny" ? -1 : 1));
    const first = matching[0];
    if (!first) return { allowed: direction === "EGRESS" };
    return { allowed: first.action === "allow", rule: first };
  }

  // ----- endpoints and sources ------------------------------------------------------------------

  private clusterDomain(c: ClusterInput): DomainModel | undefined {
    if (c.platform === ClusterPlatform.ON_PREMISES) return this.net.domains.get(`onprem:${c.site}`);
    if (c.platform === ClusterPlatform.GKE) {
      const g = this.net.gkeClusters.get(c.cluster);
      return [...this.net.domains.values()].find((d) => d.kind === "gcp" && d.clusters.includes(g!));
    }
    const lb = this.net.loadBalancers.get(c.apiLoadBalancer);
    return lb?.vpc;
  }

  private sources(c: ClusterInput, kind: "workloads" | "control-plane"): Source[] | Blocked {
    const key = `${c.name}|${kind}`;
    let cached = this.sourceCache.get(key);
    if (!cached) this.sourceCache.set(key, (cached = this.computeSources(c, kind)));
    return cached;
  }

  private computeSources(c: ClusterInput, kind: "workloads" | "control-plane"): Source[] | Blocked {
    const domain = this.clusterDomain(c);
    if (!domain)
      return {
        hop: c.name,
        reason: "the cluster's network is not in the synthesized Terraform",
        fix: "check the topology",
      };
    if (c.platform === ClusterPlatform.ON_PREMISES) {
      const d = domain as OnPremNetworkModel;
      return d.ranges.map((r) => ({
        cluster: c.name,
        label: `${r} (${c.name})`,
        cidrs: [r],
        domain,
        context: {},
        egress: () => undefined,
      }));
    }
    if (c.platform === ClusterPlatform.AWS) {
      const groups = (kind === "workloads" ? c.nodeGroups : c.controlPlaneGroups)
        .map((k) => this.net.autoScalingGroups.get(k))
        .filter((g): g is NonNullable<typeof g> => !!g);
      // Subnets whose instances share security groups and whose route tables are identical (the
      // zones of a VPC) behave alike: one source with several ranges.
      const bySignature = new Map<string, { group: (typeof groups)[number]; subnets: AwsSubnetModel[] }>();
      for (const g of groups) {
        for (const s of g.subnets) {
          if (!s.cidr) continue;
          const key = `${[...g.securityGroups].sort().join(",")}|${this.idOf(this.canonicalTable(s.routeTable))}|${s.networkAcl?.element.key ?? ""}`;
          const entry = bySignature.get(key) ?? { group: g, subnets: [] };
          if (!entry.subnets.some((x) => x.cidr!.equals(s.cidr!))) entry.subnets.push(s);
          bySignature.set(key, entry);
        }
      }
      const out: Source[] = [];
      for (const { group: g, subnets } of bySignature.values()) {
        const zones = [...new Set(subnets.map((s) => s.zone ?? "?"))].join(", ");
        out.push({
          cluster: c.name,
          label: `${subnets.map((s) => s.cidr).join(", ")} (${c.name} ${kind === "workloads" ? "nodes" : "control plane"}, ${zones})`,
          cidrs: subnets.map((s) => s.cidr!),
          domain,
          context: { subnets },
          egress: (dst, port) =>
            this.sgAdmits(g.securityGroups, "egress", port, { cidr: dst })
              ? // The zones of a source share one ACL (or none): the first subnet speaks for all.
                this.naclRoundTrip("calls", subnets[0], dst, port, `requests from ${g.name}`)
              : {
                  hop: `security groups ${this.sgNames(g.securityGroups)} of ${g.name}`,
                  reason: `no egress rule allows tcp ${port} to ${dst}`,
                  fix: "allow the egress (hybrid-mesh's ClusterSecurityGroup allows all outbound)",
                },
        });
      }
      return out;
    }
    const g = this.net.gkeClusters.get(c.cluster)!;
    const net = domain as GcpNetworkModel;
    const region = g.subnet?.region;
    if (kind === "control-plane") {
      if (!g.controlPlaneCidr) return [];
      return [
        {
          cluster: c.name,
          label: `${g.controlPlaneCidr} (${c.name} control plane)`,
          cidrs: [g.controlPlaneCidr],
          domain,
          context: { region },
          egress: () => undefined,
          prelude: () =>
            g.routesExported
              ? undefined
              : {
                  hop: `VPC peering of ${g.name}'s control plane`,
                  reason:
                    "the VPC does not export its custom routes to the control plane's network, so the control plane has no route to other sites",
                  fix: "export custom routes on the GKE peering (GkeCluster exportRoutesToControlPlane)",
                },
        },
      ];
    }
    const tags = [...new Set(g.nodePoolTags.flat())];
    const egress = (dst: Cidr, port: number) => {
      const v = this.gcpFirewall(net, "EGRESS", tags, dst, port);
      return v.allowed
        ? undefined
        : {
            hop: `firewall rule ${v.rule?.name}`,
            reason: `it denies egress tcp ${port} to ${dst} from the nodes of ${g.name}`,
            fix: "allow the egress, or narrow the deny rule",
          };
    };
    const out: Source[] = [];
    if (g.subnet?.cidr)
      out.push({
        cluster: c.name,
        label: `${g.subnet.cidr} (${c.name} nodes)`,
        cidrs: [g.subnet.cidr],
        domain,
        context: { region },
        egress,
      });
    if (g.podRange)
      out.push({
        cluster: c.name,
        label: `${g.podRange} (${c.name} pods)`,
        cidrs: [g.podRange],
        domain,
        context: { region },
        egress,
      });
    return out;
  }

  private endpoint(c: ClusterInput, service: "gateway" | "api", port: number, label: string): Endpoint {
    const key = `${c.name}|${service}|${port}`;
    let cached = this.endpointCache.get(key);
    if (!cached) this.endpointCache.set(key, (cached = this.computeEndpoint(c, service, port, label)));
    return cached;
  }

  private computeEndpoint(
    c: ClusterInput,
    service: "gateway" | "api",
    port: number,
    label: string,
  ): Endpoint {
    const domain = this.clusterDomain(c);
    const base = { cluster: c.name, service: label, port };
    if (!domain)
      return { ...base, targets: [], unchecked: "the cluster's network is not in the synthesized Terraform" };
    if (c.platform === ClusterPlatform.ON_PREMISES) {
      const d = domain as OnPremNetworkModel;
      const address = service === "api" ? c.apiAddress : c.gatewayAddress;
      // Traffic from the site's own LAN does not cross its VPN firewall.
      const admit = (src: Cidr): Blocked | undefined =>
        d.acceptsFrom.some((r) => r.contains(src)) || d.ranges.some((r) => r.contains(src))
          ? undefined
          : {
              hop: `${d.name}'s firewall`,
              reason: `it admits ${d.acceptsFrom.map(String).join(", ") || "nothing"} from the VPN, not ${src}`,
              fix: `add ${src} to the site's acceptsFrom (and to its firewall)`,
            };
      if (address === undefined) {
        // Assigned by the platform from the site's load-balancer pool: an address of its ranges.
        return {
          ...base,
          targets: d.ranges.map((r) => ({
            address: r,
            label: `load balancer address in ${r}`,
            domain,
            returnContext: {},
            admit,
          })),
        };
      }
      if (!Cidr.isCidr(`${address}/32`))
        return { ...base, targets: [], unchecked: `the address ${address} is known only at deploy time` };
      return {
        ...base,
        targets: [{ address: Cidr.parse(`${address}/32`), label: address, domain, returnContext: {}, admit }],
      };
    }
    if (c.platform === ClusterPlatform.AWS) {
      const lbKey = service === "api" ? c.apiLoadBalancer : c.gatewayLoadBalancer;
      const lb = lbKey ? this.net.loadBalancers.get(lbKey) : undefined;
      if (!lb)
        return {
          ...base,
          targets: [],
          unchecked: `no load balancer for the ${label} is in the synthesized Terraform`,
        };
      const wanted = service === "api" ? undefined : c.gatewayAddresses;
      const nodes = lb.nodes.filter((n) => !wanted || (n.address && wanted.includes(n.address)));
      if (wanted && nodes.length < wanted.length) {
        const missing = wanted.filter((a) => !lb.nodes.some((n) => n.address === a));
        return {
          ...base,
          targets: [],
          unchecked: `the mesh lists ${missing.join(", ")} for the gateway, which ${lb.name} does not have`,
        };
      }
      return {
        ...base,
        targets: nodes.map((n) => {
          const address = n.address ? Cidr.parse(`${n.address}/32`) : n.subnet?.cidr;
          return {
            address: address ?? Cidr.parse("0.0.0.0/32"),
            label: n.address ?? `${lb.name} in ${n.subnet?.cidr ?? "?"}`,
            zone: n.subnet?.zone,
            domain,
            returnContext: { subnets: n.subnet ? [n.subnet] : [] },
            admit: (src) => this.admitLoadBalancer(lb, src, port),
          };
        }),
      };
    }
    const g = this.net.gkeClusters.get(c.cluster)!;
    const net = domain as GcpNetworkModel;
    const region = g.subnet?.region;
    const zone = g.zonal ? g.location : undefined;
    if (service === "api") {
      if (!g.privateNodes || !g.controlPlaneCidr) {
        return {
          ...base,
          zone,
          targets: [],
          unchecked: `${g.name} is reached at its public endpoint, over the internet, not across the VPN`,
        };
      }
      return {
        ...base,
        zone,
        targets: [
          {
            address: g.controlPlaneCidr,
            label: `private endpoint of ${g.name} (${g.controlPlaneCidr})`,
            domain,
            returnContext: { region },
            admit: (src) =>
              !g.authorizedNetworks || g.authorizedNetworks.some((r) => r.contains(src))
                ? undefined
                : {
                    hop: `master authorized networks of ${g.name}`,
                    reason: `they admit ${g.authorizedNetworks.map(String).join(", ")}, not ${src}`,
                    fix: `add ${src} to the cluster's authorized networks (GkeCluster allowApiFrom)`,
                  },
            returnPrelude: () =>
              g.routesExported
                ? undefined
                : {
                    hop: `VPC peering of ${g.name}'s control plane`,
                    reason:
                      "the VPC does not export its custom routes to the control plane's network, so the answer has no route back across the VPN",
                    fix: "export custom routes on the GKE peering (GkeCluster exportRoutesToControlPlane)",
                  },
          },
        ],
      };
    }
    const address =
      c.gatewayAddress && Cidr.isCidr(`${c.gatewayAddress}/32`)
        ? Cidr.parse(`${c.gatewayAddress}/32`)
        : g.subnet?.cidr;
    if (!address) return { ...base, targets: [], unchecked: `${g.name}'s subnet is unknown` };
    return {
      ...base,
      zone,
      targets: [
        {
          address,
          label: c.gatewayAddress ?? `internal load balancer in ${address}`,
          domain,
          returnContext: { region },
          admit: (src) => {
            for (const tags of g.nodePoolTags) {
              const v = this.gcpFirewall(net, "INGRESS", tags, src, port);
              if (!v.allowed) {
                return {
                  hop: v.rule
                    ? `firewall rule ${v.rule.name} (priority ${v.rule.priority})`
                    : `${net.name}'s implied deny-ingress rule`,
                  reason: v.rule
                    ? `it denies tcp ${port} from ${src} to the nodes of ${g.name} (tags ${tags.join(", ")})`
                    : `no firewall rule admits tcp ${port} from ${src} to the nodes of ${g.name} (tags ${tags.join(", ") || "none"})`,
                  fix: `admit ${src} on tcp ${port} to the nodes (GcpNetwork allowMeshPorts)`,
                };
              }
            }
            return undefined;
          },
        },
      ],
    };
  }

  private admitLoadBalancer(lb: LoadBalancerModel, src: Cidr, port: number): Blocked | undefined {
    const listener = lb.listeners.find((l) => l.port === port);
    if (!listener) {
      return {
        hop: `load balancer ${lb.name}`,
        reason: `it has no listener on port ${port} (listeners: ${lb.listeners.map((l) => l.port).join(", ") || "none"})`,
        fix: `add a listener on ${port}`,
      };
    }
    if (lb.securityGroups.length && !this.sgAdmits(lb.securityGroups, "ingress", port, { cidr: src })) {
      return {
        hop: `security group ${this.sgNames(lb.securityGroups)} of load balancer ${lb.name}`,
        reason: `no ingress rule admits tcp ${port} from ${src}`,
        fix: `admit ${src} on tcp ${port} (ControlPlane allowApiFrom / MeshGatewayLoadBalancer allowedCidrs)`,
      };
    }
    const acls = this.net.networkAcls.size > 0;
    for (const n of acls ? lb.nodes : []) {
      const b = this.naclRoundTrip("serves", n.subnet, src, port, `requests to load balancer ${lb.name}`);
      if (b) return b;
    }
    const tg = listener.targetGroup;
    if (!tg || tg.groups.length === 0) {
      return {
        hop: `listener ${port} of ${lb.name}`,
        reason: tg
          ? "its target group has no auto scaling group registered"
          : "it forwards to no target group",
        fix: "register the node or control-plane groups in the target group",
      };
    }
    const tgPort = tg.port ?? port;
    const lbAddresses = lb.nodes.map((n) => n.subnet?.cidr).filter((c): c is Cidr => !!c);
    if (
      lb.securityGroups.length &&
      !lbAddresses.every((a) => this.sgAdmits(lb.securityGroups, "egress", tgPort, { cidr: a }))
    ) {
      const vpcCidrs = lb.vpc?.cidrs ?? [];
      if (!vpcCidrs.some((v) => this.sgAdmits(lb.securityGroups, "egress", tgPort, { cidr: v }))) {
        return {
          hop: `security group ${this.sgNames(lb.securityGroups)} of load balancer ${lb.name}`,
          reason: `no egress rule lets the load balancer reach its targets on tcp ${tgPort}`,
          fix: "allow egress to the targets",
        };
      }
    }
    for (const g of tg.groups) {
      const ok =
        this.sgAdmits(g.securityGroups, "ingress", tgPort, { groups: lb.securityGroups }) ||
        (tg.preserveClientIp
          ? this.sgAdmits(g.securityGroups, "ingress", tgPort, { cidr: src })
          : lbAddresses.length > 0 &&
            lbAddresses.every((a) => this.sgAdmits(g.securityGroups, "ingress", tgPort, { cidr: a })));
      if (!ok) {
        return {
          hop: `security groups ${this.sgNames(g.securityGroups)} of ${g.name}`,
          reason: `no ingress rule admits tcp ${tgPort} from the load balancer ${lb.name}${tg.preserveClientIp ? ` (client ${src})` : ""}`,
          fix: "admit the load balancer's security group on the target port",
        };
      }
      // Network ACLs between the load balancer's subnets and the targets' (AWS's recommended
      // rules for a Network Load Balancer); traffic within one subnet does not cross its ACL.
      for (const t of acls ? g.subnets : []) {
        for (const n of lb.nodes) {
          if (!n.subnet?.cidr || !t.cidr || n.subnet === t) continue;
          const b =
            this.naclRoundTrip(
              "calls",
              n.subnet,
              t.cidr,
              tgPort,
              `load balancer ${lb.name} to its targets in ${g.name}`,
            ) ??
            this.naclRoundTrip(
              "serves",
              t,
              tg.preserveClientIp ? src : n.subnet.cidr,
              tgPort,
              `requests from load balancer ${lb.name}${tg.preserveClientIp ? ` (client ${src})` : ""}`,
            );
          if (b) return b;
        }
      }
    }
    return undefined;
  }

  // ----- reachability -----------------------------------------------------------------------

  private reachability(findings: Finding[]): PathResult[] {
    const results: PathResult[] = [];
    const byName = new Map(this.clusters.map((c) => [c.name, c]));
    const role = (c: ClusterInput) => c.role ?? ClusterRole.PRIMARY;
    for (const s of this.clusters) {
      for (const t of this.clusters) {
        if (s === t) continue;
        const checks: { endpoint: Endpoint; kind: "workloads" | "control-plane" }[] = [];
        checks.push({ endpoint: this.endpoint(t, "gateway", 15443, "east-west gateway"), kind: "workloads" });
        const watches =
          role(s) === ClusterRole.PRIMARY &&
          (this.meshModel === MeshModel.MULTI_PRIMARY
            ? true
            : role(t) === ClusterRole.REMOTE && t.primary === s.name);
        if (watches)
          checks.push({
            endpoint: this.endpoint(t, "api", this.apiPort(t), "API server"),
            kind: "workloads",
          });
        if (role(s) === ClusterRole.REMOTE && s.primary === t.name && byName.has(t.name)) {
          checks.push({
            endpoint: this.endpoint(t, "gateway", 15012, "istiod (through the gateway)"),
            kind: "workloads",
          });
          checks.push({
            endpoint: this.endpoint(t, "gateway", 15017, "webhook (through the gateway)"),
            kind: "control-plane",
          });
        }
        for (const { endpoint, kind } of checks) results.push(...this.check(s, endpoint, kind, findings));
      }
    }
    return results;
  }

  /**
   * Whether Terraform reaches every cluster's API server from where it runs (the mesh stacks
   * install Istio and apply the mesh there): from inside a site, through that site's routes, the
   * VPN and the API's filters; from outside, only GKE's public endpoint, through its authorized
   * networks.
   */
  private deployerPaths(findings: Finding[]): PathResult[] {
    const d = this.deployer;
    if (!d) {
      findings.push({
        level: FindingLevel.WARNING,
        check: "deployer",
        subject: "mesh stacks",
        rule: "where Terraform runs for the mesh stacks is not given, so whether it reaches every cluster's API server is not checked",
        fix: "give the topology's deployer: the site Terraform runs in, or the ranges it connects from",
      });
      return [];
    }
    const cidrs = d.cidrs.filter((c) => Cidr.isCidr(c)).map((c) => Cidr.parse(c));
    const label = `${d.cidrs.join(", ")} (Terraform)`;
    const results: PathResult[] = [];
    for (const t of this.clusters) {
      const port = this.apiPort(t);
      if (d.site !== undefined) {
        const local = this.clusters.find((c) => c.site === d.site);
        const srcs = local ? this.sources(local, "workloads") : undefined;
        const sources: Source[] | Blocked =
          srcs === undefined
            ? {
                hop: d.site,
                reason: "the site has no cluster whose network the analysis knows",
                fix: "check the topology",
              }
            : !Array.isArray(srcs)
              ? srcs
              : srcs.slice(0, 1).map((x) => ({ ...x, cluster: "Terraform", label, cidrs }));
        results.push(
          ...this.checkFrom("Terraform", sources, this.endpoint(t, "api", port, "API server"), findings),
        );
        continue;
      }
      const base = {
        from: "Terraform",
        to: t.name,
        service: "API server",
        port,
        source: label,
        brokenBy: [],
      };
      const g = t.platform === ClusterPlatform.GKE ? this.net.gkeClusters.get(t.cluster) : undefined;
      const blocked = !g
        ? {
            hop: `${t.name}'s API server`,
            reason: "it has no public endpoint: it is reached only from inside the hybrid network",
            fix: "run Terraform in a site (deployer.site), e.g. a CI runner in a VPC linked to the others",
          }
        : g.privateEndpointOnly
          ? {
              hop: `${g.name}'s control plane`,
              reason: "it has a private endpoint only",
              fix: "run Terraform in a site (deployer.site), or give the cluster a public endpoint",
            }
          : g.authorizedNetworks && !cidrs.every((c) => g.authorizedNetworks!.some((r) => r.contains(c)))
            ? {
                hop: `master authorized networks of ${g.name}`,
                reason: `they admit ${g.authorizedNetworks.map(String).join(", ")}, not ${d.cidrs.join(", ")}`,
                fix: "add the deployer's ranges to the cluster's authorized networks",
              }
            : undefined;
      if (blocked) {
        findings.push({
          level: FindingLevel.ERROR,
          check: "deployer",
          subject: `Terraform -> ${t.name} ${port} (API server)`,
          hop: blocked.hop,
          rule: `blocked at ${blocked.hop}: ${blocked.reason}`,
          fix: blocked.fix,
        });
        results.push({
          ...base,
          destination: `${t.name}'s API`,
          status: PathStatus.BLOCKED,
          hops: [],
          blockedAt: blocked.hop,
          reason: blocked.reason,
          fix: blocked.fix,
        });
      } else {
        results.push({
          ...base,
          destination: `public endpoint of ${g!.name}`,
          status: PathStatus.REACHABLE,
          hops: [
            `from ${label}`,
            `internet to the public endpoint of ${g!.name}, admitted by its authorized networks`,
          ],
        });
      }
    }
    return results;
  }

  private apiPort(c: ClusterInput): number {
    if (c.platform === ClusterPlatform.AWS) return c.apiPort ?? 6443;
    if (c.platform === ClusterPlatform.GKE) return 443;
    return c.apiPort;
  }

  private check(
    s: ClusterInput,
    e: Endpoint,
    kind: "workloads" | "control-plane",
    findings: Finding[],
  ): PathResult[] {
    return this.checkFrom(s.name, this.sources(s, kind), e, findings);
  }

  private checkFrom(from: string, srcs: Source[] | Blocked, e: Endpoint, findings: Finding[]): PathResult[] {
    const subject = `${from} -> ${e.cluster} ${e.port} (${e.service})`;
    const base = { from, to: e.cluster, service: e.service, port: e.port };
    if (!Array.isArray(srcs)) {
      findings.push({
        level: FindingLevel.ERROR,
        check: "reachability",
        subject,
        hop: srcs.hop,
        rule: srcs.reason,
        fix: srcs.fix,
      });
      return [
        {
          ...base,
          source: from,
          destination: "-",
          status: PathStatus.BLOCKED,
          hops: [],
          blockedAt: srcs.hop,
          reason: srcs.reason,
          fix: srcs.fix,
          brokenBy: [],
        },
      ];
    }
    if (e.unchecked) {
      findings.push({
        level: this.options.unchecked,
        check: "reachability",
        subject,
        rule: `not checked: ${e.unchecked}`,
        fix: "give the address at synth, or check this path after deploy",
      });
      return [
        {
          ...base,
          source: srcs.map((x) => x.label).join(", "),
          destination: "-",
          status: PathStatus.UNCHECKED,
          hops: [],
          reason: e.unchecked,
          brokenBy: [],
        },
      ];
    }
    const out: PathResult[] = [];
    const destination = e.targets.map((t) => t.label).join(" | ");
    for (const src of srcs) {
      // Alternatives (a load balancer's address per zone): tried in order; once two reachable
      // alternatives share no single point of failure, the others cannot change the answer.
      let first: PathAttempt | undefined;
      let chosen: PathAttempt | undefined;
      let common: string[] | undefined;
      for (const target of e.targets) {
        const result = this.path(src, target, e.port);
        first ??= result;
        if (!result.ok) continue;
        chosen ??= result;
        const b = this.breakersOfPath(result.crossings, result.returnCrossings, target.zone);
        common = common ? common.filter((u) => b.includes(u)) : b;
        if (common.length === 0) break;
      }
      if (!chosen) {
        const blocked: Blocked = first?.blocked ?? {
          hop: e.cluster,
          reason: "the endpoint has no address",
          fix: "check the topology",
        };
        findings.push({
          level: FindingLevel.ERROR,
          check: "reachability",
          subject: `${subject} from ${src.label}`,
          hop: blocked.hop,
          rule: `blocked at ${blocked.hop}: ${blocked.reason}`,
          fix: blocked.fix,
        });
        out.push({
          ...base,
          source: src.label,
          destination,
          status: PathStatus.BLOCKED,
          hops: first ? first.hops() : [],
          blockedAt: blocked.hop,
          reason: blocked.reason,
          fix: blocked.fix,
          brokenBy: [],
        });
        continue;
      }
      // Single failures: a unit breaks the path if it takes down every alternative target: its
      // zone, or every tunnel of one of its crossings.
      const brokenBy = common ?? [];
      if (e.zone && !brokenBy.includes(`zone ${e.zone}`)) brokenBy.push(`zone ${e.zone}`);
      if (brokenBy.length > 1) brokenBy.sort();
      out.push(
        new ReachablePath(
          base.from,
          base.to,
          base.service,
          base.port,
          src.label,
          destination,
          brokenBy,
          chosen,
        ),
      );
      if (brokenBy.length && this.options.singleFailures !== "off") {
        findings.push({
          level: this.options.singleFailures,
          check: "single-failure",
          subject: `${subject} from ${src.label}`,
          hop: brokenBy[0],
          rule: `the path does not survive the loss of ${brokenBy.join("; or ")}`,
          fix: "use 4 tunnels on both HA VPN interfaces, list the gateway's address in every zone, and prefer regional clusters",
        });
      }
    }
    return out;
  }

  /** A hop of a way back, in words (shared: the same hops recur in thousands of paths). */
  public returnHop(hop: string): string {
    let text = this.returnHops.get(hop);
    if (text === undefined) this.returnHops.set(hop, (text = `return: ${hop}`));
    return text;
  }

  /** What can fail and break one path: its target's zone, or every tunnel of one of its crossings. */
  private breakersOfPath(crossings: Crossing[], returnCrossings: Crossing[], zone?: string): string[] {
    const list: string[] = [];
    for (const c of crossings)
      for (const u of this.breakersOf(c.tunnels)) if (!list.includes(u)) list.push(u);
    for (const c of returnCrossings)
      for (const u of this.breakersOf(c.tunnels)) if (!list.includes(u)) list.push(u);
    if (zone) list.push(`zone ${zone}`);
    return list;
  }

  /** What can fail and take down every tunnel of a crossing (memoized per tunnel set). */
  private breakersOf(tunnels: TunnelModel[]): string[] {
    let list = this.breakerCache.get(tunnels);
    if (!list) {
      list = tunnels[0] ? tunnels[0].units.filter((u) => tunnels.every((t) => t.units.includes(u))) : [];
      this.breakerCache.set(tunnels, list);
    }
    return list;
  }

  /**
   * One source reaching one target: filters at both ends, the route there and the route back.
   * The hops are put into words only when asked (a large topology checks tens of thousands of paths).
   */
  private path(src: Source, target: Target, port: number): PathAttempt {
    const pre = src.prelude?.() ?? src.egress(target.address, port);
    if (pre) return new Attempt(this, src, target, port, pre);
    const fwd = this.walk(src.domain, src.context, target.address, target.domain);
    if (!fwd.ok) return new Attempt(this, src, target, port, fwd.blocked, fwd);
    for (const cidr of src.cidrs) {
      const admit = target.admit(cidr);
      if (admit) return new Attempt(this, src, target, port, admit, fwd);
    }
    for (const cidr of src.cidrs) {
      const rp = target.returnPrelude?.(cidr);
      if (rp) return new Attempt(this, src, target, port, rp, fwd, true);
    }
    // The way back, to every range of the source; a failure of any of them breaks the path.
    let first: WalkResult | undefined;
    let returnCrossings: Crossing[] = [];
    for (const cidr of src.cidrs) {
      const back = this.walk(target.domain, target.returnContext, cidr, src.domain);
      first ??= back;
      if (!back.ok) {
        const blocked = { ...back.blocked, reason: `the answer cannot get back: ${back.blocked.reason}` };
        return new Attempt(this, src, target, port, blocked, fwd, true, back);
      }
      returnCrossings = returnCrossings.length ? [...returnCrossings, ...back.crossings] : back.crossings;
    }
    return new Attempt(this, src, target, port, undefined, fwd, true, first, returnCrossings);
  }
}

/** One source reaching one target; its hops are put into words on demand. */
class Attempt {
  public readonly ok: boolean;
  public readonly crossings: Crossing[];
  public readonly returnCrossings: Crossing[];

  constructor(
    private readonly analysis: Analysis,
    private readonly src: Source,
    private readonly target: Target,
    private readonly port: number,
    public readonly blocked?: Blocked,
    private readonly fwd?: WalkResult,
    private readonly reached = false,
    private readonly back?: WalkResult,
    returnCrossings?: Crossing[],
  ) {
    this.ok = blocked === undefined;
    this.crossings = fwd?.ok ? fwd.crossings : [];
    this.returnCrossings = returnCrossings ?? (back?.ok ? back.crossings : []);
  }

  public hops(): string[] {
    const hops = [`from ${this.src.label}`];
    if (this.fwd) hops.push(...this.fwd.hops);
    if (this.reached) hops.push(`to ${this.target.label}:${this.port}`);
    if (this.back) for (const h of this.back.hops) hops.push(this.analysis.returnHop(h));
    return hops;
  }
}

/** A reachable path; its hops are put into words when first read (reports, JSON, tests). */
class ReachablePath implements PathResult {
  public readonly status = PathStatus.REACHABLE;
  private words?: string[];

  constructor(
    public readonly from: string,
    public readonly to: string,
    public readonly service: string,
    public readonly port: number,
    public readonly source: string,
    public readonly destination: string,
    public readonly brokenBy: string[],
    private readonly attempt: Attempt,
  ) {}

  public get hops(): string[] {
    return (this.words ??= this.attempt.hops());
  }

  public toJSON(): PathResult {
    return {
      from: this.from,
      to: this.to,
      service: this.service,
      port: this.port,
      source: this.source,
      destination: this.destination,
      status: this.status,
      hops: this.hops,
      brokenBy: this.brokenBy,
    };
  }
}

/** Runs the analysis. */
export function analyze(input: AnalysisInput): AnalysisResult {
  return new Analysis(input).run();
}
