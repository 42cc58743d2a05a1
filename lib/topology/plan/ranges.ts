import { Cidr, summarizeCidrs } from "../../core";
import { AwsSiteSpec, DeployerSpec, GcpSiteSpec, OnPremSiteSpec } from "../spec/spec";
import { AddressPlan } from "./addresses";

/**
 * Ranges a site contributes to routing and as traffic sources.
 *
 * @internal
 */
export interface SiteRanges {
  /** Routed ranges (advertised, firewalled, transit). */
  readonly routed: string[];
  /** Where its mesh workloads (and istiod) connect from. */
  readonly workloads: string[];
  /** Where its API server connects from (webhooks). */
  readonly controlPlane: string[];
}

/**
 * The ranges of every site of a topology, from its address plan: what each site routes, where
 * its traffic comes from, and a short label per range ("gcp-pods") for rule names and
 * descriptions.
 *
 * @internal
 */
export class TopologyRanges {
  private readonly bySite = new Map<string, SiteRanges>();
  private readonly labels = new Map<string, string>();
  /** What each planned range is, by site: "gke-cluster pods", "VPC", "LAN". */
  private readonly roles = new Map<string, { site: string; what: string }>();

  constructor(
    plan: AddressPlan,
    aws: readonly AwsSiteSpec[],
    gcp: readonly GcpSiteSpec[],
    onPrem: readonly OnPremSiteSpec[],
  ) {
    for (const s of aws) {
      const p = plan.aws[s.name];
      this.bySite.set(s.name, { routed: [p.vpc], workloads: [p.vpc], controlPlane: [p.vpc] });
      this.labels.set(p.vpc, `${s.name}-vpc`);
      this.roles.set(p.vpc, { site: s.name, what: "VPC" });
      this.roles.set(p.pods, { site: s.name, what: `${s.cluster.name} pods (cluster-internal)` });
      this.roles.set(p.services, { site: s.name, what: `${s.cluster.name} services (cluster-internal)` });
    }
    for (const s of gcp) {
      const p = plan.gcp[s.name];
      this.labels.set(p.subnet, `${s.name}-nodes`);
      this.labels.set(p.pods, `${s.name}-pods`);
      this.labels.set(p.services, `${s.name}-services`);
      this.labels.set(p.controlPlane, `${s.name}-control-plane`);
      const c = s.cluster.name;
      this.roles.set(p.subnet, { site: s.name, what: `${c} nodes` });
      this.roles.set(p.pods, { site: s.name, what: `${c} pods` });
      this.roles.set(p.services, { site: s.name, what: `${c} services` });
      this.roles.set(p.controlPlane, { site: s.name, what: `${c} control plane` });
      this.bySite.set(s.name, {
        routed: [p.subnet, p.pods, p.services, p.controlPlane],
        // GKE pods keep their addresses towards private destinations (no SNAT).
        workloads: [p.subnet, p.pods],
        controlPlane: [p.controlPlane],
      });
    }
    for (const s of onPrem) {
      s.ranges.forEach((r, i) => {
        const n = s.ranges.length > 1 ? ` ${i + 1}` : "";
        this.labels.set(r, `${s.name}-lan${n.replace(" ", "-")}`);
        this.roles.set(r, { site: s.name, what: `LAN${n}` });
      });
      this.bySite.set(s.name, {
        routed: [...s.ranges],
        workloads: [...s.ranges],
        controlPlane: [...s.ranges],
      });
    }
  }

  /** The ranges of a site. */
  public of(site: string): SiteRanges {
    return this.bySite.get(site)!;
  }

  /** A short label for a range: its own ("gcp-pods"), or the sites whose ranges it merges ("gcp"). */
  public labelOf(cidr: string): string {
    const own = this.labels.get(cidr);
    if (own) return own;
    const block = Cidr.parse(cidr);
    const sites = [...this.bySite.entries()]
      .filter(([, r]) => r.routed.some((x) => block.contains(Cidr.parse(x))))
      .map(([site]) => site);
    return sites.length ? sites.join("-").slice(0, 40) : cidr.replace(/[./]/g, "-");
  }

  /**
   * Where a range is, for a peer sheet: "gcp: gke-cluster pods" for a planned range, the planned
   * range holding it ("dc: LAN, part"), "Terraform (deployer)", or "given" for another one.
   */
  public describe(cidr: string): string {
    const r = this.roleOf(cidr);
    if (r && !r.part) return `${r.site}: ${r.what}`;
    if (this.labels.get(cidr) === "deployer") return "Terraform (deployer)";
    return r ? `${r.site}: ${r.what}, part` : "given";
  }

  /** The site a planned range (or a range inside one) belongs to, if any. */
  public siteOf(cidr: string): string | undefined {
    return this.roleOf(cidr)?.site;
  }

  /** The planned range `cidr` is, or the planned range holding it (`part`). */
  private roleOf(cidr: string): { site: string; what: string; part: boolean } | undefined {
    const own = this.roles.get(cidr);
    if (own) return { ...own, part: false };
    const block = Cidr.tryParse(cidr);
    const holder = block && [...this.roles.entries()].find(([r]) => Cidr.parse(r).contains(block));
    return holder ? { ...holder[1], part: true } : undefined;
  }

  /** The ranges Terraform runs from for the mesh stacks (props.deployer), if given; labels them "deployer". */
  public deployerCidrs(deployer: DeployerSpec | undefined): string[] {
    if (!deployer) return [];
    if (deployer.cidrs) {
      deployer.cidrs.forEach((c) => this.labels.set(c, this.labels.get(c) ?? "deployer"));
      return [...deployer.cidrs];
    }
    return deployer.site ? [...this.of(deployer.site).workloads] : [];
  }

  /** What an on-premises site admits when not told (`acceptsFrom`): every other site's routed ranges. */
  public defaultAcceptsFrom(site: string): string[] {
    return unique([...this.bySite.entries()].filter(([name]) => name !== site).flatMap(([, r]) => r.routed));
  }
}

/**
 * Unique ranges, in the order first seen.
 *
 * @internal
 */
export function unique(ranges: string[]): string[] {
  return [...new Set(ranges)];
}

/**
 * The same addresses in as few blocks as possible (fewer firewall and security-group rules).
 *
 * @internal
 */
export function aggregate(ranges: string[]): string[] {
  return summarizeCidrs(ranges).map((c) => c.toString());
}
