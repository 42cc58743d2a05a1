import { AnalysisResult, PathResult, PathStatus } from "../../analysis";
import { MESH_PORTS } from "../../core";

/**
 * What a flow reaches, which decides where its arrow is drawn: the east-west gateway (the mesh's
 * 15443, and istiod 15012 and the webhook 15017 through it), gateway to gateway; or the API
 * server, cluster to cluster.
 *
 * @internal
 */
export type FlowTarget = "gateway" | "api";

/**
 * One arrow of the diagram between two sites: services the analysis checked between their
 * clusters, grouped by what they reach, direction and status.
 *
 * @internal
 */
export interface DiagramFlow {
  /** The client site (for a two-way flow, the first of the two in site order). */
  readonly from: string;
  /** The server site. */
  readonly to: string;
  /** Both ways (a two-headed arrow), or one way: `from` reaches `to`, not the reverse. */
  readonly twoWay: boolean;
  /** The worst status of the paths it stands for. */
  readonly status: PathStatus;
  /** What it reaches. */
  readonly target: FlowTarget;
  /** The services, by port: "15443", "istiod 15012", "webhook 15017", "API 6443" ("API" both ways). */
  readonly services: string[];
}

const SEVERITY: Record<PathStatus, number> = {
  [PathStatus.REACHABLE]: 0,
  [PathStatus.UNCHECKED]: 1,
  [PathStatus.BLOCKED]: 2,
};
const TARGETS: FlowTarget[] = ["gateway", "api"];

/** A site as the flows see it. */
interface FlowSite {
  /** Site name. */
  readonly name: string;
  /** Its cluster's name (the paths' `from` and `to`). */
  readonly cluster: string;
}

/** One service between two sites, each way: the worst status, and the ports. */
interface ServiceWays {
  readonly target: FlowTarget;
  /** "API", "15443", "istiod". */
  readonly name: string;
  /** [a to b, b to a] */
  readonly status: [PathStatus | undefined, PathStatus | undefined];
  readonly ports: [Set<number>, Set<number>];
}

/** "API"; "istiod (through the gateway)" -> "istiod"; the gateway's own port (15443) has no name. */
const nameOf = (service: string, port: number): string =>
  service === "API server" ? "API" : port === MESH_PORTS.crossNetwork ? "" : service.split(" ")[0];

/**
 * The flows between the sites' clusters, from the analysis' paths. A service reached both ways
 * with the same status is one two-headed arrow; one reached one way only (a remote reaching the
 * primary's istiod, a primary reading a remote's API server) is a one-way arrow, and so is each
 * direction of a service whose two directions differ in status. Services with the same target,
 * direction and status share an arrow. Paths from outside the sites (Terraform) are not drawn.
 * Ordered by site pair (in site order), target, two-way first, direction and status, so the same
 * input draws the same diagram.
 *
 * @param sites the sites in drawing order
 * @internal
 */
export function diagramFlows(
  sites: readonly FlowSite[],
  analysis: AnalysisResult | undefined,
): DiagramFlow[] {
  if (!analysis) return [];
  // The paths of each pair of clusters, in one pass (a topology of n sites has n^2 pairs).
  const byPair = new Map<string, PathResult[]>();
  for (const p of analysis.paths) {
    const key = p.from < p.to ? `${p.from}\n${p.to}` : `${p.to}\n${p.from}`;
    const list = byPair.get(key);
    if (list) list.push(p);
    else byPair.set(key, [p]);
  }
  const flows: DiagramFlow[] = [];
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const [a, b] = [sites[i].cluster, sites[j].cluster];
      const paths = byPair.get(a < b ? `${a}\n${b}` : `${b}\n${a}`);
      if (paths) flows.push(...pairFlows(sites[i], sites[j], paths));
    }
  }
  return flows;
}

/** The flows between two sites, from the paths between their clusters. */
function pairFlows(a: FlowSite, b: FlowSite, paths: readonly PathResult[]): DiagramFlow[] {
  const services = new Map<string, ServiceWays>();
  for (const p of paths) {
    const forward = p.from === a.cluster && p.to === b.cluster;
    if (!forward && !(p.from === b.cluster && p.to === a.cluster)) continue;
    const way = forward ? 0 : 1;
    const target = p.service === "API server" ? "api" : "gateway";
    const name = nameOf(p.service, p.port);
    const key = `${target} ${name || p.port}`;
    const entry = services.get(key) ?? {
      target,
      name,
      status: [undefined, undefined],
      ports: [new Set<number>(), new Set<number>()],
    };
    const before = entry.status[way];
    if (before === undefined || SEVERITY[p.status] > SEVERITY[before]) entry.status[way] = p.status;
    entry.ports[way].add(p.port);
    services.set(key, entry);
  }
  const groups = new Map<string, { flow: Omit<DiagramFlow, "services">; services: [number, string][] }>();
  const add = (way: 0 | 1 | "both", s: ServiceWays) => {
    const status = s.status[way === "both" ? 0 : way]!;
    const ports = way === "both" ? new Set([...s.ports[0], ...s.ports[1]]) : s.ports[way];
    const port = Math.min(...ports);
    const label = [s.name, ports.size === 1 ? String(port) : ""].filter((x) => x).join(" ");
    const [from, to] = way === 1 ? [b, a] : [a, b];
    const key = [TARGETS.indexOf(s.target), way === "both" ? 0 : 1 + way, SEVERITY[status]].join("|");
    const group = groups.get(key) ?? {
      flow: { from: from.name, to: to.name, twoWay: way === "both", status, target: s.target },
      services: [],
    };
    group.services.push([port, label]);
    groups.set(key, group);
  };
  for (const s of services.values()) {
    const [ab, ba] = s.status;
    if (ab !== undefined && ab === ba) add("both", s);
    else {
      if (ab !== undefined) add(0, s);
      if (ba !== undefined) add(1, s);
    }
  }
  return [...groups.keys()].sort().map((key) => {
    const { flow, services: list } = groups.get(key)!;
    const sorted = [...list].sort(([p, x], [q, y]) => p - q || (x < y ? -1 : x > y ? 1 : 0));
    return { ...flow, services: sorted.map(([, label]) => label) };
  });
}
