import { Testing } from "cdktf";
import { AnalysisResult, PathResult, PathStatus } from "../../lib/analysis";
import { HybridTopology, renderDot, renderMermaid } from "../../lib/topology";
import { diagramFlows } from "../../lib/topology/diagram/flows";
import { build as buildAwsGcp } from "../../examples/aws-gcp/main";
import { build as buildThreeSites } from "../../examples/three-sites/main";

/** The diagram of an example, with its analysis. */
function diagramOf(build: (app: ReturnType<typeof Testing.app>) => HybridTopology) {
  const t = build(Testing.app());
  return t.diagram(t.analyze());
}

/** The flows' edges in DOT (the dotted ones): which nodes, which way, the lines of the label. */
const edges = (dot: string) =>
  dot
    .split("\n")
    .filter((l) => l.includes("style=dotted"))
    .map((l) => ({
      edge: l.trim().split(" [")[0],
      dir: l.match(/dir=(\w+)/)![1],
      label: [...l.matchAll(/<font color="[^"]+">([^<]*)<\/font>/g)].map((m) => m[1]),
    }));

/** A path of the analysis, with only what the diagram reads. */
const path = (from: string, to: string, service: string, port: number, status = PathStatus.REACHABLE) =>
  ({ from, to, service, port, status, source: "", destination: "", hops: [], brokenBy: [] }) as PathResult;

/** An analysis result with only paths (the diagram reads nothing else). */
const analysisOf = (...paths: PathResult[]) => ({ paths }) as unknown as AnalysisResult;

const SITES = [
  { name: "gcp", cluster: "g" },
  { name: "aws", cluster: "a" },
];

describe("topology diagram: which way the flows go", () => {
  describe("primary-remote (the three-sites example)", () => {
    let dot: string;
    let mermaid: string;
    beforeAll(() => {
      ({ dot, mermaid } = diagramOf(buildThreeSites));
    });

    test("the remotes reach the primary's istiod and webhook one way: one-headed arrows into the primary's gateway", () => {
      // DOT edges run in site order (aws, gcp, dc1); dir says which way the flow goes: aws -> gcp
      // (forward), dc1 -> gcp (back, on the edge gcp -> dc1)
      expect(
        edges(dot).filter((e) => e.label.some((l) => l.includes("istiod")) || e.label.length === 0),
      ).toEqual([
        {
          edge: "gw_aws -> gw_gcp",
          dir: "both",
          label: ["reachable both ways: 15443", "reachable aws to gcp: istiod 15012, webhook 15017"],
        },
        { edge: "gw_aws -> gw_gcp", dir: "forward", label: [] },
        {
          edge: "gw_gcp -> gw_dc1",
          dir: "both",
          label: ["reachable both ways: 15443", "reachable dc1 to gcp: istiod 15012, webhook 15017"],
        },
        { edge: "gw_gcp -> gw_dc1", dir: "back", label: [] },
      ]);
      expect(mermaid).toContain(
        '  gw_aws -.->|"reachable aws to gcp: istiod 15012, webhook 15017"| gw_gcp\n',
      );
      expect(mermaid).toContain(
        '  gw_dc1 -.->|"reachable dc1 to gcp: istiod 15012, webhook 15017"| gw_gcp\n',
      );
      // never from the primary to a remote, never two-headed
      expect(mermaid).not.toMatch(/gw_gcp -\.->\|"[^"]*15012/);
      expect(mermaid).not.toMatch(/<-\.->\|"[^"]*15012/);
    });

    test("the primary reads the remotes' API servers one way: one-headed arrows from the primary's cluster", () => {
      expect(edges(dot).filter((e) => e.edge.startsWith("k8s"))).toEqual([
        { edge: "k8s_aws -> k8s_gcp", dir: "back", label: ["reachable gcp to aws: API 6443"] },
        { edge: "k8s_gcp -> k8s_dc1", dir: "forward", label: ["reachable gcp to dc1: API 6443"] },
      ]);
      expect(mermaid).toContain('  k8s_gcp -.->|"reachable gcp to aws: API 6443"| k8s_aws\n');
      expect(mermaid).toContain('  k8s_gcp -.->|"reachable gcp to dc1: API 6443"| k8s_dc1\n');
      expect(mermaid).not.toMatch(/k8s_(aws|dc1) -\.->/);
      expect(mermaid).not.toMatch(/<-\.->\|"[^"]*API/);
    });

    test("the gateways reach each other both ways (15443): two-headed arrows, remotes included", () => {
      expect(edges(dot).filter((e) => e.dir === "both")).toEqual([
        expect.objectContaining({ edge: "gw_aws -> gw_gcp" }),
        { edge: "gw_aws -> gw_dc1", dir: "both", label: ["reachable both ways: 15443"] },
        expect.objectContaining({ edge: "gw_gcp -> gw_dc1" }),
      ]);
      expect(mermaid.match(/<-\.->/g)).toHaveLength(3);
      expect(mermaid).toContain('  gw_aws <-.->|"reachable both ways: 15443"| gw_dc1\n');
      expect(edges(dot)).toHaveLength(7);
    });
  });

  test("multi-primary (the aws-gcp example): the API servers are read both ways, though on different ports", () => {
    const { dot, mermaid } = diagramOf(buildAwsGcp);
    expect(edges(dot)).toEqual([
      { edge: "gw_aws -> gw_gcp", dir: "both", label: ["reachable both ways: 15443"] },
      { edge: "k8s_aws -> k8s_gcp", dir: "both", label: ["reachable both ways: API"] },
    ]);
    expect(mermaid).toContain('  k8s_aws <-.->|"reachable both ways: API"| k8s_gcp\n');
  });

  describe("from the analysis' paths", () => {
    test("a service reached one way only is a one-way flow from the client", () => {
      expect(diagramFlows(SITES, analysisOf(path("a", "g", "API server", 443)))).toEqual([
        {
          from: "aws",
          to: "gcp",
          twoWay: false,
          status: PathStatus.REACHABLE,
          target: "api",
          services: ["API 443"],
        },
      ]);
    });

    test("a service reached both ways with the same status is one two-way flow; services with the same direction share it", () => {
      const flows = diagramFlows(
        SITES,
        analysisOf(
          path("g", "a", "east-west gateway", 15443),
          path("a", "g", "east-west gateway", 15443),
          path("a", "g", "istiod (through the gateway)", 15012),
          path("a", "g", "webhook (through the gateway)", 15017),
        ),
      );
      expect(flows).toEqual([
        {
          from: "gcp",
          to: "aws",
          twoWay: true,
          status: PathStatus.REACHABLE,
          target: "gateway",
          services: ["15443"],
        },
        {
          from: "aws",
          to: "gcp",
          twoWay: false,
          status: PathStatus.REACHABLE,
          target: "gateway",
          services: ["istiod 15012", "webhook 15017"],
        },
      ]);
    });

    test("a service whose two directions differ in status is two one-way flows; a direction is as good as its worst path", () => {
      const flows = diagramFlows(
        SITES,
        analysisOf(
          // two source ranges one way: one blocked
          path("g", "a", "east-west gateway", 15443, PathStatus.REACHABLE),
          path("g", "a", "east-west gateway", 15443, PathStatus.BLOCKED),
          path("a", "g", "east-west gateway", 15443, PathStatus.UNCHECKED),
        ),
      );
      expect(flows.map((f) => [f.from, f.to, f.twoWay, f.status])).toEqual([
        ["gcp", "aws", false, PathStatus.BLOCKED],
        ["aws", "gcp", false, PathStatus.UNCHECKED],
      ]);
    });

    test("paths from outside the sites (Terraform) draw nothing; no analysis, no flows", () => {
      expect(diagramFlows(SITES, analysisOf(path("Terraform", "g", "API server", 443)))).toEqual([]);
      expect(diagramFlows(SITES, undefined)).toEqual([]);
    });

    test("an unchecked flow is drawn amber, and says so", () => {
      const input = {
        title: "t",
        meshModel: "multi-primary",
        sites: SITES.map((s) => ({
          name: s.name,
          kind: "gcp" as const,
          location: "GCP p / r",
          network: "VPC v",
          ranges: [],
          cluster: { name: s.cluster, detail: "GKE", role: "primary", gateway: ["10.0.0.9"], api: "x" },
        })),
        links: [],
        analysis: analysisOf(path("a", "g", "API server", 443, PathStatus.UNCHECKED)),
      };
      expect(renderDot(input)).toContain(
        '  k8s_gcp -> k8s_aws [dir=back, arrowsize=1.2, style=dotted, constraint=false, color="#b06000", label=<<font color="#b06000">unchecked aws to gcp: API 443</font>>];\n',
      );
      expect(renderMermaid(input)).toContain(
        '  k8s_aws -.->|"unchecked aws to gcp: API 443"| k8s_gcp\n  linkStyle 4 stroke:#b06000\n',
      );
    });
  });
});
