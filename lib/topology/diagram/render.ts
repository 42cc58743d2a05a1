import { AnalysisResult, PathStatus } from "../../analysis";
import { DiagramFlow, diagramFlows } from "./flows";
import { verdanaWidth } from "./metrics";

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
   * The analysis: the flows it checked between the clusters are drawn, one-headed where they go
   * one way only, green where reachable, red where blocked.
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

const STATUS_STYLE: Record<PathStatus, { color: string; word: string }> = {
  [PathStatus.REACHABLE]: { color: "#137333", word: "reachable" },
  [PathStatus.BLOCKED]: { color: "#d93025", word: "BLOCKED" },
  [PathStatus.UNCHECKED]: { color: "#b06000", word: "unchecked" },
};

/**
 * The font Graphviz sizes every box for: Verdana, the widest of the sans fonts it has metrics
 * for. A viewer without it falls back to a narrower font (see {@link FONT_FAMILY}), so no text
 * outgrows its box, whichever font draws it. Sized for Helvetica, text overflowed its box where
 * the viewer drew it with a wider font (DejaVu Sans on Linux).
 */
const FONT = "Verdana";
/** The font list the SVG names: Verdana, then fonts no wider than it. */
const FONT_FAMILY = "Verdana,DejaVu Sans,Arial,Helvetica,sans-serif";

