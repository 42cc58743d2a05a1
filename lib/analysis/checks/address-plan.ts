import {
  AVOIDED_RANGES,
  Cidr,
  ClusterPlatform,
  findOverlaps,
  FindingLevel,
  RESERVED_RANGES,
  UNUSABLE_RANGES,
} from "../../core";
import { ClusterInput } from "../input";
import { DomainModel, NetworkModel } from "../model";
import { NetworkNames } from "../network-names";
import { ExplanationCode, Finding, PlannedRange } from "../result";

/** The ranges a network routes between sites. */
function routedRanges(d: DomainModel): { name: string; cidr: Cidr }[] {
  if (d.kind === "aws") return d.cidrs.map((c) => ({ name: "VPC", cidr: c }));
  if (d.kind === "on-premises") return d.ranges.map((c) => ({ name: "LAN", cidr: c }));
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

/**
 * The address plan: every routed range (by site) and cluster-internal range; routed ranges of
 * different sites must not overlap, nothing may sit in a special-purpose range, and no
 * cluster-internal range may hide a routed one.
 *
 * @internal
 */
export function checkAddressPlan(
  net: NetworkModel,
  names: NetworkNames,
  clusters: ClusterInput[],
  findings: Finding[],
): PlannedRange[] {
  const result: PlannedRange[] = [];
  const blocks: { name: string; cidr: Cidr; domain: string }[] = [];
  const domains = [...net.domains.values()].sort((a, b) => a.id.localeCompare(b.id));
  for (const d of domains) {
    for (const r of routedRanges(d)) {
      const site = names.site(d);
      result.push({ site, name: r.name, cidr: r.cidr.toString(), routed: true });
      blocks.push({ name: `${site} ${r.name}`, cidr: r.cidr, domain: d.id });
    }
  }
  const internal: { name: string; cidr: Cidr; cluster: string }[] = [];
  for (const c of clusters) {
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
      code: ExplanationCode.ADDRESS_OVERLAP,
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
        code: ExplanationCode.RESERVED_RANGE,
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
        code: ExplanationCode.INTERNAL_RANGE_OVERLAP,
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
