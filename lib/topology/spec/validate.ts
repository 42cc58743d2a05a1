import { IConstruct } from "constructs";
import {
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
  countBetween,
  fail,
  findOverlaps,
  isUnresolved,
} from "../../core";
import { checkControlPlaneCidr, checkProjectNumber } from "../../gcp";
import { checkPeerAddresses, checkPeerRange } from "../../vpn";
import type { SiteKind } from "../context";
import { givenRanges, planAddresses } from "../plan/addresses";
import type { TopologyRanges } from "../plan/ranges";
import type { HybridTopologyProps } from "../props";
import { AwsSiteSpec, DeployerSpec, GcpSiteSpec, LinkSpec, OnPremSiteSpec } from "./spec";

// The checks of the specs beyond their shapes, in this order (the first problem is the error):
// sites and clusters, each platform's sites, explicit ranges, the deployer, the links.

/**
 * Checks the specs of a topology (their shapes already checked) and returns the platform of
 * every site, by name, in site order.
 *
 * @throws HybridMeshError naming the first property in error
 * @internal
 */
export function validateSpecs(scope: IConstruct, props: HybridTopologyProps): Map<string, SiteKind> {
  const aws = props.aws ?? [];
  const gcp = props.gcp ?? [];
  const onPrem = props.onPremises ?? [];
  const kinds = validateSites(scope, aws, gcp, onPrem);
  validateAwsSites(scope, aws);
  validateGcpSites(scope, props.supernet, aws, gcp, onPrem);
  validateOnPremSites(scope, onPrem);
  validateGivenRanges(scope, props.supernet, aws, gcp, onPrem);
  if (props.deployer) validateDeployer(scope, props.deployer, kinds);
  validateLinks(scope, props.links ?? [], kinds);
  return kinds;
}

/** Sites and their clusters: at least one, names valid and unique. */
function validateSites(
  scope: IConstruct,
  aws: AwsSiteSpec[],
  gcp: GcpSiteSpec[],
  onPrem: OnPremSiteSpec[],
): Map<string, SiteKind> {
  const kinds = new Map<string, SiteKind>();
  const clusters = new Set<string>();
  const all: [SiteKind, { name: string; cluster: { name: string } }, string][] = [
    ...aws.map((s, i) => ["aws", s, `aws[${i}]`] as [SiteKind, typeof s, string]),
    ...gcp.map((s, i) => ["gcp", s, `gcp[${i}]`] as [SiteKind, typeof s, string]),
    ...onPrem.map((s, i) => ["on-premises", s, `onPremises[${i}]`] as [SiteKind, typeof s, string]),
  ];
  if (all.length === 0) {
    fail(scope, "sites", [], {
      rule: "a topology needs at least one site",
      fix: "give aws, gcp or onPremises sites",
    });
  }
  for (const [kind, s, where] of all) {
    check(scope, `${where}.name`, s.name, checkDns1123Label);
    if (kinds.has(s.name)) {
      fail(scope, `${where}.name`, s.name, {
        rule: "site names must be unique in the topology",
        fix: "rename one of the sites",
      });
    }
    kinds.set(s.name, kind);
    if (clusters.has(s.cluster.name)) {
      fail(scope, `${where}.cluster.name`, s.cluster.name, {
        rule: "cluster names must be unique in the topology (they name the clusters in the mesh)",
        fix: "rename one of the clusters",
      });
    }
    clusters.add(s.cluster.name);
  }
  return kinds;
}

/** AWS sites: region and zones, VPC range, ASN, node counts. */
function validateAwsSites(scope: IConstruct, aws: AwsSiteSpec[]): void {
  aws.forEach((s, i) => {
    check(scope, `aws[${i}].region`, s.region, checkAwsRegion);
    checkEach(scope, `aws[${i}].availabilityZones`, s.availabilityZones, (z) => checkAwsZone(z, s.region));
    check(scope, `aws[${i}].cidr`, s.cidr, (c) => checkRoutableRange(c, "a VPC range"));
    check(scope, `aws[${i}].asn`, s.asn, checkAwsAmazonSideAsn);
    check(scope, `aws[${i}].cluster.minNodes`, s.cluster.minNodes, countBetween(0, 1000, "a node count"));
    check(scope, `aws[${i}].cluster.maxNodes`, s.cluster.maxNodes, countBetween(1, 1000, "a node count"));
  });
}

