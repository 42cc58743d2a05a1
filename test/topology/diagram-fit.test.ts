import { Testing } from "cdktf";
import { PathStatus } from "../../lib/analysis";
import { DiagramInput, HybridTopology, renderDot, renderSvg } from "../../lib/topology";
import { build as buildAwsGcp } from "../../examples/aws-gcp/main";
import { build as buildOnPremGke } from "../../examples/onprem-gke/main";
import { build as buildThreeSites } from "../../examples/three-sites/main";

// Where each text of an SVG is drawn, measured in DejaVu Sans: what Linux draws an SVG's text in
// when its first font is missing, and wider than Helvetica and Arial. Text Graphviz sized for
// Helvetica overflowed its box in it.

/**
 * DejaVu Sans advance widths (units of 1/2048 em) of ASCII 32..126, read from DejaVuSans.ttf
 * (hmtx through the cmap). It is what Linux draws when the SVG's first font is missing, and it is
 * wider than Helvetica and Arial: text sized for Helvetica overflowed its box in it.
 */
const DEJAVU_SANS = [
  651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303,
  1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577,
  1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401,
  2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569,
  569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,
  1303, 1716,
];
const WIDEST = Math.max(...DEJAVU_SANS);

/** Width of a text in DejaVu Sans at a font size (non-ASCII counts as the widest glyph). */
function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? DEJAVU_SANS[code - 32] : WIDEST;
  }
  return (units / 2048) * fontSize;
}

/** A box, in the SVG's coordinates (y grows downwards). */
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A text of the SVG, and the element it belongs to. */
interface SvgText {
  /** "graph", "cluster", "node", "edge". */
  kind: string;
  /** The element's title (node name, "a->b"). */
  owner: string;
  text: string;
  box: Box;
  /** The outline of the element's shape (nodes and clusters), as a polygon. */
  shape?: [number, number][];
}

const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

const pairs = (text: string): [number, number][] =>
  [...text.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

/** The first shape of an element as a polygon: a polygon's points, a path's segment ends (inside its curves). */
function shapeOf(body: string): [number, number][] | undefined {
  const polygon = body.match(/<polygon[^>]* points="([^"]+)"/);
  const path = body.match(/<path[^>]* d="M([^"]+)"/);
  if (path && (!polygon || body.indexOf(path[0]) < body.indexOf(polygon[0]))) {
    return pairs(path[1]).filter((_, i) => i % 3 === 0);
  }
  return polygon ? pairs(polygon[1]) : undefined;
}

/** A node's or a cluster's outline. */
interface SvgShape {
  kind: string;
  owner: string;
  polygon: [number, number][];
}

/**
 * The SVG's viewBox, every text with the box it covers in DejaVu Sans, and the outline of every
 * node and cluster (translated into the viewBox).
 */
function svgTexts(svg: string): { viewBox: Box; texts: SvgText[]; shapes: SvgShape[] } {
  const [, , w, h] = svg
    .match(/viewBox="([^"]+)"/)![1]
    .split(/\s+/)
    .map(Number);
  const [tx, ty] = svg
    .match(/class="graph" transform="[^"]*translate\(([-\d.]+) ([-\d.]+)\)"/)!
    .slice(1)
    .map(Number);
  const texts: SvgText[] = [];
  const shapes: SvgShape[] = [];
  for (const group of svg.split(/<g id="/).slice(1)) {
    const kind = group.match(/^[^"]*" class="(\w+)"/)?.[1] ?? "graph";
    const owner = decode(group.match(/<title>([^<]*)<\/title>/)?.[1] ?? "");
    const shape =
      kind === "node" || kind === "cluster"
        ? shapeOf(group)?.map(([x, y]) => [x + tx, y + ty] as [number, number])
        : undefined;
    if (shape) shapes.push({ kind, owner, polygon: shape });
    for (const m of group.matchAll(
      /<text [^>]*?text-anchor="(\w+)" x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g,
    )) {
      const [anchor, x, y, size, raw] = [
        m[1],
        Number(m[2]) + tx,
        Number(m[3]) + ty,
        Number(m[4]),
        decode(m[5]),
      ];
      const width = textWidth(raw, size);
      const x1 = anchor === "middle" ? x - width / 2 : anchor === "end" ? x - width : x;
      // cap height and descenders of DejaVu Sans
      texts.push({
        kind,
        owner,
        text: raw,
        shape,
        box: { x1, x2: x1 + width, y1: y - 0.76 * size, y2: y + 0.24 * size },
      });
    }
  }
  return { viewBox: { x1: 0, y1: 0, x2: w, y2: h }, texts, shapes };
}

function inside([px, py]: [number, number], polygon: [number, number][]): boolean {
  let odd = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

const corners = (b: Box): [number, number][] => [
  [b.x1, b.y1],
  [b.x2, b.y1],
  [b.x1, b.y2],
  [b.x2, b.y2],
];
const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const bounds = (polygon: [number, number][]): Box => ({
  x1: Math.min(...polygon.map(([x]) => x)),
  x2: Math.max(...polygon.map(([x]) => x)),
  y1: Math.min(...polygon.map(([, y]) => y)),
  y2: Math.max(...polygon.map(([, y]) => y)),
});
const within = (a: Box, b: Box) => a.x1 >= b.x1 && a.x2 <= b.x2 && a.y1 >= b.y1 && a.y2 <= b.y2;

/**
 * Every way a text of the SVG would be cut off or unreadable, drawn in DejaVu Sans: outside the
 * viewBox; outside its node's or cluster's shape; over another text; over another node, or
 * across a cluster's border.
 */
function clippedTexts(svg: string): string[] {
  const { viewBox, texts, shapes } = svgTexts(svg);
  const problems: string[] = [];
  const name = (t: SvgText) => `${t.kind} ${t.owner} "${t.text}"`;
  for (const t of texts) {
    if (!within(t.box, viewBox)) problems.push(`${name(t)} outside the viewBox`);
    if (t.shape && !corners(t.box).every((c) => inside(c, t.shape!)))
      problems.push(`${name(t)} outside its shape`);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlap(texts[i].box, texts[j].box)) problems.push(`${name(texts[i])} over ${name(texts[j])}`);
    }
  }
  for (const t of texts) {
    for (const s of shapes.filter((x) => x.owner !== t.owner)) {
      const box = bounds(s.polygon);
      if (s.kind === "node" && overlap(t.box, box)) problems.push(`${name(t)} over node ${s.owner}`);
      if (s.kind === "cluster" && overlap(t.box, box) && !within(t.box, box)) {
        problems.push(`${name(t)} across the border of ${s.owner}`);
      }
    }
  }
  return problems;
}

