// One model for the peer sheets and the analysis: for every example and every on-premises device,
// whatever the analysis assumes of the device (its static routes, what its firewall admits, what it
// advertises, what it accepts over BGP, and each port and source the analysis' paths need it to
// admit) is on the sheet its administrator gets.
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { App } from "cdktf";
import { Cidr } from "../../lib/core";
import { FindingLevel, HybridTopology, PathStatus } from "../../lib/topology";
import { build as awsGcp } from "../../examples/aws-gcp/main";
import { build as onpremGke } from "../../examples/onprem-gke/main";
import { build as threeSites } from "../../examples/three-sites/main";
import { MeshModel } from "../../lib/mesh";
import { freshApp } from "../util";
import { THREE_SITES } from "./fixtures";

const DC = THREE_SITES.onPremises![0];

/** Every example, and two more shapes: an on-premises primary, and a device without BGP with transit. */
const CASES: [string, (app: App) => HybridTopology][] = [
  ["aws-gcp", awsGcp],
  ["onprem-gke", onpremGke],
  ["three-sites", threeSites],
  [
    "on-premises primary",
    (app) =>
      new HybridTopology(app, "hybrid", {
        ...THREE_SITES,
        mesh: { model: MeshModel.PRIMARY_REMOTE, primary: "dc-cluster" },
      }),
  ],
  [
    "Classic VPN with transit",
    (app) =>
      new HybridTopology(app, "hybrid", {
        ...THREE_SITES,
        onPremises: [{ ...DC, vpn: { addresses: ["203.0.113.10"] } }],
        // One Classic VPN tunnel: no path to dc survives its loss.
        analysis: { singleFailures: FindingLevel.WARNING },
      }),
  ],
];

/** The lines of a Markdown section, from its heading to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("#") && l.replace(/^#+ /, "").startsWith(heading));
  if (start < 0) return "";
  const level = lines[start].match(/^#+/)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.match(/^#+/)![0].length <= level);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** The first column of a Markdown table's rows (the ranges). */
function firstColumn(table: string): string[] {
  return table
    .split("\n")
    .filter((l) => /^\| \d/.test(l))
    .map((l) => l.split("|")[1].trim());
}

const cidrsIn = (text: string) => text.match(/\d+\.\d+\.\d+\.\d+\/\d+/g) ?? [];

