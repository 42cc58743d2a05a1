// The GcpNetwork construct: a custom-mode VPC with its subnets (subnet.ts), Cloud NAT
// (cloud-nat.ts) and ingress firewall rules (firewall.ts).
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  arrayOf,
  bool,
  check,
  checkGcpName,
  checkGcpRegion,
  constructId,
  countBetween,
  enumOf,
  gcpName,
  GOOGLE_PROVIDER,
  int,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  MESH_PORTS,
  obj,
  oneOf,
  req,
  requireLiteral,
  requireProvider,
  Shape,
  str,
  Tags,
  validateShape,
} from "../core";
import { newCloudNat } from "./cloud-nat";
import { FirewallRule, FirewallRuleOptions, GOOGLE_HEALTH_CHECK_RANGES } from "./firewall";
import { checkProjectId } from "./rules";
import { GcpSubnet, GcpSubnetOptions, newSubnet, SUBNET_SHAPE } from "./subnet";

/** How routes learned by Cloud Routers are shared across regions. */
export enum RoutingMode {
  /** Every region sees routes learned in any region (needed when VPN peers must reach subnets in other regions). */
  GLOBAL = "GLOBAL",
  /** Routes stay in the region that learned them. */
  REGIONAL = "REGIONAL",
}

/** Properties of a {@link GcpNetwork}. */
export interface GcpNetworkProps {
  /** Project id of the network. */
  readonly project: string;
  /** Main region: subnets, Cloud Router and NAT default to it. */
  readonly region: string;
  /**
   * Network (VPC) name (RFC 1035, at most 63 characters). It also names the mesh network of GKE
   * clusters in it: `<project>-<name>`.
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Subnets to create (more can be added with `addSubnet()`).
   *
   * @default - none
   */
  readonly subnets?: GcpSubnetOptions[];
  /**
   * Dynamic routing mode.
   *
   * @default RoutingMode.GLOBAL
   */
  readonly routingMode?: RoutingMode;
  /**
   * Whether to create a Cloud Router and Cloud NAT in the main region, so that private nodes
   * (without external IPs) reach the internet (images, updates).
   *
   * @default true
   */
  readonly cloudNat?: boolean;
  /**
   * MTU of the network, 1300-8896. Cloud VPN carries 1460-byte packets at most: keep the default
   * when traffic crosses a VPN.
   *
   * @default 1460
   */
  readonly mtu?: number;
}

const PROPS: Shape<GcpNetworkProps> = {
  project: req(str("GCP project id", '"my-project"')),
  region: req(str("GCP region", '"europe-west1"')),
  name: str("network name", '"hybrid-vpc"'),
  subnets: arrayOf(obj(SUBNET_SHAPE, "subnet", '{ cidr: "10.10.0.0/20" }')),
  routingMode: enumOf(RoutingMode, "RoutingMode"),
  cloudNat: bool(),
  mtu: int("MTU in bytes", "1460"),
};

/**
 * A custom-mode VPC for one GCP site: no automatic subnets, global dynamic routing, subnets with
 * private Google access and flow logs, secondary ranges for GKE sized from the nodes and pods they
 * must hold, Cloud Router + Cloud NAT for private nodes, and typed ingress firewall rules with
 * logging. Nothing is open to 0.0.0.0/0: a custom-mode VPC denies ingress until a rule allows it.
 */
