import { IConstruct } from "constructs";
import { allocateCidrs, check, checkCidr, Cidr, HybridMeshError, RESERVED_RANGES } from "../../core";
import { podRangePrefix } from "../../gcp";
import { AwsSiteSpec, GcpSiteSpec, OnPremSiteSpec } from "../spec/spec";

/** The planned ranges of an AWS site. */
export interface AwsSitePlan {
  /** VPC range (routed). */
  readonly vpc: string;
  /** Pod range (cluster-internal). */
  readonly pods: string;
  /** Service range (cluster-internal). */
  readonly services: string;
}

/** The planned ranges of a GCP site. */
export interface GcpSitePlan {
  /** Node subnet (routed). */
  readonly subnet: string;
  /** Pod range (routed: GKE pods keep their IPs towards RFC 1918 destinations). */
  readonly pods: string;
  /** Service range (cluster-internal). */
  readonly services: string;
  /** Control-plane /28 (routed, for the private endpoint). */
  readonly controlPlane: string;
  /** Most nodes the pod range holds. */
  readonly maxNodes: number;
}

/** The whole topology's address plan. */
export interface AddressPlan {
  /** Supernet the missing ranges were taken from, if any. */
  readonly supernet?: string;
  /** AWS sites by name. */
  readonly aws: Record<string, AwsSitePlan>;
  /** GCP sites by name. */
  readonly gcp: Record<string, GcpSitePlan>;
  /** On-premises ranges by site name. */
  readonly onPrem: Record<string, string[]>;
}

/** Default sizes of planned ranges. */
const SIZES = { awsVpc: 16, awsCluster: 16, gcpSubnet: 20, gcpServices: 20, controlPlane: 28 };

/**
 * Plans every range of the topology: the ones given are kept; the others are allocated, in site
 * order (AWS, then GCP), from `supernet`, each at the lowest free aligned position that overlaps
 * nothing given or planned (first fit), clear of 169.254.0.0/16 and 172.17.0.0/16. The same specs
 * always give the same plan.
 *
 * AWS cluster ranges keep Calico's and kubeadm's defaults (192.168.0.0/16, 10.96.0.0/12) unless
 * they overlap a range of the plan or the supernet (where later sites go); then they get a /16
 * of the supernet. Pods and services must not overlap a range the cluster reaches.
 *
 * @throws HybridMeshError when a range is missing and there is no supernet, or the supernet is full
 *
 * @internal
 */