const FALLBACKS = 'font-family="Verdana,DejaVu Sans,Arial,Helvetica,sans-serif"';

/** An SVG of one text, in a viewBox 100 x 50, inside a cluster's box (10..90, 5..45) or not. */
const tinySvg = (texts: { x: number; y: number; text: string; kind?: string }[]) =>
  [
    '<svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00">',
    '<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(0 50)">',
    '<g id="clust1" class="cluster"><title>cluster_a</title><path d="M10,-5C10,-5 90,-5 90,-5 90,-5 90,-45 90,-45 90,-45 10,-45 10,-45 10,-45 10,-5 10,-5"/></g>',
    ...texts.map(
      (t, i) =>
        `<g id="edge${i}" class="${t.kind ?? "edge"}"><title>e${i}</title><text text-anchor="middle" x="${t.x}" y="${t.y}" font-family="Verdana" font-size="10.00">${t.text}</text></g>`,
    ),
    "</g></svg>",
  ].join("\n");

describe("topology diagram: no text is cut off", () => {
  test.each([
    ["aws-gcp", buildAwsGcp],
    ["onprem-gke", buildOnPremGke],
    ["three-sites", buildThreeSites],
  ])(
    "%s: every text inside the picture and inside its box, over no other text, box or border",
    async (_, build) => {
      const t = (build as (app: ReturnType<typeof Testing.app>) => HybridTopology)(Testing.app());
      const svg = await renderSvg(t.diagram(t.analyze()).dot);
      expect(svgTexts(svg).texts.length).toBeGreaterThan(25);
      expect(clippedTexts(svg)).toEqual([]);
    },
  );

  test("four sites, six zones, long names, flows every way (some blocked, some unchecked): nothing cut off, long lists wrapped", async () => {
    const site = (name: string, kind: "aws" | "gcp" | "on-premises", location: string, cluster: string) => ({
      name,
      kind,
      location,
      network: "VPC 10.0.0.0/16",
      ranges: ["pods 192.168.0.0/16 (in cluster)"],
      cluster: {
        name: cluster,
        detail: "3 control-plane replicas, nodes 2-6",
        role: cluster === "gke" ? "primary" : "remote",
        gateway: ["NLB 10.0.96.20, 10.0.128.20, 10.0.160.20, 10.0.192.20, 10.0.224.20, 10.0.240.20"],
        api: "NLB 10.0.96.10, 10.0.128.10, 10.0.160.10, 10.0.192.10, 10.0.224.10, 10.0.240.10:6443",
      },
    });
    const sites = [
      site("aws-ireland", "aws", "AWS eu-west-1", "aws-production-cluster-with-a-long-name"),
      site("gcp-belgium", "gcp", "GCP a-very-long-project-identifier-123 / europe-west1", "gke"),
      site("gcp-iowa", "gcp", "GCP p2 / us-central1", "gke-remote"),
      site("dc-frankfurt", "on-premises", "on premises", "bm"),
    ];
    // every gateway reaches every other, but for the data centre's to AWS's; the remotes reach the
    // primary's istiod; the primary reads the remotes' API servers, unchecked (public endpoints)
    const path = (
      from: string,
      to: string,
      service: string,
      port: number,
      status = PathStatus.REACHABLE,
    ) => ({
      from,
      to,
      service,
      port,
      status,
    });
    const clusters = sites.map((s) => s.cluster.name);
    const remotes = clusters.filter((c) => c !== "gke");
    const paths = [
      ...clusters.flatMap((from) =>
        clusters
          .filter((to) => to !== from)
          .map((to) =>
            path(
              from,
              to,
              "east-west gateway",
              15443,
              from === "bm" && to === clusters[0] ? PathStatus.BLOCKED : PathStatus.REACHABLE,
            ),
          ),
      ),
      ...remotes.map((r) => path(r, "gke", "istiod (through the gateway)", 15012)),
      ...remotes.map((r) => path("gke", r, "API server", 6443, PathStatus.UNCHECKED)),
    ];
    const input = {
      title: "stress: hybrid topology (primary-remote mesh)",
      meshModel: "primary-remote",
      sites,
      links: ["aws-ireland", "gcp-iowa", "dc-frankfurt"].map((b) => ({
        a: "gcp-belgium",
        b,
        kind: "HA VPN",
        tunnels: 2,
        routing: "BGP",
        sla: "99.99%",
      })),
      analysis: { paths },
    } as unknown as DiagramInput;
    const dot = renderDot(input);
    // six addresses do not fit a line of 44 characters: they are wrapped after a comma
    expect(dot).toContain(
      'label="east-west gateway\\nNLB 10.0.96.20, 10.0.128.20, 10.0.160.20,\\n10.0.192.20, 10.0.224.20, 10.0.240.20"',
    );
    expect(dot).toContain(
      "API NLB 10.0.96.10, 10.0.128.10, 10.0.160.10,\\n10.0.192.10, 10.0.224.10, 10.0.240.10:6443",
    );
    const svg = await renderSvg(dot);
    expect(svgTexts(svg).texts.map((t) => t.text)).toEqual(
      expect.arrayContaining([
        "BLOCKED dc-frankfurt to aws-ireland: 15443",
        "reachable aws-ireland to dc-frankfurt: 15443",
        "unchecked gcp-belgium to gcp-iowa: API 6443",
        "reachable gcp-iowa to gcp-belgium: istiod 15012",
      ]),
    );
    expect(clippedTexts(svg)).toEqual([]);
  });

  test("the text is sized for Verdana, the widest sans font Graphviz has metrics for; the SVG names fallbacks no wider", async () => {
    const t = buildThreeSites(Testing.app());
    const { dot } = t.diagram(t.analyze());
    expect(dot.match(/fontname="[^"]*"/g)).toEqual([
      'fontname="Verdana"',
      'fontname="Verdana"',
      'fontname="Verdana"',
    ]);
    const svg = await renderSvg(dot);
    const families = svg.match(/font-family="[^"]*"/g)!;
    expect(families.length).toBe(svgTexts(svg).texts.length);
    expect(new Set(families)).toEqual(new Set([FALLBACKS]));
  });

  describe("the check finds cut-off text", () => {
    test("text sized for Helvetica overflows its box in DejaVu Sans (the diagram before)", async () => {
      const t = buildThreeSites(Testing.app());
      const helvetica = t
        .diagram(t.analyze())
        .dot.replace(/fontname="Verdana"/g, 'fontname="Helvetica"')
        .replace(/ width=[\d.]+,/g, "");
      const problems = clippedTexts(await renderSvg(helvetica));
      expect(problems).toEqual(
        expect.arrayContaining([
          'node k8s_gcp "API private endpoint in 10.65.48.0/28" outside its shape',
          'node net_gcp "control plane 10.65.48.0/28" outside its shape',
        ]),
      );
    });

    test("outside the viewBox, over another text, across a border", () => {
      expect(clippedTexts(tinySvg([{ x: 5, y: -25, text: "reachable both ways: 15443" }]))).toEqual([
        'edge e0 "reachable both ways: 15443" outside the viewBox',
        'edge e0 "reachable both ways: 15443" across the border of cluster_a',
      ]);
      expect(
        clippedTexts(
          tinySvg([
            { x: 50, y: -25, text: "15443" },
            { x: 52, y: -27, text: "API" },
          ]),
        ),
      ).toEqual(['edge e0 "15443" over edge e1 "API"']);
      expect(clippedTexts(tinySvg([{ x: 50, y: -25, text: "fits" }]))).toEqual([]);
    });
  });
});
