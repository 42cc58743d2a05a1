import { FindingLevel, SlaTier } from "../core";

// What the analysis finds: the address plan, the links, every path, and the findings.

/**
 * Why a path is blocked, unchecked or fragile, or what a finding is about: a stable code for tools
 * to act on (in the spirit of AWS Reachability Analyzer's explanation codes). Every finding and
 * every path that is not reachable and robust carries one; the values never change meaning.
 */
export enum ExplanationCode {
  /** No route covers the destination: no subnet, static route, propagated or BGP-learned route. */
  NO_ROUTE = "NO_ROUTE",
  /** The most specific route leads elsewhere (a NAT or internet gateway, another target), not to the VPN. */
  ROUTE_TO_WRONG_TARGET = "ROUTE_TO_WRONG_TARGET",
  /** Traffic arrives over one VPN connection and should leave over another: an AWS VPC does not forward between them. */
  NO_TRANSIT = "NO_TRANSIT",
  /** Routing for the destination loops between networks, or crosses more than six. */
  ROUTING_LOOP = "ROUTING_LOOP",
  /** A BGP session cannot come up (inside addresses not in one /30, wrong peer ASN, disabled), so no route crosses it. */
  BGP_SESSION_DOWN = "BGP_SESSION_DOWN",
  /** A route's AS path holds the receiver's own ASN: BGP loop prevention drops it. */
  AS_PATH_LOOP = "AS_PATH_LOOP",
  /** A security group does not admit (or let out) the traffic. */
  SECURITY_GROUP = "SECURITY_GROUP",
  /** A network ACL denies the traffic or its answer (ACLs are stateless). */
  NETWORK_ACL = "NETWORK_ACL",
  /** A firewall denies the traffic: a GCP firewall rule (or the implied deny-ingress), or an on-premises firewall. */
  FIREWALL = "FIREWALL",
  /** The GKE control plane's master authorized networks do not admit the source. */
  AUTHORIZED_NETWORKS = "AUTHORIZED_NETWORKS",
  /** The VPC does not export its custom routes over the GKE control plane's peering. */
  PEERING_ROUTES = "PEERING_ROUTES",
  /** The load balancer has no listener on the port. */
  LISTENER = "LISTENER",
  /** Nothing serves behind the address: no target group, no registered instances, no address. */
  NO_TARGET = "NO_TARGET",
  /** The service has no public endpoint, and the client is outside every site. */
  NO_PUBLIC_ENDPOINT = "NO_PUBLIC_ENDPOINT",
  /** Unchecked: the service is reached at a public endpoint, over the internet, not across the VPN. */
  PUBLIC_ENDPOINT = "PUBLIC_ENDPOINT",
  /** Unchecked: an address is known only at deploy time. */
  ADDRESS_UNKNOWN = "ADDRESS_UNKNOWN",
  /** A network, subnet or peer the path needs is not in the synthesized Terraform. */
  UNKNOWN_NETWORK = "UNKNOWN_NETWORK",
  /** An element the path needs is not created: its `count` is 0 or its `for_each` is empty. */
  ELEMENT_ABSENT = "ELEMENT_ABSENT",
  /** Unchecked: an element's `count` or `for_each` is known only at plan time, so it is not assumed to exist. */
  COUNT_UNKNOWN = "COUNT_UNKNOWN",
  /** The path does not survive the loss of one tunnel, VPN interface, peer address, gateway or shared zone. */
  SINGLE_FAILURE = "SINGLE_FAILURE",
  /** The path does not survive the loss of the zone of a zonal cluster (its own placement). */
  ZONAL_CLUSTER = "ZONAL_CLUSTER",
  /** A VPN link does not reach the 99.99 % tier (HA VPN, both interfaces, distinct peer addresses, BGP up on every tunnel). */
  LINK_SLA = "LINK_SLA",
  /** Routed ranges of two sites overlap. */
  ADDRESS_OVERLAP = "ADDRESS_OVERLAP",
  /** A range lies in a special-purpose range (link-local, loopback, multicast, Docker's bridge...). */
  RESERVED_RANGE = "RESERVED_RANGE",
  /** A cluster-internal range (pods, services) hides a routed range. */
  INTERNAL_RANGE_OVERLAP = "INTERNAL_RANGE_OVERLAP",
  /** Where Terraform runs for the mesh stacks is not given, so its paths to the API servers are not checked. */
  DEPLOYER_UNKNOWN = "DEPLOYER_UNKNOWN",
}

/** Something the analysis found. */
export interface Finding {
  /** Error (fails synth) or warning. */
  readonly level: FindingLevel;
  /** What it is about, as a stable code. */
  readonly code: ExplanationCode;
  /**
   * Which check: "address-plan", "bgp", "presence", "reachability", "single-failure", "sla" or
   * "deployer".
   */
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
  /**
   * Why it is blocked or unchecked, or (reachable) what single failure it does not survive.
   *
   * @default - none: reachable, surviving any single failure
   */
  readonly code?: ExplanationCode;
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
  /** Tunnels whose BGP session can come up (enabled, inside addresses and ASNs matching at both ends). */
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