export function planAddresses(
  supernet: string | undefined,
  aws: readonly AwsSiteSpec[],
  gcp: readonly GcpSiteSpec[],
  onPrem: readonly OnPremSiteSpec[],
): AddressPlan {
  const taken: string[] = [...RESERVED_RANGES, ...givenRanges(aws, gcp, onPrem).map((g) => g.cidr)];
  const invalid = taken.find((t) => !Cidr.isCidr(t));
  if (invalid) Cidr.parse(invalid, "ranges");

  /** Allocates `what` (the range of `property`, e.g. "aws[0].cidr") of a site from the supernet. */
  const allocate = (site: string, what: string, property: string, prefix: number): string => {
    if (supernet === undefined) {
      throw new HybridMeshError({
        property,
        value: undefined,
        rule: `the ${what} range of site ${site} is not given and the topology has no supernet to allocate it from`,
        fix: `give ${property}, or set supernet (e.g. "10.0.0.0/8") and every range not given is planned from it`,
      });
    }
    try {
      const block = allocateCidrs(supernet, [prefix], taken)[0].toString();
      taken.push(block);
      return block;
    } catch {
      throw new HybridMeshError({
        property: "supernet",
        value: supernet,
        rule: `no free /${prefix} is left in ${supernet} for the ${what} range of site ${site}`,
        fix: "use a larger supernet, or give some ranges explicitly",
      });
    }
  };
  // A default is kept only outside the supernet too: the supernet is where later sites are
  // allocated, and a cluster-internal range there would collide with them.
  const free = (candidate: string) =>
    !taken.some((t) => Cidr.parse(t).overlaps(Cidr.parse(candidate))) &&
    !(supernet !== undefined && Cidr.parse(supernet).overlaps(Cidr.parse(candidate)));

  const plan: AddressPlan = { supernet, aws: {}, gcp: {}, onPrem: {} };
  aws.forEach((s, i) => {
    const vpc = s.cidr ?? allocate(s.name, "VPC", `aws[${i}].cidr`, SIZES.awsVpc);
    plan.aws[s.name] = { vpc, pods: "", services: "" };
  });
  gcp.forEach((s, i) => {
    const zones = s.cluster.zone ? 1 : 3;
    const maxNodes = zones * (s.cluster.maxNodesPerZone ?? 3);
    plan.gcp[s.name] = {
      subnet: s.subnetCidr ?? allocate(s.name, "subnet", `gcp[${i}].subnetCidr`, SIZES.gcpSubnet),
      pods:
        s.podCidr ??
        allocate(
          s.name,
          "pod",
          `gcp[${i}].podCidr`,
          Math.min(podRangePrefix(Math.max(maxNodes, 16), 110), 24),
        ),
      services: s.serviceCidr ?? allocate(s.name, "service", `gcp[${i}].serviceCidr`, SIZES.gcpServices),
      controlPlane:
        s.cluster.controlPlaneCidr ??
        allocate(s.name, "control-plane", `gcp[${i}].cluster.controlPlaneCidr`, SIZES.controlPlane),
      maxNodes,
    };
  });
  for (const s of onPrem) plan.onPrem[s.name] = [...s.ranges];
  // Cluster-internal ranges of AWS clusters last, so that they avoid every routed range.
  aws.forEach((s, i) => {
    const given = (r: string | undefined, fallback: string, what: string, property: string) => {
      if (r) return r;
      if (free(fallback)) {
        taken.push(fallback);
        return fallback;
      }
      return allocate(s.name, what, property, SIZES.awsCluster);
    };
    const pods = given(s.cluster.podCidr, "192.168.0.0/16", "pod", `aws[${i}].cluster.podCidr`);
    const services = given(s.cluster.serviceCidr, "10.96.0.0/12", "service", `aws[${i}].cluster.serviceCidr`);
    plan.aws[s.name] = { ...plan.aws[s.name], pods, services };
  });
  return plan;
}

/**
 * The ranges the spec gives explicitly, each with the spec property that gives it, in site order.
 *
 * @internal
 */
export function givenRanges(
  aws: readonly AwsSiteSpec[],
  gcp: readonly GcpSiteSpec[],
  onPrem: readonly OnPremSiteSpec[],
): { name: string; cidr: string }[] {
  return [
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
    ...onPrem.flatMap((s, i) => s.ranges.map((cidr, j) => ({ name: `onPremises[${i}].ranges[${j}]`, cidr }))),
  ];
}

/**
 * Every range of an address plan, routed or cluster-internal, in site order.
 *
 * @internal
 */
export function plannedRanges(plan: AddressPlan): string[] {
  return [
    ...Object.values(plan.aws).flatMap((p) => [p.vpc, p.pods, p.services]),
    ...Object.values(plan.gcp).flatMap((p) => [p.subnet, p.pods, p.services, p.controlPlane]),
    ...Object.values(plan.onPrem).flat(),
  ];
}

/**
 * The address plan of a topology ({@link planAddresses}), its errors naming the topology.
 *
 * @internal
 */
export function planTopologyAddresses(
  scope: IConstruct,
  supernet: string | undefined,
  aws: readonly AwsSiteSpec[],
  gcp: readonly GcpSiteSpec[],
  onPrem: readonly OnPremSiteSpec[],
): AddressPlan {
  if (supernet !== undefined) check(scope, "supernet", supernet, checkCidr);
  try {
    return planAddresses(supernet, aws, gcp, onPrem);
  } catch (e) {
    if (HybridMeshError.isHybridMeshError(e)) {
      throw new HybridMeshError({
        scope,
        property: e.property,
        value: e.value,
        rule: e.rule,
        fix: e.fix,
      });
    }
    throw e;
  }
}
