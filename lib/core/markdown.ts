// Markdown for the reports the library writes (analysis, security checks, peer sheets).

/**
 * A value as one Markdown table cell: pipes escaped, line breaks as spaces.
 *
 * @internal
 */
export function markdownCell(text: string | number | boolean | undefined): string {
  return String(text ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");
}

/**
 * A Markdown table: a header row, the separator, one row per entry (each cell escaped).
 *
 * @internal
 */
export function markdownTable(header: string[], rows: (string | number | boolean | undefined)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(markdownCell).join(" | ")} |`),
  ].join("\n");
}