export class GcpNetwork extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "GcpNetwork";
  /** Project id. */
  public readonly project: string;
  /** Main region. */
  public readonly region: string;
  /** Network name. */
  public readonly networkName: string;
  /** The network. */
  public readonly network: ComputeNetwork;
  /** Network id (a token), as resources reference it. */
  public readonly networkId: string;
  /** Self link of the network (a token). */
  public readonly selfLink: string;
  /** Subnets, in creation order. */
  public readonly subnets: GcpSubnet[] = [];
  /** The NAT router, when `cloudNat` is on. */
  public readonly natRouter?: ComputeRouter;
  /** Cloud NAT, when on. */
  public readonly nat?: ComputeRouterNat;
  /** Firewall rules, by construct id. */
  public readonly firewallRules: Record<string, FirewallRule> = {};

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, constructId(scope, id, "GcpNetwork"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    this.project = check(
      this,
      "project",
      requireLiteral(this, "project", props.project, "it names the mesh network and resources at synth"),
      checkProjectId,
    );
    this.region = check(this, "region", props.region, checkGcpRegion);
    this.networkName = check(this, "name", props.name ?? gcpName(this), (n) => checkGcpName(n));
    const routingMode = check(
      this,
      "routingMode",
      props.routingMode ?? RoutingMode.GLOBAL,
      oneOf(Object.values(RoutingMode), "the routing mode"),
    );
    const mtu = check(this, "mtu", props.mtu ?? 1460, countBetween(1300, 8896, "the network MTU"));
    if (mtu > 1460) {
      Annotations.of(this).addWarning(
        `hybrid-mesh: MTU ${mtu} is above the 1460 bytes Cloud VPN carries: packets crossing the VPN will be fragmented or dropped.`,
      );
    }
    this.network = new ComputeNetwork(this, "Resource", {
      name: this.networkName,
      project: this.project,
      autoCreateSubnetworks: false,
      routingMode,
      mtu,
      description: "hybrid-mesh: custom-mode VPC",
    });
    this.networkId = this.network.id;
    this.selfLink = this.network.selfLink;
    (props.subnets ?? []).forEach((s, i) => this.addSubnet(`Subnet${i + 1}`, s));
    if (props.cloudNat ?? true) {
      const { natRouter, nat } = newCloudNat(this);
      this.natRouter = natRouter;
      this.nat = nat;
    }
  }

  /** The mesh network name of clusters in this network: `<project>-<network>` (as in the Anthos worked example). */
  public get meshNetworkName(): string {
    return `${this.project}-${this.networkName}`;
  }

  /**
   * Adds a subnet; its pod and service ranges are allocated from their pools if not given, and
   * checked against the primary range and each other.
   */
  public addSubnet(id: string, options: GcpSubnetOptions): GcpSubnet {
    const subnet = newSubnet(this, id, options);
    this.subnets.push(subnet);
    return subnet;
  }

  /** Adds a typed ingress firewall rule (logged, never from 0.0.0.0/0). */
  public addFirewallRule(id: string, options: FirewallRuleOptions): FirewallRule {
    const existing = this.firewallRules[id];
    if (existing) return existing;
    const rule = new FirewallRule(this, id, {
      ...options,
      name:
        options.name ??
        `${this.networkName.slice(0, 40)}-${id.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`
          .slice(0, 63)
          .replace(/-+$/, ""),
      network: this.networkId,
      project: this.project,
    });
    this.firewallRules[id] = rule;
    return rule;
  }

  /**
   * Allows all TCP, UDP and ICMP traffic from peer networks across a VPN (their VPC, LAN, node
   * and pod ranges), as the Anthos worked example's `nifc-rules` does.
   *
   * @param label short name of the peer (e.g. "onprem"), part of the rule name
   */
  public allowFromPeer(
    label: string,
    ranges: string[],
    options: { priority?: number; name?: string } = {},
  ): FirewallRule {
    return this.addFirewallRule(`allow-${label}`, {
      description: `hybrid-mesh: traffic from the peer network ${label} across the VPN`,
      sourceRanges: ranges,
      allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
      priority: options.priority,
      name: options.name,
    });
  }

  /** Allows Google's load-balancer health checks (35.191.0.0/16, 130.211.0.0/22) on the given TCP ports. */
  public allowHealthChecks(ports: string[], targetTags?: string[]): FirewallRule {
    return this.addFirewallRule("allow-health-checks", {
      description: "hybrid-mesh: Google load-balancer health checks",
      sourceRanges: [...GOOGLE_HEALTH_CHECK_RANGES],
      allow: [{ protocol: "tcp", ports }],
      targetTags,
    });
  }

  /**
   * Allows the Istio east-west gateway ports (15443 cross-network, 15012 istiod, 15017 webhook,
   * 15021 status) from the other networks of the mesh.
   *
   * @param label short name of the other networks (e.g. "aws"), part of the rule name
   */
  public allowMeshPorts(label: string, ranges: string[], targetTags?: string[]): FirewallRule {
    return this.addFirewallRule(`allow-mesh-${label}`, {
      description: `hybrid-mesh: Istio east-west gateway ports from mesh network ${label}`,
      sourceRanges: ranges,
      allow: [{ protocol: "tcp", ports: Object.values(MESH_PORTS).map(String) }],
      targetTags,
    });
  }
}
