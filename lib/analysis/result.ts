import { FindingLevel, SlaTier } from "../core";

// What the analysis finds: the address plan, the links, every path, and the findings.

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
