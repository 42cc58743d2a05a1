// The subnets of a GcpNetwork: their options, and how one is checked and created (its pod and
// service ranges sized, allocated and kept apart; flow logs). Range sizing is in subnet-ranges.ts.
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  bool,
  check,
  checkGcpName,
  checkGcpRegion,
  Cidr,
  cidrKind,
  countBetween,
  fail,
  findOverlaps,
  int,
  num,
  obj,
  oneOf,
  req,
  requireLiteral,
  Shape,
  str,
  validateShape,
} from "../core";
import type { GcpNetwork } from "./network";
import {
  checkMaxPodsPerNode,
  checkSubnetRange,
  nodePodPrefix,
  podRangePrefix,
  secondaryRange,
} from "./subnet-ranges";

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

const SECONDARY_RANGE: Shape<SecondaryRangeOptions> = {
  name: str("range name", '"services"'),
  cidr: cidrKind(),
  pool: cidrKind(),
  prefixLength: int("prefix length", "20"),
};

/**
 * The shape of {@link GcpSubnetOptions}.
 *
 * @internal
 */
export const SUBNET_SHAPE: Shape<GcpSubnetOptions> = {
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

/** The construct holding a subnet (named in error messages). */
class SubnetScope extends Construct {
  public readonly hybridMeshType = "GcpSubnet";
}

/** A pod range and the nodes and pods it was sized for. */
interface SizedPodRange {
  readonly pods: NamedRange;
  readonly maxNodes: number;
  readonly maxPodsPerNode: number;
}

/**
 * Checks the options of a subnet of `network` and creates it in a construct `id` of the network:
 * its pod and service ranges are allocated from their pools if not given, and checked against
 * the primary range and each other.
 *
 * @internal
 */
export function newSubnet(network: GcpNetwork, id: string, options: GcpSubnetOptions): GcpSubnet {
  const scope = new SubnetScope(network, id);
  validateShape(scope, options, SUBNET_SHAPE);
  const region = check(scope, "region", options.region ?? network.region, checkGcpRegion);
  const count = network.subnets.length;
  const name = check(
    scope,
    "name",
    options.name ?? `${network.networkName.slice(0, 40)}-${region}${count > 0 ? `-${count + 1}` : ""}`,
    (n) => checkGcpName(n),
  );
  requireLiteral(scope, "cidr", options.cidr, "secondary ranges are checked against it at synth");
  check(scope, "cidr", options.cidr, (c) => checkSubnetRange(c, 8, 29, "a subnet range"));
  const taken = [options.cidr];
  const sized = options.pods ? podRange(scope, name, options.pods, taken) : undefined;
  if (sized) taken.push(sized.pods.cidr);
  const pods = sized?.pods;
  const services = options.services ? serviceRange(scope, name, options.services, taken) : undefined;
  checkDisjoint(scope, options.cidr, pods, services);
  if (pods && services && pods.name === services.name) {
    fail(scope, "services.name", services.name, {
      rule: "the pod and service ranges need different names",
      fix: "rename one of them",
    });
  }
  const flow = options.flowLogs ?? {};
  const logConfig = flowLogConfig(scope, flow);
  const resource = new ComputeSubnetwork(scope, "Resource", {
    name,
    project: network.project,
    region,
    network: network.networkId,
    ipCidrRange: options.cidr,
    privateIpGoogleAccess: true,
    secondaryIpRange: [
      ...(pods ? [{ rangeName: pods.name, ipCidrRange: pods.cidr }] : []),
      ...(services ? [{ rangeName: services.name, ipCidrRange: services.cidr }] : []),
    ],
    logConfig: flow.enabled === false ? undefined : logConfig,
  });
  if (flow.enabled === false) {
    Annotations.of(scope).addWarning(
      `hybrid-mesh: flow logs are off for subnet ${name} (checkov CKV_GCP_26).`,
    );
  }
  return {
    name,
    region,
    cidr: options.cidr,
    pods,
    maxNodes: sized?.maxNodes,
    maxPodsPerNode: sized?.maxPodsPerNode,
    services,
    resource,
    selfLink: resource.selfLink,
  };
}

/** The pod range of subnet `name`: given or allocated, large enough for its nodes and pods. */
function podRange(scope: Construct, name: string, options: PodRangeOptions, taken: string[]): SizedPodRange {
  const maxNodes = check(
    scope,
    "pods.maxNodes",
    options.maxNodes ?? 16,
    countBetween(1, 15000, "a GKE node count"),
  );
  const maxPodsPerNode = check(
    scope,
    "pods.maxPodsPerNode",
    options.maxPodsPerNode ?? 110,
    checkMaxPodsPerNode,
  );
  const needed = podRangePrefix(maxNodes, maxPodsPerNode);
  const cidr = secondaryRange(scope, "pods", options, needed, taken);
  const size = Cidr.parse(cidr).prefixLength;
  if (size > needed) {
    fail(scope, "pods.cidr", cidr, {
      rule: `${maxNodes} nodes with up to ${maxPodsPerNode} pods each need a /${needed} pod range (a /${nodePodPrefix(maxPodsPerNode)} per node), and ${cidr} is smaller`,
      fix: `use a /${needed} or larger, or fewer nodes or pods per node`,
    });
  }
  const pods = {
    name: check(scope, "pods.name", options.name ?? `${name.slice(0, 58)}-pods`, (n) => checkGcpName(n)),
    cidr,
  };
  return { pods, maxNodes, maxPodsPerNode };
}

/** The service range of subnet `name`: given or allocated (a /20 by default). */
function serviceRange(
  scope: Construct,
  name: string,
  options: SecondaryRangeOptions,
  taken: string[],
): NamedRange {
  const cidr = secondaryRange(scope, "services", options, options.prefixLength ?? 20, taken);
  check(scope, "services.cidr", cidr, (c) => checkSubnetRange(c, 8, 27, "a service range"));
  return {
    name: check(scope, "services.name", options.name ?? `${name.slice(0, 54)}-services`, (n) =>
      checkGcpName(n),
    ),
    cidr,
  };
}

/** Fails when the primary, pod and service ranges of a subnet overlap, naming the secondary range. */
function checkDisjoint(scope: Construct, cidr: string, pods?: NamedRange, services?: NamedRange): void {
  const ranges = [
    { name: "cidr", cidr },
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
}

/** The checked flow log settings of a subnet (checked even when flow logs are off). */
function flowLogConfig(scope: Construct, flow: SubnetFlowLogOptions) {
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
  return { aggregationInterval: interval, flowSampling: sampling, metadata: "INCLUDE_ALL_METADATA" };
}
