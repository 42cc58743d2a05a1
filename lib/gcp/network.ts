import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  allocateCidrs,
  check,
  checkCidr,
  checkGcpName,
  Cidr,
  countBetween,
  fail,
  findOverlaps,
  gcpName,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  oneOf,
  Problem,
  requireLiteral,
  Tags,
  checkGcpRegion,
  GOOGLE_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  req,
  str,
  arrayOf,
  int,
  num,
  bool,
  obj,
  enumOf,
  cidrKind,
  checkRoutableRange,
  constructId,
} from "../core";
import { FirewallRule, FirewallRuleOptions, GOOGLE_HEALTH_CHECK_RANGES, MESH_PORTS } from "./firewall";
import { checkMaxPodsPerNode, checkProjectId, nodePodPrefix, podRangePrefix } from "./rules";

/** How routes learned by Cloud Routers are shared across regions. */
export enum RoutingMode {
  /** Every region sees routes learned in any region (needed when VPN peers must reach subnets in other regions). */
  GLOBAL = "GLOBAL",
  /** Routes stay in the region that learned them. */
  REGIONAL = "REGIONAL",
}

/** A secondary range of a subnet (GKE pods or services). */
export interface SecondaryRangeOptions {
  /**
   * Range name, referenced by GKE clusters.
   *
   * @default - "<subnet>-pods" / "<subnet>-services"
   */
  readonly name?: string;
  /**
   * The range.
   *
   * @default - sized from the other options and allocated from `pool`
   */
  readonly cidr?: string;
  /**
   * Block to allocate the range from (first free aligned block) when `cidr` is not given.
   *
   * @default - required when `cidr` is not given
   */
  readonly pool?: string;
  /**
   * Prefix length when allocating from `pool`; for pods, computed from `maxNodes` and `maxPodsPerNode` by default.
   *
   * @default - pods: sized for maxNodes x maxPodsPerNode; services: 20
   */
  readonly prefixLength?: number;
}

/** The pod range of a subnet, sized for the nodes it must hold. */
export interface PodRangeOptions extends SecondaryRangeOptions {
  /**
   * Most nodes (in every node pool of every cluster using the subnet) the range must hold.
   *
   * @default 16
   */
  readonly maxNodes?: number;
  /**
   * Most pods per node (8-110): each node gets a block of twice that, rounded to a power of two
   * (110 → /24, 32 → /26, 8 → /28).
   *
   * @default 110
   */
  readonly maxPodsPerNode?: number;
}

/** Flow log settings of a subnet. */
export interface SubnetFlowLogOptions {
  /**
   * Whether to record flow logs (checkov CKV_GCP_26).
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Aggregation interval: "INTERVAL_5_SEC", "INTERVAL_30_SEC", "INTERVAL_1_MIN", "INTERVAL_5_MIN", "INTERVAL_10_MIN" or "INTERVAL_15_MIN".
   *
   * @default "INTERVAL_5_SEC"
   */
  readonly aggregationInterval?: string;
  /**
   * Share of flows sampled, 0 to 1.
   *
   * @default 0.5
   */
  readonly flowSampling?: number;
}

/** A subnet of a {@link GcpNetwork}. */
export interface GcpSubnetOptions {
  /**
   * Subnet name (RFC 1035, at most 63 characters).
   *
   * @default - "<network>-<region>", with a number for the second and later subnets
   */
  readonly name?: string;
  /** Primary range: node and VM addresses. GCP reserves 4 addresses of it. */
  readonly cidr: string;
  /**
   * Region of the subnet.
   *
   * @default - the network's region
   */
  readonly region?: string;
  /**
   * Secondary range for GKE pods.
   *
   * @default - none (no GKE cluster on this subnet)
   */
  readonly pods?: PodRangeOptions;
  /**
   * Secondary range for GKE services.
   *
   * @default - none
   */
  readonly services?: SecondaryRangeOptions;
  /**
   * Flow logs.
   *
   * @default - on, 5-second aggregation, half the flows sampled, all metadata
   */
  readonly flowLogs?: SubnetFlowLogOptions;
}

/** A named secondary range. */
export interface NamedRange {
  /** Range name. */
  readonly name: string;
  /** The range. */
  readonly cidr: string;
}

