import { FindingLevel, markdownTable } from "../../core";
import { AnalysisResult, PathStatus } from "../result";

/**
 * The analysis as a Markdown report: summary, findings, the reachability table (every cluster
 * pair, service and source range, with what blocks it and which single failures break it),
 * the links with their SLA, the address plan, and every path hop by hop.
 *
 * @internal
 */
export function renderAnalysisMarkdown(name: string, result: AnalysisResult): string {
  const reachable = result.paths.filter((p) => p.status === PathStatus.REACHABLE).length;
  const errors = result.findings.filter((f) => f.level === FindingLevel.ERROR).length;
  const warnings = result.findings.length - errors;
  const lines: string[] = [
    `# ${name}: network analysis`,
    "",
    "Computed by hybrid-mesh at synth from the synthesized Terraform (routes, BGP advertisements,",
    "static routes, tunnels, firewalls, security groups, network ACLs, load balancers) and the on-premises sites",
    "as the topology describes them (their devices are assumed to be configured as their peer sheets say).",
    "Resources with a count of 0 (or an empty for_each) are left out; one whose count is known only at plan",
    "time is not assumed to exist. Each finding, and each path blocked, unchecked or not surviving a single",
    "failure, carries an explanation code (ExplanationCode).",
    "",
    `- Result: **${errors === 0 ? "pass" : "FAIL"}** (${errors} error(s), ${warnings} warning(s))`,
    `- Paths reachable: ${reachable} of ${result.paths.length}`,
    `- Paths surviving any single failure (tunnel, VPN interface, zone): ${
      result.paths.filter((p) => p.status === PathStatus.REACHABLE && p.brokenBy.length === 0).length
    } of ${reachable}`,
    "",
  ];
  if (result.findings.length) {
    lines.push(
      "## Findings",
      "",
      markdownTable(
        ["Level", "Code", "Check", "Subject", "Hop", "Rule", "Fix"],
        result.findings.map((f) => [f.level, f.code, f.check, f.subject, f.hop ?? "", f.rule, f.fix]),
      ),
      "",
    );
  }
  lines.push(
    "## Reachability",
    "",
    markdownTable(
      [
        "From",
        "To",
        "Service",
        "Port",
        "Source",
        "Destination",
        "Result",
        "Code",
        "Blocked at",
        "Broken by a single failure",
      ],
      result.paths.map((p) => [
        p.from,
        p.to,
        p.service,
        p.port,
        p.source,
        p.destination,
        p.status,
        p.code ?? "",
        p.blockedAt ?? (p.status === PathStatus.UNCHECKED ? p.reason : ""),
        p.status === PathStatus.REACHABLE ? (p.brokenBy.length ? p.brokenBy.join("; ") : "none") : "",
      ]),
    ),
    "",
    "## Links",
    "",
    markdownTable(
      ["Link", "Between", "Tunnels", "BGP sessions", "HA VPN interfaces", "SLA"],
      result.links.map((l) => [
        l.link,
        l.between,
        l.tunnels,
        l.bgpSessions,
        l.gcpInterfaces.join(", ") || "-",
        l.sla,
      ]),
    ),
    "",
    "## Address plan",
    "",
    markdownTable(
      ["Site", "Range", "CIDR", "Routed between sites"],
      result.ranges.map((r) => [r.site, r.name, r.cidr, r.routed ? "yes" : "no (cluster-internal)"]),
    ),
    "",
    "## Paths, hop by hop",
    "",
  );
  for (const p of result.paths) {
    lines.push(
      `### ${p.from} -> ${p.to} ${p.port} (${p.service}) from ${p.source}: ${p.status}${p.code ? ` (${p.code})` : ""}`,
      "",
    );
    for (const h of p.hops) lines.push(`1. ${h}`);
    if (p.blockedAt)
      lines.push(
        `1. **${p.status === PathStatus.UNCHECKED ? "unchecked" : "blocked"} at ${p.blockedAt}**: ${p.reason}`,
      );
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