describe.each(CASES)("%s: the peer sheets say what the analysis assumes", (name, build) => {
  const app = freshApp();
  const topology = build(app);
  app.synth();
  const result = topology.analyze();
  const input = topology.analysisInput();
  const terraform = topology.allStacks.map((s) =>
    JSON.parse(readFileSync(path.join(app.outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8")),
  );
  /** Every sheet written for a site, by the links leading to it. */
  const sheetsOf = (site: string) =>
    Object.values(topology.links)
      .filter((l) => l.spec.between === site || l.spec.and === site)
      .map((l) => {
        const dir = path.join(app.outdir, "stacks", l.stack.node.id, "peer-sheets");
        const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8"));
        return { link: l, text: texts.find((t) => t.split("\n")[0].endsWith(`(${site})`))! };
      });

  test("the analysis passes", () => {
    expect(result.ok).toBe(true);
    expect(result.paths.every((p) => p.status === PathStatus.REACHABLE)).toBe(true);
  });

  const sites = input.onPrem!.map((o) => o.name);
  if (name === "aws-gcp") {
    test("no on-premises device, no sheet", () => expect(sites).toEqual([]));
    return;
  }

  test.each(sites)(
    "%s: its static routes, what it advertises and what its firewall admits are on its sheet",
    (site) => {
      const assumed = input.onPrem!.find((o) => o.name === site)!;
      const sheets = sheetsOf(site);
      expect(sheets.length).toBeGreaterThan(0);
      for (const { text } of sheets) {
        expect(text).toBeDefined();
        const routes = firstColumn(section(text, "Ranges"));
        for (const r of assumed.staticRoutes) expect(routes).toContain(r);
        const own = firstColumn(section(text, "The site's ranges"));
        for (const r of assumed.advertises ?? assumed.ranges) expect(own).toContain(r);
        const admits = text
          .split("\n")
          .find((l) => l.startsWith("The analysis assumes the firewall admits"))!;
        expect(cidrsIn(admits)).toEqual(assumed.acceptsFrom);
        if (assumed.asn !== undefined) expect(text).toContain(`| peer ASN | ${assumed.asn} |`);
      }
    },
  );

  test.each(sites)(
    "%s: a BGP sheet lists every range its Cloud Router advertises, as synthesized",
    (site) => {
      for (const { link, text } of sheetsOf(site)) {
        if (!link.router) continue;
        const router = terraform
          .flatMap((j) => Object.values<any>(j.resource?.google_compute_router ?? {}))
          .find((r) => r["//"].metadata.path === link.router!.resource.node.path);
        const subnets = terraform.flatMap((j) =>
          Object.values<any>(j.resource?.google_compute_subnetwork ?? {}),
        );
        const advertised = [
          ...(router.bgp.advertised_groups.includes("ALL_SUBNETS")
            ? subnets.flatMap((s) => [
                s.ip_cidr_range,
                ...s.secondary_ip_range.map((r: any) => r.ip_cidr_range),
              ])
            : []),
          ...router.bgp.advertised_ip_ranges.map((r: any) => r.range),
        ];
        expect(advertised.length).toBeGreaterThan(3);
        expect(firstColumn(section(text, "Ranges the Cloud Router advertises")).sort()).toEqual(
          [...new Set(advertised)].sort(),
        );
        expect(text).toContain("| keepalive interval | 20 s");
        expect(text).toContain("| hold time | 60 s");
      }
    },
  );

  test.each(sites)(
    "%s: each port and source the analysis' paths need it to admit is in its firewall table",
    (site) => {
      const assumed = input.onPrem!.find((o) => o.name === site)!;
      const own = assumed.ranges.map((r) => Cidr.parse(r));
      const clusters = input.clusters.filter((c) => c.site === site).map((c) => c.name);
      const paths = result.paths.filter((p) => clusters.includes(p.to));
      expect(paths.length).toBeGreaterThan(0);
      for (const { text } of sheetsOf(site)) {
        const rows = section(text, "Firewall")
          .split("\n")
          .filter((l) => /^\| \d+ \|/.test(l))
          .map((l) => {
            const [, port, destination, , sources] = l.split("|").map((c) => c.trim());
            return { port: Number(port), destination, sources: cidrsIn(sources).map((c) => Cidr.parse(c)) };
          });
        for (const p of paths) {
          const sources = cidrsIn(p.source)
            .map((c) => Cidr.parse(c))
            .filter((c) => !own.some((r) => r.contains(c)));
          if (sources.length === 0) continue; // from the site's own LAN: not through its VPN firewall
          const row = rows.find(
            (r) =>
              r.port === p.port &&
              (!/^\d+\.\d+\.\d+\.\d+$/.test(p.destination) || r.destination === p.destination),
          );
          expect([p.from, p.port, row ? "listed" : "missing"]).toEqual([p.from, p.port, "listed"]);
          for (const s of sources)
            expect([p.from, p.port, s.toString(), row!.sources.some((r) => r.contains(s))]).toEqual([
              p.from,
              p.port,
              s.toString(),
              true,
            ]);
        }
      }
    },
  );
});

test("an on-premises primary's sheet lists istiod (15012) from the remotes' workloads and the webhooks (15017) from their API servers", () => {
  const app = freshApp();
  const t = CASES[3][1](app);
  app.synth();
  const dir = path.join(app.outdir, "stacks", "hybrid", "peer-sheets");
  const text = readdirSync(dir)
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .find((x) => x.split("\n")[0].endsWith("(dc)"))!;
  const gcp = t.plan.gcp.gcp;
  expect(text).toContain(
    `| 15012 | 172.20.1.50 | dc-cluster istiod, through the east-west gateway (remote clusters) | 10.0.0.0/16 (aws: VPC, via gcp), ${gcp.subnet} (gcp: gke-cluster nodes), ${gcp.pods} (gcp: gke-cluster pods) |`,
  );
  expect(text).toContain(
    `| 15017 | 172.20.1.50 | dc-cluster webhooks, through the east-west gateway (remote API servers) | 10.0.0.0/16 (aws: VPC, via gcp), ${gcp.controlPlane} (gcp: gke-cluster control plane) |`,
  );
  // The primary reads the remotes' API servers, not they its own: only Terraform (run in the GCP
  // site, fixtures' deployer) reads it.
  expect(text).toContain(
    `| 6443 | 172.20.0.10 | dc-cluster API server | ${gcp.subnet} (gcp: gke-cluster nodes), ${gcp.pods} (gcp: gke-cluster pods) |`,
  );
});
