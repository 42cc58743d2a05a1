import { AnalysisResult, PathStatus } from "../../analysis";

/** A site as drawn. */
export interface DiagramSite {
  /** Site name. */
  readonly name: string;
  /** Platform. */
  readonly kind: "aws" | "gcp" | "on-premises";
  /** Where it is ("AWS eu-west-1", "GCP my-project / europe-west1", "on premises"). */
  readonly location: string;
  /** Its network ("VPC 10.0.0.0/16"). */
  readonly network: string;
  /** Its ranges, one per line ("pods 10.1.16.0/20"). */
  readonly ranges: string[];
  /** Its cluster. */
  readonly cluster: {
    /** Name. */
    readonly name: string;
    /** Description ("3 control-plane replicas, 2-6 nodes", "GKE regional"). */
    readonly detail: string;
    /** Role in the mesh. */
    readonly role: string;
    /** East-west gateway addresses. */
    readonly gateway: string[];
    /** API server. */
    readonly api: string;
  };
}

/** A VPN link as drawn. */
export interface DiagramLink {
  /** One end (a site name). */
  readonly a: string;
  /** The other end. */
  readonly b: string;
  /** "HA VPN", "Classic VPN". */
  readonly kind: string;
  /** Tunnels. */
  readonly tunnels: number;
  /** Routing ("BGP", "static"). */
  readonly routing: string;
  /** SLA reached. */
  readonly sla: string;
}

/** What the diagram shows. */
export interface DiagramInput {
  /** Title. */
  readonly title: string;
  /** Sites. */
  readonly sites: DiagramSite[];
  /** Links. */
  readonly links: DiagramLink[];
  /** Mesh model ("multi-primary"). */
  readonly meshModel: string;
  /**
   * The analysis: east-west edges are drawn reachable (solid) or blocked (red).
   *
   * @default - no mesh edges
   */
  readonly analysis?: AnalysisResult;
}

const COLORS = {
  aws: { fill: "#fff4e5", line: "#ff9900" },
  gcp: { fill: "#e8f0fe", line: "#4285f4" },
  "on-premises": { fill: "#f1f3f4", line: "#5f6368" },
} as const;

