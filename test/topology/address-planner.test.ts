import fc from "fast-check";
import { Cidr, findOverlaps } from "../../lib/core";
import { RESERVED_RANGES } from "../../lib/core";
import { AwsSiteSpec, GcpSiteSpec, OnPremSiteSpec, planAddresses } from "../../lib/topology";

const aws = (name: string, extra: Partial<AwsSiteSpec> = {}): AwsSiteSpec => ({
  name,
  region: "eu-west-1",
  cluster: { name: `${name}-cluster` },
  ...extra,
});
const gcp = (name: string, extra: Partial<GcpSiteSpec> = {}): GcpSiteSpec => ({
  name,
  project: "my-project-123",
  region: "europe-west1",
  cluster: { name: `${name}-cluster` },
  ...extra,
});
const onPrem = (name: string, ranges: string[]): OnPremSiteSpec => ({
  name,
  ranges,
  vpn: { addresses: ["203.0.113.10"] },
  cluster: { name: `${name}-cluster`, apiServerAddress: "172.16.0.10", gatewayAddress: "172.16.0.50" },
});

describe("planAddresses", () => {
  test("allocates, in site order, from the supernet: AWS /16 VPCs, GCP /20 subnets, pod ranges sized for the nodes, /28 control planes", () => {
    expect(
      planAddresses(
        "10.0.0.0/8",
        [aws("a")],
        [gcp("g", { cluster: { name: "gke", zone: "europe-west1-b", maxNodesPerZone: 40 } })],
        [],
      ),
    ).toEqual({
      supernet: "10.0.0.0/8",
      aws: { a: { vpc: "10.0.0.0/16", pods: "192.168.0.0/16", services: "10.2.0.0/16" } },
      gcp: {
        g: {
          subnet: "10.1.0.0/20",
          // 40 nodes x 110 pods: a /24 per node, 64 of them: a /18.
          pods: "10.1.64.0/18",
          services: "10.1.16.0/20",
          controlPlane: "10.1.32.0/28",
          maxNodes: 40,
        },
      },
      onPrem: {},
    });
  });

  test("keeps every range given and allocates around them", () => {
    const plan = planAddresses(
      "10.0.0.0/8",
      [aws("a", { cidr: "10.0.0.0/16" })],
      [gcp("g", { subnetCidr: "10.1.0.0/20", podCidr: "10.4.0.0/14", serviceCidr: "10.1.16.0/20" })],
      [onPrem("dc", ["10.1.32.0/24"])],
    );
    expect(plan.aws.a.vpc).toBe("10.0.0.0/16");
    expect(plan.gcp.g).toMatchObject({
      subnet: "10.1.0.0/20",
      pods: "10.4.0.0/14",
      services: "10.1.16.0/20",
      controlPlane: "10.1.33.0/28",
    });
    expect(plan.onPrem).toEqual({ dc: ["10.1.32.0/24"] });
  });

  test("AWS cluster ranges keep kubeadm's and Calico's defaults outside the supernet, and move when they would collide", () => {
    const outside = planAddresses("172.20.0.0/14", [aws("a")], [], []);
    expect(outside.aws.a).toEqual({ vpc: "172.20.0.0/16", pods: "192.168.0.0/16", services: "10.96.0.0/12" });
    const colliding = planAddresses("10.0.0.0/8", [aws("a")], [], [onPrem("dc", ["192.168.1.0/24"])]);
    expect(colliding.aws.a.pods).toBe("10.1.0.0/16");
  });

  test("never allocates in 169.254.0.0/16 or 172.17.0.0/16", () => {
    const plan = planAddresses("172.16.0.0/12", [aws("a"), aws("b")], [], []);
    expect([plan.aws.a.vpc, plan.aws.b.vpc]).toEqual(["172.16.0.0/16", "172.18.0.0/16"]);
  });

  test("errors: a missing range without a supernet, a full supernet", () => {
    expect(() => planAddresses(undefined, [aws("a")], [], [])).toThrow(
      'hybrid-mesh: aws[0].cidr = undefined: the VPC range of site a is not given and the topology has no supernet to allocate it from; give aws[0].cidr, or set supernet (e.g. "10.0.0.0/8") and every range not given is planned from it.',
    );
    expect(() => planAddresses("10.0.0.0/16", [aws("a"), aws("b")], [], [])).toThrow(
      'supernet = "10.0.0.0/16": no free /16 is left in 10.0.0.0/16 for the VPC range of site b',
    );
    expect(() => planAddresses("10.0.0.0/8", [aws("a", { cidr: "10.0.0.0/33" })], [], [])).toThrow(
      "10.0.0.0/33",
    );
  });

  test("property: any mix of sites gets disjoint ranges inside the supernet, clear of the reserved ranges, the same every time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
        (awsCount, gcpCount, lans) => {
          const awsSites = Array.from({ length: awsCount }, (_, i) => aws(`a${i}`));
          const gcpSites = Array.from({ length: gcpCount }, (_, i) =>
            gcp(`g${i}`, {
              cluster: {
                name: `g${i}`,
                zone: i % 2 ? "europe-west1-b" : undefined,
                maxNodesPerZone: 1 + i * 7,
              },
            }),
          );
          const onPremSites = [...new Set(lans)].map((n, i) => onPrem(`dc${i}`, [`10.200.${n}.0/24`]));
          const plan = planAddresses("10.0.0.0/8", awsSites, gcpSites, onPremSites);
          expect(planAddresses("10.0.0.0/8", awsSites, gcpSites, onPremSites)).toEqual(plan);
          const routed = [
            ...Object.entries(plan.aws).map(([n, p]) => ({ name: `${n}/vpc`, cidr: p.vpc })),
            ...Object.entries(plan.gcp).flatMap(([n, p]) =>
              (["subnet", "pods", "services", "controlPlane"] as const).map((k) => ({
                name: `${n}/${k}`,
                cidr: p[k],
              })),
            ),
            ...Object.entries(plan.onPrem).flatMap(([n, r]) => r.map((cidr) => ({ name: `${n}/lan`, cidr }))),
          ];
          expect(findOverlaps(routed)).toEqual([]);
          for (const r of routed) {
            if (!r.name.endsWith("/lan"))
              expect(Cidr.parse("10.0.0.0/8").contains(Cidr.parse(r.cidr))).toBe(true);
            for (const reserved of RESERVED_RANGES)
              expect(Cidr.parse(reserved).overlaps(Cidr.parse(r.cidr))).toBe(false);
          }
          for (const p of Object.values(plan.aws))
            for (const r of routed) {
              expect(Cidr.parse(p.pods).overlaps(Cidr.parse(r.cidr))).toBe(false);
              expect(Cidr.parse(p.services).overlaps(Cidr.parse(r.cidr))).toBe(false);
            }
        },
      ),
      { numRuns: 60 },
    );
  });
});
