import { FindingLevel } from "../../core";
import { Attempt, Attempts } from "../attempt";
import { Blocked } from "../blocked";
import { Endpoint, Endpoints } from "../endpoints";
import { AnalysisOptions } from "../input";
import { ExplanationCode, Finding, PathResult, PathStatus } from "../result";
import { SingleFailures } from "../single-failures";
import { Source, Sources } from "../sources";

/**
 * What the checks of the paths between clusters use: where clusters send from, the services they
 * listen on, and the checker.
 *
 * @internal
 */
export interface PathContext {
  /** The clusters' sources. */
  readonly sources: Sources;
  /** The clusters' endpoints. */
  readonly endpoints: Endpoints;
  /** The path checker. */
  readonly checker: PathChecker;
}

/** What every path from a client to one endpoint shares. */
type PathBase = Pick<PathResult, "from" | "to" | "service" | "port">;

/**
 * Checks the paths from a client's sources to an endpoint: one row per source range, blocked,
 * unchecked or reachable (with the single failures that break it), and the findings.
 *
 * @internal
 */
export class PathChecker {
  constructor(
    private readonly attempts: Attempts,
    private readonly failures: SingleFailures,
    private readonly options: Required<AnalysisOptions>,
  ) {}

  /** The paths from `from` (its sources, or why it has none) to endpoint `e`. */
  public check(from: string, srcs: Source[] | Blocked, e: Endpoint, findings: Finding[]): PathResult[] {
    const subject = `${from} -> ${e.cluster} ${e.port} (${e.service})`;
    const base = { from, to: e.cluster, service: e.service, port: e.port };
    if (!Array.isArray(srcs)) {
      findings.push({
        level: srcs.unchecked ? this.options.unchecked : FindingLevel.ERROR,
        code: srcs.code,
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
          status: srcs.unchecked ? PathStatus.UNCHECKED : PathStatus.BLOCKED,
          code: srcs.code,
          hops: [],
          blockedAt: srcs.hop,
          reason: srcs.reason,
          fix: srcs.fix,
          brokenBy: [],
        },
      ];
    }
    if (e.unchecked) {
      const code = e.uncheckedCode ?? ExplanationCode.UNKNOWN_NETWORK;
      findings.push({
        level: this.options.unchecked,
        code,
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
          code,
          hops: [],
          reason: e.unchecked,
          brokenBy: [],
        },
      ];
    }
    const destination = e.targets.map((t) => t.label).join(" | ");
    return srcs.map((src) => this.fromSource(src, e, base, subject, destination, findings));
  }

  /** The path from one source range to the endpoint: through any of its alternative targets. */
  private fromSource(
    src: Source,
    e: Endpoint,
    base: PathBase,
    subject: string,
    destination: string,
    findings: Finding[],
  ): PathResult {
    // Alternatives (a load balancer's address per zone): tried in order; once two reachable
    // alternatives share no single point of failure, the others cannot change the answer.
    let first: Attempt | undefined;
    let chosen: Attempt | undefined;
    let common: string[] | undefined;
    for (const target of e.targets) {
      const result = this.attempts.attempt(src, target, e.port);
      first ??= result;
      if (!result.ok) continue;
      chosen ??= result;
      const b = this.failures.ofPath(result.crossings, result.returnCrossings, target.zone);
      common = common ? common.filter((u) => b.includes(u)) : b;
      if (common.length === 0) break;
    }
    if (!chosen) {
      const blocked: Blocked = first?.blocked ?? {
        hop: e.cluster,
        reason: "the endpoint has no address",
        fix: "check the topology",
        code: ExplanationCode.NO_TARGET,
      };
      findings.push({
        level: blocked.unchecked ? this.options.unchecked : FindingLevel.ERROR,
        code: blocked.code,
        check: "reachability",
        subject: `${subject} from ${src.label}`,
        hop: blocked.hop,
        rule: blocked.unchecked
          ? `not checked: at ${blocked.hop}: ${blocked.reason}`
          : `blocked at ${blocked.hop}: ${blocked.reason}`,
        fix: blocked.fix,
      });
      return {
        ...base,
        source: src.label,
        destination,
        status: blocked.unchecked ? PathStatus.UNCHECKED : PathStatus.BLOCKED,
        code: blocked.code,
        hops: first ? first.hops() : [],
        blockedAt: blocked.hop,
        reason: blocked.reason,
        fix: blocked.fix,
        brokenBy: [],
      };
    }
    // Single failures: a unit breaks the path if it takes down every alternative target: its
    // zone, or every tunnel of one of its crossings. A zonal cluster's own zone (its placement)
    // is a warning; the loss of a tunnel, an interface, a device or a shared zone is not.
    const brokenBy = common ?? [];
    const zonal = e.zone ? `zone ${e.zone}` : undefined;
    if (zonal && !brokenBy.includes(zonal)) brokenBy.push(zonal);
    if (brokenBy.length > 1) brokenBy.sort();
    const others = brokenBy.filter((u) => u !== zonal);
    const code = others.length
      ? ExplanationCode.SINGLE_FAILURE
      : brokenBy.length
        ? ExplanationCode.ZONAL_CLUSTER
        : undefined;
    if (code && this.options.singleFailures !== "off") {
      findings.push({
        level: others.length ? this.options.singleFailures : FindingLevel.WARNING,
        code,
        check: "single-failure",
        subject: `${subject} from ${src.label}`,
        hop: others[0] ?? zonal!,
        rule: `the path does not survive the loss of ${brokenBy.join("; or ")}${zonal && brokenBy.includes(zonal) ? ` (${e.cluster} is a zonal cluster in ${e.zone})` : ""}`,
        fix: singleFailureFix(brokenBy, zonal, e.cluster),
      });
    }
    return new ReachablePath(
      base.from,
      base.to,
      base.service,
      base.port,
      src.label,
      destination,
      brokenBy,
      chosen,
      code,
    );
  }
}

/** How to survive each single failure that breaks a path, in words. */
function singleFailureFix(units: string[], zonal: string | undefined, cluster: string): string {
  const fixes = new Set<string>();
  for (const u of units) {
    if (u === zonal) {
      const zone = u.slice("zone ".length);
      fixes.add(
        `a regional cluster survives a zone loss: use a region as the cluster's location (${cluster} is in ${zone}; its region is ${zone.replace(/-[a-z]$/, "")})`,
      );
    } else if (u.startsWith("zone ")) fixes.add("list the gateway's address in every zone");
    else if (u.startsWith("Classic VPN gateway") || u.endsWith("'s VPN device")) fixes.add(CLASSIC_FIX);
    else if (u.includes("'s VPN device at "))
      fixes.add("give the site's VPN device two distinct addresses (one per external gateway interface)");
    else fixes.add(TUNNELS_FIX);
  }
  // A Classic VPN's one tunnel is mended by HA VPN, not by more Classic tunnels.
  if (fixes.has(CLASSIC_FIX)) fixes.delete(TUNNELS_FIX);
  return [...fixes].join("; ");
}

const CLASSIC_FIX = "use HA VPN with BGP (give the site's VPN device an ASN and two addresses)";
const TUNNELS_FIX = "use 4 tunnels on both HA VPN interfaces, with BGP on each";

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
    public readonly code?: ExplanationCode,
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
      ...(this.code ? { code: this.code } : {}),
      hops: this.hops,
      brokenBy: this.brokenBy,
    };
  }
}
