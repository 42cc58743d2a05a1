import { readFileSync } from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { renderDot, renderMermaid, renderSvg } from "../../lib/topology";
import { build } from "../../examples/aws-gcp/main";
import { THREE_SITES, topology } from "./fixtures";

describe("topology diagram", () => {
  test("DOT: a box per site with its network, ranges, cluster and gateway; links with tunnels, routing and SLA; flows", () => {
    const { topology: t } = topology({}, THREE_SITES);
    const { dot } = t.diagram(t.analyze());
    expect(dot).toContain('subgraph cluster_aws {\n    label="aws\\nAWS eu-west-1"');
    expect(dot).toContain(
      'net_gcp [label="VPC gcp-vpc\\nnodes 10.1.0.0/20\\npods 10.1.16.0/20\\nservices 10.1.32.0/20\\ncontrol plane 10.1.48.0/28"',
    );
    expect(dot).toContain('gw_aws [label="east-west gateway\\nNLB 10.0.96.20, 10.0.128.20, 10.0.160.20"');
    // a link's label is a node of its own, joined to both networks
    expect(dot).toContain('link_0 [label="HA VPN to AWS VGW\\n4 tunnels, BGP\\nSLA 99.99%", shape=plaintext');
    expect(dot).toContain('link_1 [label="HA VPN\\n2 tunnels, BGP\\nSLA 99.99%", shape=plaintext');
    expect(dot).toContain("net_gcp -> link_1 [dir=none, penwidth=2.4, style=bold");
    expect(dot).toContain("net_dc -> link_1 [dir=none, penwidth=2.4, style=bold");
    // multi-primary: the mesh and the API servers both ways, between gateways and between clusters
    expect(dot).toContain(
      '  gw_aws -> gw_dc [dir=both, arrowsize=1.2, style=dotted, constraint=false, color="#137333", label=<<font color="#137333">reachable both ways: 15443</font>>];\n',
    );
    expect(dot).toContain(
      '  k8s_gcp -> k8s_dc [dir=both, arrowsize=1.2, style=dotted, constraint=false, color="#137333", label=<<font color="#137333">reachable both ways: API</font>>];\n',
    );
  });

  test("a path blocked one way is a red one-way arrow; the other way and the other services stay green", () => {
    // GCP stops advertising its ranges to AWS: AWS can no longer reach the GKE API server (443);
    // GKE still reads the AWS API server (6443), and the gateways (15443) reach each other
    const { topology: t } = topology();
    t.links["gcp-aws"].router!.resource.addOverride("bgp.advertised_ip_ranges", []);
    const { dot, mermaid } = t.diagram(t.analyze());
    const flows = dot.split("\n").filter((l) => l.includes("style=dotted"));
    expect(flows).toEqual([
      '  gw_aws -> gw_gcp [dir=both, arrowsize=1.2, style=dotted, constraint=false, color="#137333", label=<<font color="#137333">reachable both ways: 15443</font>>];',
      // the two API flows share a label, a line each in its colour; the second edge runs over the top
      '  k8s_aws -> k8s_gcp [dir=forward, arrowsize=1.2, style=dotted, constraint=false, color="#d93025", label=<<font color="#d93025">BLOCKED aws to gcp: API 443</font><br/><font color="#137333">reachable gcp to aws: API 6443</font>>];',
      '  k8s_aws -> k8s_gcp [tailport=n, headport=n, dir=back, arrowsize=1.2, style=dotted, constraint=false, color="#137333"];',
    ]);
    expect(mermaid).toContain('  k8s_aws -.->|"BLOCKED aws to gcp: API 443"| k8s_gcp\n');
    expect(mermaid).toContain('  k8s_gcp -.->|"reachable gcp to aws: API 6443"| k8s_aws\n');
    // the flows come after 2 links per site and 1 VPN link: 5, 6, 7
    expect(mermaid).toContain("  linkStyle 6 stroke:#d93025\n");
    expect(mermaid).toContain("  linkStyle 7 stroke:#137333\n");
  });

  test("Mermaid for READMEs: subgraphs, the VPN link labelled, Classic VPN dashed", () => {
    const input = {
      title: "t",
      meshModel: "multi-primary",
      sites: [
        {
          name: "gcp",
          kind: "gcp" as const,
          location: "GCP p / r",
          network: "VPC v",
          ranges: ["nodes 10.0.0.0/20"],
          cluster: { name: "g", detail: "GKE", role: "primary", gateway: ["10.0.0.9"], api: "x" },
        },
        {
          name: "dc",
          kind: "on-premises" as const,
          location: "on premises",
          network: "LAN",
          ranges: ["172.16.0.0/24"],
          cluster: { name: "d", detail: "-", role: "primary", gateway: ["172.16.0.9"], api: "y" },
        },
      ],
      links: [{ a: "gcp", b: "dc", kind: "Classic VPN", tunnels: 1, routing: "static routes", sla: "99.9%" }],
    };
    const mermaid = renderMermaid(input);
    expect(mermaid.split("\n")[0]).toBe("flowchart LR");
    expect(mermaid).toContain('  net_gcp -.-|"Classic VPN: 1 tunnel, static routes, SLA 99.9%"| net_dc');
    expect(mermaid).toContain('  subgraph dc["dc (on premises)"]');
    expect(renderDot(input)).toContain("style=dashed");
  });

  test("SVG rendered in JavaScript (Graphviz in WebAssembly), the same every time", async () => {
    const { topology: t } = topology();
    const { dot } = t.diagram(t.analyze());
    const svg = await renderSvg(dot);
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).toContain("east&#45;west gateway");
    expect(await renderSvg(dot)).toBe(svg);
  });

  test("the README's diagram is the default example's, up to date (npx tsx scripts/render-readme-diagram.ts)", async () => {
    const t = build(Testing.app());
    const { dot, mermaid } = t.diagram(t.analyze());
    const dir = path.join(__dirname, "..", "..", "docs", "images");
    expect(readFileSync(path.join(dir, "aws-gcp-topology.svg"), "utf8")).toBe(await renderSvg(dot));
    expect(readFileSync(path.join(dir, "aws-gcp-topology.mmd"), "utf8")).toBe(mermaid);
  });
});
