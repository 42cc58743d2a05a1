import { HybridTopology, PathStatus } from "../../lib/topology";
import { AwsVpnGatewayKind } from "../../lib/vpn";
import { byPath, expectHybridMeshError, ofType, refOf, synthJson } from "../util";
import { THREE_SITES, topology, TWO_SITES } from "./fixtures";

const json = (t: HybridTopology) =>
  synthJson(
    t.allStacks.find((s) => s.node.id === "hybrid")!,
    false,
  );

const TGW = AwsVpnGatewayKind.TRANSIT_GATEWAY;

/** A second on-premises site with BGP, linked to the GCP hub too. */
const DC2 = {
  name: "dc2",
  ranges: ["172.24.0.0/22"],
  vpn: { addresses: ["203.0.113.20", "203.0.113.21"], asn: 65020 },
  cluster: { name: "dc2-cluster", apiServerAddress: "172.24.0.10", gatewayAddress: "172.24.1.50" },
};

describe("links: what each end routes to the other", () => {
  test("a transit gateway routes every range the GCP end holds (nodes, pods, services, control plane) and the ranges beyond it; the analysis passes with no hand-written route", () => {
    const { topology: t } = topology(
      {
        links: [
          { between: "gcp", and: "aws", awsGateway: TGW },
          { between: "gcp", and: "dc" },
        ],
      },
      THREE_SITES,
    );
    const j = json(t);
    const tgw = refOf(j, "aws_ec2_transit_gateway", "link-gcp-aws/Vpn/TransitGateway");
    const routed = ofType(j, "aws_route")
      .filter((r) => r.transit_gateway_id === tgw)
      .map((r) => r.destination_cidr_block);
    const gcp = t.plan.gcp.gcp;
    const expected = [gcp.subnet, gcp.pods, gcp.services, gcp.controlPlane, "172.20.0.0/22"];
    // One route per private route table (three zones) and range.
    expect(routed).toEqual([...expected, ...expected, ...expected]);
    expect((t.links["gcp-aws"].vpn as any).gcpRanges).toEqual(expected);

    const result = t.analyze();
    expect(result.findings.filter((f) => f.level === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.paths.length).toBeGreaterThanOrEqual(10);
    expect(result.paths.filter((p) => p.status !== PathStatus.REACHABLE)).toEqual([]);
    // The GKE pods reach the AWS API server and gateway, and their answers come back over the link.
    expect(
      result.paths.filter(
        (p) => p.from === "gke-cluster" && p.to === "aws-cluster" && p.source.includes("pods"),
      ),
    ).toHaveLength(2);
  });

  test("a two-site transit-gateway topology with a GKE cluster synthesizes and passes the analysis", () => {
    const { app, topology: t } = topology({ links: [{ between: "gcp", and: "aws", awsGateway: TGW }] });
    expect(() => app.synth()).not.toThrow();
    const result = t.analyze();
    expect(result.ok).toBe(true);
    expect(result.paths.length).toBe(8);
    expect(result.paths.every((p) => p.status === PathStatus.REACHABLE)).toBe(true);
  });

  test("additionalRanges: the Cloud Router advertises them, the transit gateway routes them, the device routes and admits them", () => {
    const { topology: t } = topology(
      {
        links: [
          { between: "gcp", and: "aws", awsGateway: TGW, additionalRanges: ["10.200.0.0/24"] },
          { between: "gcp", and: "dc", additionalRanges: ["10.201.0.0/24"] },
        ],
      },
      THREE_SITES,
    );
    const j = json(t);
    const advertised = (link: string) =>
      byPath(j, "google_compute_router", `${link}/Router`).bgp.advertised_ip_ranges.map((r: any) => r.range);
    expect(advertised("link-gcp-aws")).toEqual([
      t.plan.gcp.gcp.controlPlane,
      "172.20.0.0/22",
      "10.200.0.0/24",
    ]);
    expect(advertised("link-gcp-dc")).toEqual([t.plan.gcp.gcp.controlPlane, "10.0.0.0/16", "10.201.0.0/24"]);
    const tgw = refOf(j, "aws_ec2_transit_gateway", "link-gcp-aws/Vpn/TransitGateway");
    expect(
      ofType(j, "aws_route").filter(
        (r) => r.transit_gateway_id === tgw && r.destination_cidr_block === "10.200.0.0/24",
      ),
    ).toHaveLength(3);
    const dc = t.analysisInput().onPrem!.find((o) => o.name === "dc")!;
    expect(dc.acceptsFrom).toContain("10.201.0.0/24");
    expect(dc.acceptsFrom).not.toContain("10.200.0.0/24");
    expect(t.analyze().ok).toBe(true);
  });

  test("additionalRanges on a Classic VPN link are the device's static routes", () => {
    const dc = THREE_SITES.onPremises![0];
    const { topology: t } = topology(
      {
        onPremises: [{ ...dc, vpn: { addresses: ["203.0.113.10"] } }],
        links: [
          { between: "gcp", and: "aws" },
          { between: "gcp", and: "dc", additionalRanges: ["10.201.0.0/24"] },
        ],
      },
      THREE_SITES,
    );
    const input = t.analysisInput().onPrem![0];
    expect(input.staticRoutes).toEqual([
      ...Object.values(t.plan.gcp.gcp).filter((v) => typeof v === "string"),
      "10.0.0.0/16",
      "10.201.0.0/24",
    ]);
    expect((t.links["gcp-dc"].vpn as any).gcpRanges).toEqual(input.staticRoutes);
  });

  test("additionalRanges must be routable ranges the address plan does not hold", () => {
    const fails = (additionalRanges: string[], message: string) =>
      expectHybridMeshError(
        () => topology({ links: [{ between: "gcp", and: "aws", additionalRanges }] }),
        message,
      );
    fails(["10.200.0.0/33"], 'hybrid (HybridTopology): links[0].additionalRanges[0] = "10.200.0.0/33"');
    fails(
      ["0.0.0.0/0"],
      'links[0].additionalRanges[0] = "0.0.0.0/0": a default route over the VPN would send all traffic',
    );
    fails(
      ["169.254.10.0/24"],
      'links[0].additionalRanges[0] = "169.254.10.0/24": a range routed over the VPN must not overlap 169.254.0.0/16',
    );
    fails(
      ["10.1.16.0/24"],
      'links[0].additionalRanges[0] = "10.1.16.0/24": it overlaps 10.1.16.0/20 (gcp: gke-cluster pods) of the address plan, which the topology routes (or keeps inside its cluster) already',
    );
    fails(
      ["10.200.0.0/24", "10.200.0.0/24"],
      'links[0].additionalRanges[1] = "10.200.0.0/24": the range is given twice',
    );
  });
});

describe("links: tunnel inside /30s, unique across the topology", () => {
  test("no two tunnels of any link share an inside /30: the AWS link first, then each on-premises link", () => {
    const { topology: t } = topology(
      {
        onPremises: [...THREE_SITES.onPremises!, DC2],
        links: [
          { between: "gcp", and: "aws" },
          { between: "gcp", and: "dc" },
          { between: "gcp", and: "dc2" },
        ],
      },
      THREE_SITES,
    );
    const j = json(t);
    const interfaces = ofType(j, "google_compute_router_interface").map((i) => i.ip_range);
    expect(interfaces).toHaveLength(8);
    const slash30 = (a: string) => {
      const [o1, o2, o3, o4] = a.split("/")[0].split(".").map(Number);
      return `${o1}.${o2}.${o3}.${o4 - (o4 % 4)}/30`;
    };
    expect(new Set(interfaces.map(slash30)).size).toBe(8);
    const byLink = (link: string) => (t.links[link].vpn as any).tunnels.map((x: any) => x.insideCidr);
    expect(byLink("gcp-aws")).toEqual([
      "169.254.6.0/30",
      "169.254.6.4/30",
      "169.254.6.8/30",
      "169.254.6.12/30",
    ]);
    expect(byLink("gcp-dc")).toEqual(["169.254.6.16/30", "169.254.6.20/30"]);
    expect(byLink("gcp-dc2")).toEqual(["169.254.6.24/30", "169.254.6.28/30"]);
    // The AWS side uses the same /30s.
    const connections = ofType(j, "aws_vpn_connection").flatMap((c) => [
      c.tunnel1_inside_cidr,
      c.tunnel2_inside_cidr,
    ]);
    expect(connections).toEqual(byLink("gcp-aws"));
    expect(t.analyze().ok).toBe(true);
  });

  test("two AWS sites: each transit or private gateway gets its own /30s too", () => {
    const { topology: t } = topology({
      aws: [
        { name: "eu", region: "eu-west-1", cluster: { name: "eu-cluster" } },
        { name: "us", region: "us-east-1", cluster: { name: "us-cluster" } },
      ],
      links: [
        { between: "gcp", and: "eu" },
        { between: "us", and: "gcp", awsGateway: TGW },
      ],
    });
    const all = ["gcp-eu", "gcp-us"].flatMap((l) =>
      (t.links[l].vpn as any).tunnels.map((x: any) => x.insideCidr),
    );
    expect(all).toHaveLength(8);
    expect(new Set(all).size).toBe(8);
  });
});

describe("links: BGP speakers and device addresses", () => {
  test("the planner never assigns an ASN a site was given, on-premises devices included", () => {
    const dc = THREE_SITES.onPremises![0];
    const { topology: t } = topology(
      { onPremises: [{ ...dc, vpn: { ...dc.vpn, asn: 64512 } }] },
      THREE_SITES,
    );
    expect([t.awsSites.aws.asn, t.gcpSites.gcp.asn]).toEqual([64513, 64514]);
    expect(t.analysisInput().onPrem![0].asn).toBe(64512);
  });

  test("an on-premises ASN that an AWS or GCP site was given is an error naming the device's property", () => {
    const dc = THREE_SITES.onPremises![0];
    expectHybridMeshError(
      () =>
        topology(
          {
            gcp: [{ ...THREE_SITES.gcp![0], asn: 65010 }],
            onPremises: [{ ...dc, vpn: { ...dc.vpn, asn: 65010 } }],
          },
          THREE_SITES,
        ),
      "onPremises[0].vpn.asn = 65010: site gcp uses this ASN too: BGP drops routes whose AS path holds the receiver's own ASN",
    );
    expectHybridMeshError(
      () =>
        topology(
          {
            aws: [{ ...THREE_SITES.aws![0], asn: 65010 }],
            onPremises: [{ ...dc, vpn: { ...dc.vpn, asn: 65010 } }],
          },
          THREE_SITES,
        ),
      "onPremises[0].vpn.asn = 65010: site aws uses this ASN too",
    );
    expectHybridMeshError(
      () =>
        topology(
          { onPremises: [...THREE_SITES.onPremises!, { ...DC2, vpn: { ...DC2.vpn, asn: 65010 } }] },
          THREE_SITES,
        ),
      "onPremises[1].vpn.asn = 65010: site dc uses this ASN too",
    );
  });

  test("an on-premises device address given twice is an error naming onPremises[i].vpn.addresses", () => {
    const dc = THREE_SITES.onPremises![0];
    expectHybridMeshError(
      () =>
        topology(
          { onPremises: [{ ...dc, vpn: { addresses: ["203.0.113.10", "203.0.113.10"], asn: 65010 } }] },
          THREE_SITES,
        ),
      'hybrid (HybridTopology): onPremises[0].vpn.addresses[1] = "203.0.113.10": the address is given twice (also onPremises[0].vpn.addresses[0])',
    );
  });
});

describe("links: the base fixture stays as it was", () => {
  test("TWO_SITES builds one link with 4 tunnels from 169.254.6.0", () => {
    const { topology: t } = topology({}, TWO_SITES);
    expect((t.links["gcp-aws"].vpn as any).tunnels[0].insideCidr).toBe("169.254.6.0/30");
  });
});