/** GCP sites: region and zone, project number, ASN, node counts, ranges. */
function validateGcpSites(
  scope: IConstruct,
  supernet: string | undefined,
  aws: AwsSiteSpec[],
  gcp: GcpSiteSpec[],
  onPrem: OnPremSiteSpec[],
): void {
  gcp.forEach((s, i) => {
    check(scope, `gcp[${i}].region`, s.region, checkGcpRegion);
    check(scope, `gcp[${i}].cluster.zone`, s.cluster.zone, (z) => checkGcpZone(z, s.region));
    check(scope, `gcp[${i}].projectNumber`, s.projectNumber, checkProjectNumber);
    check(scope, `gcp[${i}].asn`, s.asn, checkCloudRouterAsn);
    // GKE allows up to 1000 nodes per zone in a node pool; the pod range is sized from it.
    check(
      scope,
      `gcp[${i}].cluster.maxNodesPerZone`,
      s.cluster.maxNodesPerZone,
      countBetween(1, 1000, "a GKE node count per zone"),
    );
    for (const [prop, cidr] of [
      ["subnetCidr", s.subnetCidr],
      ["podCidr", s.podCidr],
      ["serviceCidr", s.serviceCidr],
    ] as const) {
      check(scope, `gcp[${i}].${prop}`, cidr, (c) =>
        checkRoutableRange(c, "a GCP subnet or secondary range"),
      );
    }
    check(scope, `gcp[${i}].cluster.controlPlaneCidr`, s.cluster.controlPlaneCidr, (c) => {
      const problem = checkControlPlaneCidr(c);
      return problem && { ...problem, fix: freeControlPlaneFix(supernet, i, aws, gcp, onPrem) };
    });
  });
}

/** On-premises sites: ranges, cluster addresses in them, the VPN device. */
function validateOnPremSites(scope: IConstruct, onPrem: OnPremSiteSpec[]): void {
  onPrem.forEach((s, i) => {
    if (s.ranges.length === 0) {
      fail(scope, `onPremises[${i}].ranges`, s.ranges, {
        rule: "an on-premises site needs the ranges it routes over the VPN",
        fix: 'give them, e.g. ["172.16.232.0/24"]',
      });
    }
    s.ranges.forEach((r, j) =>
      check(scope, `onPremises[${i}].ranges[${j}]`, r, (c) => checkRoutableRange(c, "an on-premises range")),
    );
    for (const [prop, address] of [
      ["cluster.apiServerAddress", s.cluster.apiServerAddress],
      ["cluster.gatewayAddress", s.cluster.gatewayAddress],
    ] as const) {
      if (address === undefined) continue;
      check(scope, `onPremises[${i}].${prop}`, address, checkIpv4Address);
      if (!isUnresolved(address) && !s.ranges.some((r) => Cidr.parse(r).containsAddress(address))) {
        fail(scope, `onPremises[${i}].${prop}`, address, {
          rule: `the address must lie in the site's ranges (${s.ranges.join(", ")}), which the other sites route to`,
          fix: "use an address of the site's LAN or load-balancer pool, or add its range",
        });
      }
    }
    check(scope, `onPremises[${i}].cluster.apiServerPort`, s.cluster.apiServerPort, checkPort);
    const bgp = s.vpn.asn !== undefined;
    const allowed = bgp ? [1, 2, 4] : [1];
    const rule = bgp
      ? "an HA VPN peer has 1, 2 or 4 public addresses"
      : "without BGP (no vpn.asn) the link is Classic VPN, which has one peer address";
    const fix = bgp ? "give 1, 2 or 4 addresses" : "give one address, or the device's ASN for HA VPN";
    if (s.vpn.addresses !== undefined && !allowed.includes(s.vpn.addresses.length)) {
      fail(scope, `onPremises[${i}].vpn.addresses`, s.vpn.addresses, { rule, fix });
    }
    if (s.vpn.addresses !== undefined && s.vpn.addressCount !== undefined) {
      fail(scope, `onPremises[${i}].vpn.addressCount`, s.vpn.addressCount, {
        rule: "addressCount declares Terraform variables for addresses not given; the addresses are given",
        fix: "give either vpn.addresses or vpn.addressCount",
      });
    }
    check(scope, `onPremises[${i}].vpn.addressCount`, s.vpn.addressCount, (n) =>
      allowed.includes(n)
        ? undefined
        : {
            rule: rule.replace("public addresses", "public addresses (addressCount)"),
            fix: fix.replace("give", "declare"),
          },
    );
    if (s.vpn.addresses !== undefined)
      checkPeerAddresses(scope, `onPremises[${i}].vpn.addresses`, s.vpn.addresses);
    check(scope, `onPremises[${i}].vpn.asn`, s.vpn.asn, checkAwsCustomerGatewayAsn);
  });
}

/** Ranges given explicitly that overlap: one error naming both props (not one per link). */
function validateGivenRanges(
  scope: IConstruct,
  supernet: string | undefined,
  aws: AwsSiteSpec[],
  gcp: GcpSiteSpec[],
  onPrem: OnPremSiteSpec[],
): void {
  const given = givenRanges(aws, gcp, onPrem);
  const overlap = findOverlaps(given)[0];
  if (overlap) {
    fail(scope, overlap.b.name, overlap.b.cidr.toString(), {
      rule: `it overlaps ${overlap.a.name} (${overlap.a.cidr.toString()}): every range routed between sites must be unique, or traffic for the shared addresses cannot be routed`,
      fix: supernet
        ? `give one of them another range, or leave one unset and the address plan allocates it from ${supernet}`
        : "give one of them another range",
    });
  }
}