const id = (text: string) => text.replace(/[^A-Za-z0-9_]/g, "_");
const dotText = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const mermaidText = (text: string) => text.replace(/"/g, "'");

/** Mesh edges between clusters: reachable both ways on 15443, from the analysis. */
function meshEdges(input: DiagramInput): { a: string; b: string; ok: boolean; label: string }[] {
  const result = input.analysis;
  if (!result) return [];
  const clusters = input.sites.map((s) => s.cluster.name);
  const siteOf = new Map(input.sites.map((s) => [s.cluster.name, s.name]));
  const edges: { a: string; b: string; ok: boolean; label: string }[] = [];
  for (let i = 0; i < clusters.length; i++) {
    for (let j = i + 1; j < clusters.length; j++) {
      const [a, b] = [clusters[i], clusters[j]];
      const paths = result.paths.filter((p) => (p.from === a && p.to === b) || (p.from === b && p.to === a));
      if (paths.length === 0) continue;
      const ok = paths.every((p) => p.status === PathStatus.REACHABLE);
      const services = [
        ...new Set(paths.map((p) => (p.service === "API server" ? "API" : String(p.port)))),
      ].sort();
      edges.push({
        a: siteOf.get(a)!,
        b: siteOf.get(b)!,
        ok,
        label: `${ok ? "reachable" : "BLOCKED"}: ${services.join(", ")}`,
      });
    }
  }
  return edges;
}

/**
 * The topology as Graphviz DOT: a box per site (network, ranges, cluster, gateway), VPN links between them, mesh edges.
 *
 * @internal
 */
export function renderDot(input: DiagramInput): string {
  const lines = [
    "digraph topology {",
    `  graph [label="${dotText(input.title)}", labelloc=t, fontname="Helvetica", fontsize=18, rankdir=TB, nodesep=0.5, ranksep=0.7, compound=true];`,
    '  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const s of input.sites) {
    const c = COLORS[s.kind];
    const sid = id(s.name);
    lines.push(
      `  subgraph cluster_${sid} {`,
      `    label="${dotText(`${s.name}\n${s.location}`)}"; fontsize=13; style="rounded,filled"; fillcolor="${c.fill}"; color="${c.line}"; penwidth=2;`,
      `    net_${sid} [label="${dotText([s.network, ...s.ranges].join("\n"))}", fillcolor="white", color="${c.line}"];`,
      `    k8s_${sid} [label="${dotText([`${s.cluster.name} (${s.cluster.role})`, s.cluster.detail, `API ${s.cluster.api}`].join("\n"))}", fillcolor="#ffffff", color="#326ce5", penwidth=1.5];`,
      `    gw_${sid} [label="${dotText(["east-west gateway", ...s.cluster.gateway].join("\n"))}", shape=hexagon, fillcolor="#e6f4ea", color="#137333"];`,
      `    k8s_${sid} -> gw_${sid} [arrowhead=none, color="#9aa0a6"];`,
      `    net_${sid} -> k8s_${sid} [arrowhead=none, color="#9aa0a6"];`,
      "  }",
    );
  }
  for (const l of input.links) {
    const width = Math.max(1, Math.min(6, l.tunnels * 1.2));
    const style = l.kind.startsWith("Classic") ? "dashed" : "bold";
    lines.push(
      `  net_${id(l.a)} -> net_${id(l.b)} [dir=both, arrowhead=none, arrowtail=none, penwidth=${width.toFixed(1)}, style=${style}, color="#1a73e8", label="${dotText(`${l.kind}\n${l.tunnels} tunnel${l.tunnels > 1 ? "s" : ""}, ${l.routing}\nSLA ${l.sla}`)}"];`,
    );
  }
  for (const e of meshEdges(input)) {
    lines.push(
      `  gw_${id(e.a)} -> gw_${id(e.b)} [dir=both, style=dotted, constraint=false, color="${e.ok ? "#137333" : "#d93025"}", fontcolor="${e.ok ? "#137333" : "#d93025"}", label="${dotText(e.label)}"];`,
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/**
 * The topology as a Mermaid flowchart (for READMEs).
 *
 * @internal
 */
export function renderMermaid(input: DiagramInput): string {
  const lines = ["flowchart LR"];
  for (const s of input.sites) {
    const sid = id(s.name);
    lines.push(
      `  subgraph ${sid}["${mermaidText(`${s.name} (${s.location})`)}"]`,
      `    net_${sid}["${mermaidText([s.network, ...s.ranges].join("<br/>"))}"]`,
      `    k8s_${sid}["${mermaidText([`${s.cluster.name} (${s.cluster.role})`, s.cluster.detail, `API ${s.cluster.api}`].join("<br/>"))}"]`,
      `    gw_${sid}{{"${mermaidText(["east-west gateway", ...s.cluster.gateway].join("<br/>"))}"}}`,
      `    net_${sid} --- k8s_${sid} --- gw_${sid}`,
      "  end",
    );
  }
  for (const l of input.links) {
    const label = `${l.kind}: ${l.tunnels} tunnel${l.tunnels > 1 ? "s" : ""}, ${l.routing}, SLA ${l.sla}`;
    lines.push(
      `  net_${id(l.a)} ${l.kind.startsWith("Classic") ? "-.-" : "==="}|"${mermaidText(label)}"| net_${id(l.b)}`,
    );
  }
  for (const e of meshEdges(input))
    lines.push(`  gw_${id(e.a)} -.-|"${mermaidText(e.label)}"| gw_${id(e.b)}`);
  for (const s of input.sites) {
    const c = COLORS[s.kind];
    lines.push(`  style ${id(s.name)} fill:${c.fill},stroke:${c.line},stroke-width:2px`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Renders DOT to SVG in JavaScript (Graphviz compiled to WebAssembly, @viz-js/viz): no
 * Graphviz binary needed.
 *
 * @internal
 */
export async function renderSvg(dot: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const viz = await (require("@viz-js/viz") as typeof import("@viz-js/viz")).instance();
  return viz.renderString(dot, { format: "svg", engine: "dot" });
}
