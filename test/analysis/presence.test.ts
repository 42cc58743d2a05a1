import {
  analyze,
  ExplanationCode,
  FindingLevel,
  PathStatus,
  renderAnalysisJson,
  renderAnalysisMarkdown,
} from "../../lib/topology";
import { synthError, topology } from "../topology/fixtures";
import { expectEveryCode, pathsOf, resourceAt } from "./faults";

const AWS_NODES =
  "10.0.96.0/19, 10.0.128.0/19, 10.0.160.0/19 (aws-cluster nodes, eu-west-1a, eu-west-1b, eu-west-1c)";

describe("the analysis reads what Terraform will create: count and for_each", () => {
  test("count = 0 on the mesh firewall rule: the east-west gateway is blocked at that rule (ELEMENT_ABSENT)", () => {
    const { app, topology: t } = topology();
    resourceAt(t, "site-gcp/Network/allow-mesh-peers").addOverride("count", 0);
    const result = t.analyze();
    const [path] = pathsOf(result, "aws-cluster", "gke-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.ELEMENT_ABSENT,
      blockedAt: "firewall rule gcp-vpc-allow-mesh-peers (count = 0)",
      reason:
        "it would admit tcp 15443 from 10.0.96.0/19 to the nodes of gke-cluster, but Terraform does not create it (count = 0)",
    });
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        level: FindingLevel.ERROR,
        code: ExplanationCode.ELEMENT_ABSENT,
        hop: "firewall rule gcp-vpc-allow-mesh-peers (count = 0)",
        fix: "make Terraform create site-gcp/Network/allow-mesh-peers/Resource: remove its count = 0, or let it create one instance at least",
      }),
    );
    expectEveryCode(result);
    expect(synthError(app)).toContain(
      `reachability = "aws-cluster -> gke-cluster 15443 (east-west gateway) from ${AWS_NODES}": blocked at firewall rule gcp-vpc-allow-mesh-peers (count = 0)`,
    );
  });

  test("count = 0 on a route propagation: the zone's node subnet has no route to GCP, named at the propagation", () => {
    const { topology: t } = topology();
    resourceAt(t, "link-gcp-aws/Vpn/RoutePropagation1").addOverride("count", 0);
    const result = t.analyze();
    expect(result.ok).toBe(false);
    // The first zone's route table no longer routes like the others: its nodes are a source of their own.
    const blocked = result.paths.filter((p) => p.status === PathStatus.BLOCKED);
    expect(blocked.map((p) => `${p.from} -> ${p.to} ${p.port} from ${p.source}`)).toEqual([
      "aws-cluster -> gke-cluster 15443 from 10.0.96.0/19 (aws-cluster nodes, eu-west-1a)",
      "aws-cluster -> gke-cluster 443 from 10.0.96.0/19 (aws-cluster nodes, eu-west-1a)",
    ]);
    expect(blocked[0]).toMatchObject({
      code: ExplanationCode.ELEMENT_ABSENT,
      blockedAt: "route propagation link-gcp-aws/Vpn/RoutePropagation1 (count = 0)",
      reason:
        "it would propagate 10.1.0.0/20 from the VPN gateway into route table site-aws/Network/PrivateSubnet1/RouteTable, but Terraform does not create it (count = 0)",
    });
    expect(
      result.findings.filter((f) => f.code === ExplanationCode.ELEMENT_ABSENT).map((f) => f.hop),
    ).toEqual([
      "route propagation link-gcp-aws/Vpn/RoutePropagation1 (count = 0)",
      "route propagation link-gcp-aws/Vpn/RoutePropagation1 (count = 0)",
    ]);
    expectEveryCode(result);
  });

  test("count = 0 on the 15443 listener: GCP reaches the AWS gateway's load balancer, which does not listen", () => {
    const { topology: t } = topology();
    resourceAt(t, "site-aws/MeshGateway/Listener15443").addOverride("count", 0);
    const result = t.analyze();
    const paths = pathsOf(result, "gke-cluster", "aws-cluster", 15443);
    expect(paths.map((p) => [p.source, p.status, p.code, p.blockedAt])).toEqual([
      [
        "10.1.0.0/20 (gke-cluster nodes)",
        PathStatus.BLOCKED,
        ExplanationCode.ELEMENT_ABSENT,
        "listener 15443 of load balancer aws-cluster-mesh-gateway (count = 0)",
      ],
      [
        "10.1.16.0/20 (gke-cluster pods)",
        PathStatus.BLOCKED,
        ExplanationCode.ELEMENT_ABSENT,
        "listener 15443 of load balancer aws-cluster-mesh-gateway (count = 0)",
      ],
    ]);
    // The other listeners of the same load balancer are still there: the API server is untouched.
    expect(
      pathsOf(result, "gke-cluster", "aws-cluster", 6443).every((p) => p.status === PathStatus.REACHABLE),
    ).toBe(true);
    expectEveryCode(result);
  });

  test("an empty for_each on an AWS VPN connection: its two tunnels carry nothing, one HA VPN interface is left", () => {
    const { topology: t } = topology();
    resourceAt(t, "link-gcp-aws/Vpn/Connection2").addOverride("for_each", {});
    const result = t.analyze();
    expect(result.links).toEqual([
      expect.objectContaining({ tunnels: 4, bgpSessions: 2, gcpInterfaces: [0], sla: "99.9%" }),
    ]);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.LINK_SLA,
        rule: expect.stringContaining(
          "2 tunnel(s) cannot carry traffic (AWS VPN connection link-gcp-aws/Vpn/Connection2 (for_each = {}))",
        ),
      }),
    );
    // Every path still crosses the remaining interface: its loss is a single failure.
    const [path] = pathsOf(result, "gke-cluster", "aws-cluster", 15443);
    expect(path).toMatchObject({ status: PathStatus.REACHABLE, code: ExplanationCode.SINGLE_FAILURE });
    expect(path.brokenBy).toContain("HA VPN interface 0 of hybrid-link-gcp-aws-vpn-gateway");
    expectEveryCode(result);
  });

  test("a count known only at plan time: never assumed present, the path unchecked (COUNT_UNKNOWN), named", () => {
    const { topology: t } = topology();
    resourceAt(t, "site-gcp/Network/allow-mesh-peers").addOverride("count", "${var.mesh_rules}");
    const result = t.analyze();
    expect(result.ok).toBe(true);
    expect(result.findings).toContainEqual({
      level: FindingLevel.WARNING,
      code: ExplanationCode.COUNT_UNKNOWN,
      check: "presence",
      subject: "google_compute_firewall site-gcp/Network/allow-mesh-peers/Resource",
      hop: "site-gcp/Network/allow-mesh-peers/Resource",
      rule: "not checked: whether Terraform creates it is known only at plan time (count = ${var.mesh_rules}), so the analysis does not assume it exists",
      fix: "give it a literal count (0 or 1) or a literal for_each, or check the network after plan",
    });
    const [path] = pathsOf(result, "aws-cluster", "gke-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.UNCHECKED,
      code: ExplanationCode.COUNT_UNKNOWN,
      blockedAt: "firewall rule gcp-vpc-allow-mesh-peers (count = ${var.mesh_rules})",
    });
    // Unchecked counts as the options say.
    const strict = analyze({ ...t.analysisInput(), options: { unchecked: FindingLevel.ERROR } });
    expect(strict.ok).toBe(false);
    expectEveryCode(result);
  });

  test("the codes are in analysis.json and the Markdown report", () => {
    const { topology: t } = topology();
    resourceAt(t, "site-aws/MeshGateway/Listener15443").addOverride("count", 0);
    const result = t.analyze();
    const json = JSON.parse(renderAnalysisJson("hybrid", result));
    expect(json.findings[0].code).toBe("ELEMENT_ABSENT");
    expect(json.paths.find((p: { status: string }) => p.status === "blocked").code).toBe("ELEMENT_ABSENT");
    // A reachable path that survives any single failure has no code.
    expect(json.paths.find((p: { status: string }) => p.status === "reachable")).not.toHaveProperty("code");
    const md = renderAnalysisMarkdown("hybrid", result);
    expect(md).toContain("| Level | Code | Check | Subject | Hop | Rule | Fix |");
    expect(md).toContain("| error | ELEMENT_ABSENT | reachability | gke-cluster -> aws-cluster 15443");
    expect(md).toContain(
      "| gke-cluster | aws-cluster | east-west gateway | 15443 | 10.1.0.0/20 (gke-cluster nodes) | 10.0.96.20 \\| 10.0.128.20 \\| 10.0.160.20 | blocked | ELEMENT_ABSENT | listener 15443 of load balancer aws-cluster-mesh-gateway (count = 0) |  |",
    );
    expect(md).toContain("from 10.1.0.0/20 (gke-cluster nodes): blocked (ELEMENT_ABSENT)");
  });
});
