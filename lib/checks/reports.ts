// The rule pack's reports: findings as CSV (cdk-nag's columns) and as Markdown with the rule list.
import { FindingLevel } from "../core";
import { markdownTable } from "../core/markdown";
import type { CheckFinding } from "./pack";
import { SecurityRule } from "./rule";
import { renderStateSecretsMarkdown, StateSecret } from "./state-secrets";

const REPORT_HEADER = [
  "Rule ID",
  "Rule Name",
  "Level",
  "Resource",
  "Resource Type",
  "Compliance",
  "Detail",
  "Suppression Reason",
  "Maps To",
];

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Findings as CSV (cdk-nag's report columns, plus the scanner rules each maps to).
 *
 * @internal
 */
export function renderChecksCsv(findings: readonly CheckFinding[]): string {
  const rows = findings.map((f) => [
    f.ruleId,
    f.ruleName,
    f.level,
    f.resource,
    f.resourceType,
    f.suppressed ? "Suppressed" : "Non-Compliant",
    f.detail,
    f.suppressed ?? "",
    f.maps.join(" "),
  ]);
  return `${[REPORT_HEADER, ...rows].map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
}

/**
 * Findings as a Markdown table, with the rule list.
 *
 * @internal
 */
export function renderChecksMarkdown(
  title: string,
  findings: readonly CheckFinding[],
  rules: readonly SecurityRule[],
  stateSecrets?: readonly StateSecret[],
): string {
  const open = findings.filter((f) => !f.suppressed);
  const lines = [
    `# ${title}: security checks`,
    "",
    `- Rules: ${rules.length} (${rules.filter((r) => r.level === FindingLevel.ERROR).length} errors, ${rules.filter((r) => r.level === FindingLevel.WARNING).length} warnings)`,
    `- Findings: ${open.filter((f) => f.level === FindingLevel.ERROR).length} error(s), ${open.filter((f) => f.level === FindingLevel.WARNING).length} warning(s), ${findings.length - open.length} suppressed`,
    "",
  ];
  if (findings.length) {
    lines.push(
      markdownTable(
        ["Rule", "Level", "Resource", "Detail", "Suppression reason"],
        findings.map((f) => [`${f.ruleId} ${f.ruleName}`, f.level, f.resource, f.detail, f.suppressed]),
      ),
      "",
    );
  }
  lines.push(
    "## Rules",
    "",
    markdownTable(
      ["Rule", "Level", "Checks", "Maps to"],
      rules.map((r) => [`${r.id} ${r.name}`, r.level, r.info, r.maps.join(", ") || "(no scanner has it)"]),
    ),
  );
  if (stateSecrets) lines.push("", renderStateSecretsMarkdown(stateSecrets).trimEnd());
  return `${lines.join("\n")}\n`;
}