/** A subnet of a {@link GcpNetwork}. */
export interface GcpSubnet {
  /** Subnet name. */
  readonly name: string;
  /** Region of the subnet. */
  readonly region: string;
  /** Primary range. */
  readonly cidr: string;
  /** Secondary range for pods, if any. */
  readonly pods?: NamedRange;
  /** Most nodes the pod range was sized for. */
  readonly maxNodes?: number;
  /** Most pods per node the pod range was sized for. */
  readonly maxPodsPerNode?: number;
  /** Secondary range for services, if any. */
  readonly services?: NamedRange;
  /** The subnetwork resource. */
  readonly resource: ComputeSubnetwork;
  /** Self link of the subnet (a token). */
  readonly selfLink: string;
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

const SECONDARY_RANGE: Shape<SecondaryRangeOptions> = {
  name: str("range name", '"services"'),
  cidr: cidrKind(),
  pool: cidrKind(),
  prefixLength: int("prefix length", "20"),
};

const SUBNET: Shape<GcpSubnetOptions> = {
  name: str("subnet name", '"nodes"'),
  cidr: req(cidrKind()),
  region: str("GCP region", '"europe-west1"'),
  pods: obj<PodRangeOptions>(
    { ...SECONDARY_RANGE, maxNodes: int("node count", "16"), maxPodsPerNode: int("pod count", "110") },
    "pod range options",
    '{ cidr: "10.4.0.0/14" }',
  ),
  services: obj(SECONDARY_RANGE, "service range options", '{ cidr: "10.0.32.0/20" }'),
  flowLogs: obj<SubnetFlowLogOptions>(
    {
      enabled: bool(),
      aggregationInterval: str("aggregation interval", '"INTERVAL_5_SEC"'),
      flowSampling: num("fraction from 0 to 1", "0.5"),
    },
    "flow log options",
    "{ enabled: true }",
  ),
};

const PROPS: Shape<GcpNetworkProps> = {
  project: req(str("GCP project id", '"my-project"')),
  region: req(str("GCP region", '"europe-west1"')),
  name: str("network name", '"hybrid-vpc"'),
  subnets: arrayOf(obj(SUBNET, "subnet", '{ cidr: "10.10.0.0/20" }')),
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
      this.natRouter = new ComputeRouter(this, "NatRouter", {
        name: `${this.networkName.slice(0, 55).replace(/-+$/, "")}-nat`,
        project: this.project,
        region: this.region,
        network: this.networkId,
        description: "hybrid-mesh: Cloud NAT for private nodes",
      });
      this.nat = new ComputeRouterNat(this, "Nat", {
        name: `${this.networkName.slice(0, 55).replace(/-+$/, "")}-nat`,
        project: this.project,
        region: this.region,
        router: this.natRouter.name,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      });
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
    const scope = new SubnetScope(this, id);
    validateShape(scope, options, SUBNET);
    const region = check(scope, "region", options.region ?? this.region, checkGcpRegion);
    const name = check(
      scope,
      "name",
      options.name ??
        `${this.networkName.slice(0, 40)}-${region}${this.subnets.length > 0 ? `-${this.subnets.length + 1}` : ""}`,
      (n) => checkGcpName(n),
    );
    requireLiteral(scope, "cidr", options.cidr, "secondary ranges are checked against it at synth");
    check(scope, "cidr", options.cidr, (c) => checkSubnetRange(c, 8, 29, "a subnet range"));
    const taken = [options.cidr];
    let pods: NamedRange | undefined;
    let maxNodes: number | undefined;
    let maxPodsPerNode: number | undefined;
    if (options.pods) {
      maxNodes = check(
        scope,
        "pods.maxNodes",
        options.pods.maxNodes ?? 16,
        countBetween(1, 15000, "a GKE node count"),
      );
      maxPodsPerNode = check(
        scope,
        "pods.maxPodsPerNode",
        options.pods.maxPodsPerNode ?? 110,
        checkMaxPodsPerNode,
      );
      const needed = podRangePrefix(maxNodes, maxPodsPerNode);
      const cidr = this.secondary(scope, "pods", options.pods, needed, taken);
      const size = Cidr.parse(cidr).prefixLength;
      if (size > needed) {
        fail(scope, "pods.cidr", cidr, {
          rule: `${maxNodes} nodes with up to ${maxPodsPerNode} pods each need a /${needed} pod range (a /${nodePodPrefix(maxPodsPerNode)} per node), and ${cidr} is smaller`,
          fix: `use a /${needed} or larger, or fewer nodes or pods per node`,
        });
      }
      taken.push(cidr);
      pods = {
        name: check(scope, "pods.name", options.pods.name ?? `${name.slice(0, 58)}-pods`, (n) =>
          checkGcpName(n),
        ),
        cidr,
      };
    }
    let services: NamedRange | undefined;
    if (options.services) {
      const cidr = this.secondary(
        scope,
        "services",
        options.services,
        options.services.prefixLength ?? 20,
        taken,
      );
      check(scope, "services.cidr", cidr, (c) => checkSubnetRange(c, 8, 27, "a service range"));
      services = {
        name: check(scope, "services.name", options.services.name ?? `${name.slice(0, 54)}-services`, (n) =>
          checkGcpName(n),
        ),
        cidr,
      };
    }
    const ranges = [
      { name: "cidr", cidr: options.cidr },
      ...(pods ? [{ name: "pods", cidr: pods.cidr }] : []),
      ...(services ? [{ name: "services", cidr: services.cidr }] : []),
    ];
    const clash = findOverlaps(ranges)[0];
    if (clash) {
      // Report the secondary range (the primary range is the anchor).
      const [bad, other] = clash.b.name === "cidr" ? [clash.a, clash.b] : [clash.b, clash.a];
      fail(scope, `${bad.name}.cidr`, bad.cidr.toString(), {
        rule: `the primary, pod and service ranges of a subnet must not overlap, and it overlaps ${other.name === "cidr" ? "the primary range" : `the ${other.name} range`} (${other.cidr.toString()})`,
        fix: "use disjoint ranges",
      });
    }
    if (pods && services && pods.name === services.name) {
      fail(scope, "services.name", services.name, {
        rule: "the pod and service ranges need different names",
        fix: "rename one of them",
      });
    }
    const flow = options.flowLogs ?? {};
    const interval = check(
      scope,
      "flowLogs.aggregationInterval",
      flow.aggregationInterval ?? "INTERVAL_5_SEC",
      oneOf(
        [
          "INTERVAL_5_SEC",
          "INTERVAL_30_SEC",
          "INTERVAL_1_MIN",
          "INTERVAL_5_MIN",
          "INTERVAL_10_MIN",
          "INTERVAL_15_MIN",
        ],
        "the flow log aggregation interval",
      ),
    );
    const sampling = check(scope, "flowLogs.flowSampling", flow.flowSampling ?? 0.5, (f) =>
      f > 0 && f <= 1
        ? undefined
        : { rule: "flow sampling is a share above 0, at most 1", fix: "use e.g. 0.5" },
    );
    const resource = new ComputeSubnetwork(scope, "Resource", {
      name,
      project: this.project,
      region,
      network: this.networkId,
      ipCidrRange: options.cidr,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        ...(pods ? [{ rangeName: pods.name, ipCidrRange: pods.cidr }] : []),
        ...(services ? [{ rangeName: services.name, ipCidrRange: services.cidr }] : []),
      ],
      logConfig:
        flow.enabled === false
          ? undefined
          : { aggregationInterval: interval, flowSampling: sampling, metadata: "INCLUDE_ALL_METADATA" },
    });
    if (flow.enabled === false) {
      Annotations.of(scope).addWarning(
        `hybrid-mesh: flow logs are off for subnet ${name} (checkov CKV_GCP_26).`,
      );
    }
    const subnet: GcpSubnet = {
      name,
      region,
      cidr: options.cidr,
      pods,
      maxNodes,
      maxPodsPerNode,
      services,
      resource,
      selfLink: resource.selfLink,
    };
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

