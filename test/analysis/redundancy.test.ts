import { SlaTier } from "../../lib/core";
import { ExplanationCode, FindingLevel, PathStatus } from "../../lib/topology";
import { synthError, THREE_SITES, topology, TWO_SITES } from "../topology/fixtures";
import { expectEveryCode, pathsOf, resourceAt } from "./faults";

describe("redundancy counted by devices and addresses", () => {
  test("an external VPN gateway with one address twice is one device: 99.9 %, and that address breaks every path to it", () => {
    const { app, topology: t } = topology({}, THREE_SITES);
    resourceAt(t, "link-gcp-dc/Vpn/ExternalGateway").addOverride("interface.1.ip_address", "203.0.113.10");
    const result = t.analyze();
    expect(result.links.find((l) => l.between === "gcp <-> dc")).toMatchObject({
      tunnels: 2,
      bgpSessions: 2,
      gcpInterfaces: [0, 1],
      sla: SlaTier.SINGLE_999,
    });
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.LINK_SLA,
        subject: "link gcp <-> dc",
        rule: "the link reaches 99.9% only: its tunnels end at one peer address (203.0.113.10): one device, whose loss takes every tunnel down",
        fix: "give the peer two distinct addresses (one per external gateway interface), on two devices if possible",
      }),
    );
    const [path] = pathsOf(result, "gke-cluster", "dc-cluster", 15443);
    expect(path).toMatchObject({ status: PathStatus.REACHABLE, code: ExplanationCode.SINGLE_FAILURE });
    expect(path.brokenBy).toEqual(["dc's VPN device at 203.0.113.10"]);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        level: FindingLevel.ERROR,
        code: ExplanationCode.SINGLE_FAILURE,
        hop: "dc's VPN device at 203.0.113.10",
        fix: "give the site's VPN device two distinct addresses (one per external gateway interface)",
      }),
    );
    expectEveryCode(result);
    expect(synthError(app)).toContain(
      "the path does not survive the loss of dc's VPN device at 203.0.113.10",
    );
  });

  test("two distinct addresses: 99.99 %, no single failure", () => {
    const result = topology({}, THREE_SITES).topology.analyze();
    expect(result.links.map((l) => l.sla)).toEqual([SlaTier.HA_9999, SlaTier.HA_9999]);
    expect(result.paths.every((p) => p.brokenBy.length === 0 && p.code === undefined)).toBe(true);
  });
});

describe("a zonal cluster's own zone is a warning; shared single failures stay errors", () => {
  const zonal = { ...TWO_SITES.gcp![0], cluster: { name: "gke-cluster", zone: "europe-west1-b" } };

  test("a zonal GKE cluster: its zone breaks the paths to it, a warning with the specific fix (ZONAL_CLUSTER)", () => {
    const { app, topology: t } = topology({ gcp: [zonal] });
    const result = t.analyze();
    expect(result.ok).toBe(true);
    expect(synthError(app)).toBe("");
    const [path] = pathsOf(result, "aws-cluster", "gke-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.REACHABLE,
      code: ExplanationCode.ZONAL_CLUSTER,
      brokenBy: ["zone europe-west1-b"],
    });
    expect(result.findings).toContainEqual({
      level: FindingLevel.WARNING,
      code: ExplanationCode.ZONAL_CLUSTER,
      check: "single-failure",
      subject: `aws-cluster -> gke-cluster 15443 (east-west gateway) from ${path.source}`,
      hop: "zone europe-west1-b",
      rule: "the path does not survive the loss of zone europe-west1-b (gke-cluster is a zonal cluster in europe-west1-b)",
      fix: "a regional cluster survives a zone loss: use a region as the cluster's location (gke-cluster is in europe-west1-b; its region is europe-west1)",
    });
    expect(result.findings.every((f) => f.code === ExplanationCode.ZONAL_CLUSTER)).toBe(true);
    // The paths from the zonal cluster to AWS do not depend on its zone.
    expect(pathsOf(result, "gke-cluster", "aws-cluster", 15443).every((p) => p.code === undefined)).toBe(
      true,
    );
    expectEveryCode(result);
  });

  test("a zonal cluster behind one HA VPN interface: the interface's loss stays an error, the zone named with it", () => {
    const { app, topology: t } = topology({
      gcp: [zonal],
      links: [{ between: "gcp", and: "aws", tunnels: 2 }],
    });
    const result = t.analyze();
    const [path] = pathsOf(result, "aws-cluster", "gke-cluster", 15443);
    expect(path.code).toBe(ExplanationCode.SINGLE_FAILURE);
    expect(path.brokenBy).toContain("zone europe-west1-b");
    expect(path.brokenBy).toContain("HA VPN interface 0 of hybrid-link-gcp-aws-vpn-gateway");
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        level: FindingLevel.ERROR,
        code: ExplanationCode.SINGLE_FAILURE,
        subject: `aws-cluster -> gke-cluster 15443 (east-west gateway) from ${path.source}`,
        fix: "use 4 tunnels on both HA VPN interfaces, with BGP on each; a regional cluster survives a zone loss: use a region as the cluster's location (gke-cluster is in europe-west1-b; its region is europe-west1)",
      }),
    );
    expect(synthError(app)).toContain("single-failure");
  });

  test("single failures off: no finding, the paths still carry their code", () => {
    const { topology: t } = topology({ gcp: [zonal], analysis: { singleFailures: "off" } });
    const result = t.analyze();
    expect(result.findings.filter((f) => f.check === "single-failure")).toEqual([]);
    expect(pathsOf(result, "aws-cluster", "gke-cluster", 15443)[0].code).toBe(ExplanationCode.ZONAL_CLUSTER);
  });
});