const id = (text: string) => text.replace(/[^A-Za-z0-9_]/g, "_");
const dotText = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const mermaidText = (text: string) => text.replace(/"/g, "'");

/**
 * Lines longer than this are broken after a comma (the lists of addresses of a site with many
 * zones), so that one line does not make a box, and the whole row of sites, wider than the rest.
 */
const MAX_LINE = 44;

/** Breaks a line after a comma into lines of at most {@link MAX_LINE} characters where it can. */
function wrapLine(line: string): string[] {
  if (line.length <= MAX_LINE) return [line];
  const lines: string[] = [];
  let current = "";
  for (const part of line.split(", ")) {
    const joined = current ? `${current}, ${part}` : part;
    if (current && joined.length > MAX_LINE) {
      lines.push(`${current},`);
      current = part;
    } else current = joined;
  }
  return [...lines, current];
}

/** The lines of a site's three boxes: network and ranges, cluster, east-west gateway. */
function boxes(s: DiagramSite): { net: string[]; k8s: string[]; gw: string[] } {
  const wrap = (lines: string[]) => lines.flatMap(wrapLine);
  return {
    net: wrap([s.network, ...s.ranges]),
    k8s: wrap([`${s.cluster.name} (${s.cluster.role})`, s.cluster.detail, `API ${s.cluster.api}`]),
    gw: wrap(["east-west gateway", ...s.cluster.gateway]),
  };
}

/**
 * The width of a site's boxes, in inches: all three as wide as the widest of them, or as the
 * site's label, so that the site's border runs at the same distance from each and a label between
 * two sites, centred between their boxes, stays clear of both borders.
 */
function siteWidth(s: DiagramSite): string {
  const { net, k8s, gw } = boxes(s);
  const text = Math.max(...[...net, ...k8s, ...gw].map((l) => verdanaWidth(l, 11)));
  const label = Math.max(verdanaWidth(s.name, 13), verdanaWidth(s.location, 13));
  // the boxes' margin (0.15 inch) each side, and a little more
  return ((Math.max(text + 2 * 10.8, label) + 4) / 72).toFixed(2);
}

/** "HA VPN to AWS VGW", "4 tunnels, BGP", "SLA 99.99%". */
const linkLines = (l: DiagramLink) => [
  l.kind,
  `${l.tunnels} tunnel${l.tunnels > 1 ? "s" : ""}, ${l.routing}`,
  `SLA ${l.sla}`,
];

/** The flows between the sites' clusters, from the analysis. */
const flowsOf = (input: DiagramInput): DiagramFlow[] =>
  diagramFlows(
    input.sites.map((s) => ({ name: s.name, cluster: s.cluster.name })),
    input.analysis,
  );

/** "reachable both ways: 15443", "reachable aws to gcp: istiod 15012, webhook 15017". */
const flowText = (f: DiagramFlow) =>
  `${STATUS_STYLE[f.status].word} ${f.twoWay ? "both ways" : `${f.from} to ${f.to}`}: ${f.services.join(", ")}`;

/** The node a flow starts or ends at: the east-west gateway, or the cluster (its API server). */
const flowNode = (f: DiagramFlow, site: string) => `${f.target === "api" ? "k8s" : "gw"}_${id(site)}`;

/** Escapes text for a Graphviz HTML-like label. */
const htmlText = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The flows as DOT edges, one per flow, whose arrowheads say which way it goes. The edges between
 * the same two nodes run in site order and share one label, on the first: a line per flow, in its
 * colour, naming its direction. Graphviz draws the labels of parallel edges between two nodes that
 * are not side by side in one place, over each other, so one label it is. The second edge runs
 * over the tops of the two boxes and the third under them, apart from the first.
 */
function flowEdges(input: DiagramInput): string[] {
  const order = new Map(input.sites.map((s, i) => [s.name, i]));
  const pairs = new Map<string, { flow: DiagramFlow; dir: string }[]>();
  for (const f of flowsOf(input)) {
    const reversed = order.get(f.from)! > order.get(f.to)!;
    const [tail, head] = reversed ? [f.to, f.from] : [f.from, f.to];
    const pair = `${flowNode(f, tail)} -> ${flowNode(f, head)}`;
    const dir = f.twoWay ? "both" : reversed ? "back" : "forward";
    pairs.set(pair, [...(pairs.get(pair) ?? []), { flow: f, dir }]);
  }
  const PORTS = ["", "tailport=n, headport=n, ", "tailport=s, headport=s, "];
  return [...pairs].flatMap(([pair, flows]) => {
    const label = flows
      .map(({ flow: f }) => `<font color="${STATUS_STYLE[f.status].color}">${htmlText(flowText(f))}</font>`)
      .join("<br/>");
    return flows.map(({ flow: f, dir }, i) => {
      const color = STATUS_STYLE[f.status].color;
      const text = i === 0 ? `, label=<${label}>` : "";
      return `  ${pair} [${PORTS[i] ?? ""}dir=${dir}, arrowsize=1.2, style=dotted, constraint=false, color="${color}"${text}];`;
    });
  });
}

/**
 * The topology as Graphviz DOT: the sites side by side, each a box holding its network and
 * ranges, its cluster and its east-west gateway, as wide as each other; the VPN links between the
 * networks, each labelled by a node of its own between the two sites (an edge label between two
 * sites' boxes can run over their borders); and the flows the analysis checked between the
 * clusters: a two-headed arrow where a service is reached both ways, a one-headed arrow where it is
 * reached one way only. The text is sized for Verdana (see {@link renderSvg}).
 *
 * @internal
 */
export function renderDot(input: DiagramInput): string {
  const lines = [
    "digraph topology {",
    `  graph [label="${dotText(input.title)}", labelloc=t, fontname="${FONT}", fontsize=18, rankdir=TB, nodesep=0.6, ranksep=0.6, pad=0.3];`,
    `  node [fontname="${FONT}", fontsize=11, shape=box, style="rounded,filled", margin="0.15,0.08"];`,
    `  edge [fontname="${FONT}", fontsize=10];`,
  ];
  for (const s of input.sites) {
    const c = COLORS[s.kind];
    const sid = id(s.name);
    const { net, k8s, gw } = boxes(s);
    const width = siteWidth(s);
    lines.push(
      `  subgraph cluster_${sid} {`,
      `    label="${dotText(`${s.name}\n${s.location}`)}"; fontsize=13; style="rounded,filled"; fillcolor="${c.fill}"; color="${c.line}"; penwidth=2;`,
      `    net_${sid} [label="${dotText(net.join("\n"))}", width=${width}, fillcolor="white", color="${c.line}"];`,
      `    k8s_${sid} [label="${dotText(k8s.join("\n"))}", width=${width}, fillcolor="#ffffff", color="#326ce5", penwidth=1.5];`,
      `    gw_${sid} [label="${dotText(gw.join("\n"))}", width=${width}, fillcolor="#e6f4ea", color="#137333", penwidth=1.5];`,
      // a rank between the network and the cluster for the links' labels
      `    net_${sid} -> k8s_${sid} [arrowhead=none, color="#9aa0a6", minlen=2];`,
      `    k8s_${sid} -> gw_${sid} [arrowhead=none, color="#9aa0a6"];`,
      "  }",
    );
  }
  input.links.forEach((l, i) => {
    // the label is a node below the two networks, between the two sites' boxes
    const width = Math.max(1, Math.min(6, l.tunnels * 1.2)).toFixed(1);
    const style = `penwidth=${width}, style=${l.kind.startsWith("Classic") ? "dashed" : "bold"}, color="#1a73e8"`;
    lines.push(
      `  link_${i} [label="${dotText(linkLines(l).join("\n"))}", shape=plaintext, fontsize=10, style=""];`,
      `  net_${id(l.a)} -> link_${i} [dir=none, ${style}];`,
      `  net_${id(l.b)} -> link_${i} [dir=none, ${style}];`,
    );
  });
  lines.push(...flowEdges(input));
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/**
 * The topology as a Mermaid flowchart (for READMEs): the flows the analysis checked are dotted,
 * `<-.->` where a service is reached both ways, `-.->` where it is reached one way only.
 *
 * @internal
 */
export function renderMermaid(input: DiagramInput): string {
  const lines = ["flowchart LR"];
  for (const s of input.sites) {
    const sid = id(s.name);
    const { net, k8s, gw } = boxes(s);
    lines.push(
      `  subgraph ${sid}["${mermaidText(`${s.name} (${s.location})`)}"]`,
      `    net_${sid}["${mermaidText(net.join("<br/>"))}"]`,
      `    k8s_${sid}["${mermaidText(k8s.join("<br/>"))}"]`,
      `    gw_${sid}{{"${mermaidText(gw.join("<br/>"))}"}}`,
      `    net_${sid} --- k8s_${sid} --- gw_${sid}`,
      "  end",
    );
  }
  for (const l of input.links) {
    const [kind, tunnels, sla] = linkLines(l);
    lines.push(
      `  net_${id(l.a)} ${l.kind.startsWith("Classic") ? "-.-" : "==="}|"${mermaidText(`${kind}: ${tunnels}, ${sla}`)}"| net_${id(l.b)}`,
    );
  }
  const flows = flowsOf(input);
  for (const f of flows) {
    lines.push(
      `  ${flowNode(f, f.from)} ${f.twoWay ? "<-.->" : "-.->"}|"${mermaidText(flowText(f))}"| ${flowNode(f, f.to)}`,
    );
  }
  // links are numbered in order of appearance: two per site, one per VPN link, then the flows
  const first = input.sites.length * 2 + input.links.length;
  flows.forEach((f, i) => lines.push(`  linkStyle ${first + i} stroke:${STATUS_STYLE[f.status].color}`));
  for (const s of input.sites) {
    const c = COLORS[s.kind];
    lines.push(`  style ${id(s.name)} fill:${c.fill},stroke:${c.line},stroke-width:2px`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Renders DOT to SVG in JavaScript (Graphviz compiled to WebAssembly, @viz-js/viz): no
 * Graphviz binary needed. The text is sized for Verdana; the SVG names fallbacks no wider than it.
 *
 * @internal
 */
export async function renderSvg(dot: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const viz = await (require("@viz-js/viz") as typeof import("@viz-js/viz")).instance();
  const svg = viz.renderString(dot, { format: "svg", engine: "dot" });
  return svg.split(`font-family="${FONT}"`).join(`font-family="${FONT_FAMILY}"`);
}