  private secondary(
    scope: Construct,
    property: string,
    options: SecondaryRangeOptions,
    prefix: number,
    taken: string[],
  ): string {
    if (options.cidr !== undefined) {
      requireLiteral(
        scope,
        `${property}.cidr`,
        options.cidr,
        "it is checked against the primary range at synth",
      );
      check(scope, `${property}.cidr`, options.cidr, (c) =>
        checkSubnetRange(c, 8, 29, `a ${property} range`),
      );
      return options.cidr;
    }
    if (options.pool === undefined) {
      return fail(scope, `${property}.cidr`, undefined, {
        rule: `the ${property} range needs either a cidr or a pool to allocate it from`,
        fix: `give ${property}.cidr (e.g. "10.4.0.0/14") or ${property}.pool`,
      });
    }
    check(scope, `${property}.pool`, options.pool, checkCidr);
    const length = check(
      scope,
      `${property}.prefixLength`,
      options.prefixLength ?? prefix,
      countBetween(Cidr.parse(options.pool).prefixLength, 29, "a secondary range prefix length"),
    );
    try {
      return allocateCidrs(options.pool, [length], taken)[0].toString();
    } catch {
      return fail(scope, `${property}.pool`, options.pool, {
        rule: `no free /${length} is left in ${options.pool} for the ${property} range`,
        fix: "use a larger pool or give the range",
      });
    }
  }
}

/** The construct holding a subnet (named in error messages). */
class SubnetScope extends Construct {
  public readonly hybridMeshType = "GcpSubnet";
}

/** Checks a range used in a VPC: a CIDR between /min and /max, outside the special-purpose ranges GCP forbids (0.0.0.0/8, loopback, link-local, multicast) and Docker's bridge. */
export function checkSubnetRange(cidr: string, min: number, max: number, what: string): Problem | undefined {
  const syntax = checkCidr(cidr);
  if (syntax) return syntax;
  const block = Cidr.parse(cidr);
  if (block.prefixLength < min || block.prefixLength > max) {
    return {
      rule: `${what} must be between /${min} and /${max}`,
      fix: `use e.g. a /${Math.min(Math.max(min, 20), max)}`,
    };
  }
  const reserved = checkRoutableRange(cidr, what);
  if (reserved) return { ...reserved, fix: "pick another range" };
  return undefined;
}