/** Where Terraform runs for the mesh stacks: a site of the topology, or ranges other than the whole internet. */
function validateDeployer(scope: IConstruct, deployer: DeployerSpec, kinds: Map<string, SiteKind>): void {
  if (deployer.site !== undefined && !kinds.has(deployer.site)) {
    fail(scope, "deployer.site", deployer.site, {
      rule: "the deployer runs in a site of the topology, and there is no such site",
      fix: `use one of ${[...kinds.keys()].join(", ")}, or give only cidrs for a network outside every site`,
    });
  }
  if (deployer.site === undefined && (deployer.cidrs ?? []).length === 0) {
    fail(scope, "deployer", deployer, {
      rule: "where Terraform runs is a site of the topology or the ranges it connects from",
      fix: 'give deployer.site (e.g. "aws") or deployer.cidrs (e.g. ["203.0.113.0/28"])',
    });
  }
  checkEach(
    scope,
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

/** Links: between existing sites, one end on GCP, one link per pair and per AWS site. */
function validateLinks(scope: IConstruct, links: LinkSpec[], kinds: Map<string, SiteKind>): void {
  const linkedAws = new Map<string, number>();
  const seen = new Set<string>();
  links.forEach((l, i) => {
    for (const end of [l.between, l.and]) {
      if (!kinds.has(end)) {
        fail(scope, `links[${i}]`, `${l.between} <-> ${l.and}`, {
          rule: `there is no site ${end}`,
          fix: `link sites of the topology: ${[...kinds.keys()].join(", ")}`,
        });
      }
    }
    const ends = [kinds.get(l.between)!, kinds.get(l.and)!];
    if (l.between === l.and || !ends.includes("gcp") || (ends[0] === "gcp" && ends[1] === "gcp")) {
      fail(scope, `links[${i}]`, `${l.between} <-> ${l.and}`, {
        rule: "a link joins a GCP site to an AWS or on-premises site (Cloud VPN is the GCP end of every link)",
        fix: "link AWS and on-premises sites to a GCP site; traffic between them transits through it",
      });
    }
    checkEach(scope, `links[${i}].additionalRanges`, l.additionalRanges, checkPeerRange);
    const key = [l.between, l.and].sort().join("|");
    if (seen.has(key)) {
      fail(scope, `links[${i}]`, `${l.between} <-> ${l.and}`, {
        rule: "two links join the same sites",
        fix: "use one link (with 4 tunnels for redundancy)",
      });
    }
    seen.add(key);
    const awsEnd = ends[0] === "aws" ? l.between : ends[1] === "aws" ? l.and : undefined;
    if (awsEnd) {
      if (linkedAws.has(awsEnd)) {
        fail(scope, `links[${i}]`, `${l.between} <-> ${l.and}`, {
          rule: `AWS site ${awsEnd} already has a link (links[${linkedAws.get(awsEnd)}]): a VPC takes one virtual private gateway, and a VPC does not route between VPN connections`,
          fix: "link the AWS site to one GCP site; the others reach it through that one",
        });
      }
      linkedAws.set(awsEnd, i);
    }
  });
}

/** A fix for a bad control-plane range: the /28 the address plan would give, when there is a plan. */
function freeControlPlaneFix(
  supernet: string | undefined,
  index: number,
  aws: AwsSiteSpec[],
  gcp: GcpSiteSpec[],
  onPrem: OnPremSiteSpec[],
): string {
  const unset = gcp.map((s, i) =>
    i === index ? { ...s, cluster: { ...s.cluster, controlPlaneCidr: undefined } } : s,
  );
  try {
    const planned = planAddresses(supernet, aws, unset, onPrem).gcp[gcp[index].name].controlPlane;
    return `leave it unset (the address plan then allocates ${planned}), or give a free /28 such as ${planned}`;
  } catch {
    return "give a /28 that overlaps no other range of the topology, e.g. in 172.16.0.0/16";
  }
}

/**
 * The links' additional ranges against the address plan: a range the plan already has is routed
 * (or cluster-internal) already, and one overlapping it would route the same addresses two ways.
 *
 * @throws HybridMeshError naming the first additional range in error
 * @internal
 */
export function validateAdditionalRanges(
  scope: IConstruct,
  links: readonly LinkSpec[],
  ranges: TopologyRanges,
  planned: readonly string[],
): void {
  const plan = planned.filter(Cidr.isCidr).map((cidr) => ({ cidr, block: Cidr.parse(cidr) }));
  links.forEach((l, i) => {
    const seen = new Set<string>();
    checkEach(scope, `links[${i}].additionalRanges`, l.additionalRanges, (cidr) => {
      if (seen.has(cidr)) return { rule: "the range is given twice", fix: "give each additional range once" };
      seen.add(cidr);
      const block = Cidr.parse(cidr);
      const hit = plan.find((p) => p.block.overlaps(block));
      return hit
        ? {
            rule: `it overlaps ${hit.cidr} (${ranges.describe(hit.cidr)}) of the address plan, which the topology routes (or keeps inside its cluster) already`,
            fix: "give only ranges the address plan does not hold, e.g. a network behind the GCP site",
          }
        : undefined;
    });
  });
}
