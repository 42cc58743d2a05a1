import { analyze, ExplanationCode, FindingLevel, PathStatus } from "../../lib/topology";
import { synthError, THREE_SITES, topology } from "../topology/fixtures";
import { expectEveryCode, pathsOf, resourceAt, withDeviceAsns } from "./faults";

const SESSION_1 =
  "BGP session hybrid-link-gcp-aws-vpn-peer-1 (link-gcp-aws/Vpn/BgpPeer1) <-> AWS tunnel 1 of link-gcp-aws/Vpn/Connection1";

describe("BGP sessions, from both ends", () => {
  test("one AWS tunnel's inside CIDR changed: its session cannot come up, named at both ends; 3 sessions, 99.9 %", () => {
    const { app, topology: t } = topology();
    resourceAt(t, "link-gcp-aws/Vpn/Connection1").addOverride("tunnel1_inside_cidr", "169.254.99.0/30");
    const result = t.analyze();
    expect(result.findings).toContainEqual({
      level: FindingLevel.ERROR,
      code: ExplanationCode.BGP_SESSION_DOWN,
      check: "bgp",
      subject: "link gcp <-> aws",
      hop: SESSION_1,
      rule: "the AWS tunnel's inside CIDR is 169.254.99.0/30 (AWS end 169.254.99.1, Cloud Router end 169.254.99.2) but the Cloud Router interface is 169.254.6.2/30 with peer 169.254.6.1: the two ends are not one /30 with complementary addresses: the BGP session cannot come up, so no route crosses it",
      fix: "give the Cloud Router interface 169.254.99.2/30 and its BGP peer 169.254.99.1, or set tunnel1_inside_cidr of link-gcp-aws/Vpn/Connection1 to the interface's /30",
    });
    expect(result.links).toEqual([expect.objectContaining({ tunnels: 4, bgpSessions: 3, sla: "99.9%" })]);
    // The three other sessions carry every route: the paths stay reachable.
    expect(result.paths.every((p) => p.status === PathStatus.REACHABLE)).toBe(true);
    expectEveryCode(result);
    expect(synthError(app)).toContain(
      `bgp = "link gcp <-> aws": the AWS tunnel's inside CIDR is 169.254.99.0/30`,
    );
  });

  test("both tunnels of a two-tunnel link with inside CIDRs the Cloud Router does not have: every path blocked at a session", () => {
    const { topology: t } = topology({ links: [{ between: "gcp", and: "aws", tunnels: 2 }] });
    const connection = resourceAt(t, "link-gcp-aws/Vpn/Connection1");
    connection.addOverride("tunnel1_inside_cidr", "169.254.99.0/30");
    connection.addOverride("tunnel2_inside_cidr", "169.254.99.4/30");
    const result = t.analyze();
    expect(result.links).toEqual([expect.objectContaining({ bgpSessions: 0 })]);
    const [path] = pathsOf(result, "gke-cluster", "aws-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.BGP_SESSION_DOWN,
      blockedAt: SESSION_1,
    });
    expect(
      result.paths.filter((p) => p.from !== "Terraform").every((p) => p.status === PathStatus.BLOCKED),
    ).toBe(true);
    expectEveryCode(result);
  });

  test("the Cloud Router interface moved to another /30: the session is down, from the GCP end", () => {
    const { topology: t } = topology();
    resourceAt(t, "link-gcp-aws/Vpn/RouterInterface2").addOverride("ip_range", "169.254.7.2/30");
    const result = t.analyze();
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.BGP_SESSION_DOWN,
        hop: "BGP session hybrid-link-gcp-aws-vpn-peer-2 (link-gcp-aws/Vpn/BgpPeer2) <-> AWS tunnel 2 of link-gcp-aws/Vpn/Connection1",
        rule: expect.stringContaining(
          "the BGP peer's address 169.254.6.5 is not the other usable address of the Cloud Router interface's /30 (169.254.7.2/30)",
        ),
      }),
    );
    expect(result.links[0].bgpSessions).toBe(3);
  });

  test("a wrong peer_asn on the Cloud Router peers: no session comes up, every path blocked naming the session", () => {
    const { app, topology: t } = topology();
    for (let i = 1; i <= 4; i++) resourceAt(t, `link-gcp-aws/Vpn/BgpPeer${i}`).addOverride("peer_asn", 65999);
    const result = t.analyze();
    expect(result.links[0]).toMatchObject({ bgpSessions: 0, sla: "99.9%" });
    expect(result.findings.filter((f) => f.check === "bgp")).toHaveLength(4);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.BGP_SESSION_DOWN,
        hop: SESSION_1,
        rule: "the Cloud Router peer expects ASN 65999 (peer_asn) but the AWS VPN gateway link-gcp-aws/Vpn/VpnGateway has ASN 64512 (amazon_side_asn): the BGP session cannot come up, so no route crosses it",
        fix: "set peer_asn of link-gcp-aws/Vpn/BgpPeer1 to 64512, the AWS gateway's ASN",
      }),
    );
    const [path] = pathsOf(result, "aws-cluster", "gke-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.BGP_SESSION_DOWN,
      blockedAt: SESSION_1,
    });
    expectEveryCode(result);
    expect(synthError(app)).toContain(
      `blocked at ${SESSION_1}: the Cloud Router peer expects ASN 65999 (peer_asn) but the AWS VPN gateway`,
    );
  });

  test("the AWS customer gateway's ASN is not the Cloud Router's", () => {
    const { topology: t } = topology();
    resourceAt(t, "link-gcp-aws/Vpn/CustomerGateway0").addOverride("bgp_asn", 65100);
    const result = t.analyze();
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.BGP_SESSION_DOWN,
        hop: SESSION_1,
        rule: expect.stringContaining(
          "the AWS customer gateway link-gcp-aws/Vpn/CustomerGateway0 has bgp_asn 65100 but the Cloud Router's ASN is 64513",
        ),
      }),
    );
    // Connection 1's two sessions (interface 0) are down; interface 1's carry the routes.
    expect(result.links[0]).toMatchObject({ bgpSessions: 2, sla: "99.9%" });
  });

  test("an on-premises device whose ASN is not the peers' peer_asn; the Cloud Router's own ASN as peer_asn", () => {
    const { topology: t } = topology({}, THREE_SITES);
    for (let i = 1; i <= 2; i++) resourceAt(t, `link-gcp-dc/Vpn/BgpPeer${i}`).addOverride("peer_asn", 65999);
    const result = analyze(withDeviceAsns(t));
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.BGP_SESSION_DOWN,
        hop: "BGP session hybrid-link-gcp-dc-vpn-peer-1 (link-gcp-dc/Vpn/BgpPeer1) <-> dc's VPN device",
        rule: "the Cloud Router peer expects ASN 65999 (peer_asn) but dc's VPN device has ASN 65010: the BGP session cannot come up, so no route crosses it",
      }),
    );
    const [path] = pathsOf(result, "dc-cluster", "gke-cluster", 15443);
    expect(path).toMatchObject({ status: PathStatus.BLOCKED, code: ExplanationCode.BGP_SESSION_DOWN });
    expectEveryCode(result);

    const { topology: ibgp } = topology({}, THREE_SITES);
    resourceAt(ibgp, "link-gcp-dc/Vpn/BgpPeer1").addOverride("peer_asn", 64513);
    expect(analyze(withDeviceAsns(ibgp)).findings).toContainEqual(
      expect.objectContaining({
        code: ExplanationCode.BGP_SESSION_DOWN,
        rule: expect.stringContaining(
          "the Cloud Router and its peer both use ASN 64513: HA VPN needs external BGP, two different ASNs",
        ),
      }),
    );
  });
});

describe("AS paths across transit", () => {
  test("an AWS site and an on-premises device with one ASN (escape hatches): routes between them through GCP are dropped", () => {
    const { topology: t } = topology({}, THREE_SITES);
    // The topology refuses equal ASNs in its spec: the AWS gateway and its peers are overridden.
    resourceAt(t, "link-gcp-aws/Vpn/VpnGateway").addOverride("amazon_side_asn", 65010);
    for (let i = 1; i <= 4; i++) resourceAt(t, `link-gcp-aws/Vpn/BgpPeer${i}`).addOverride("peer_asn", 65010);
    const result = analyze(withDeviceAsns(t));
    // The sessions are all up: the loop is the only fault.
    expect(result.links.map((l) => l.bgpSessions)).toEqual([4, 2]);
    expect(result.findings.filter((f) => f.check === "bgp")).toEqual([]);
    const [toDc] = pathsOf(result, "aws-cluster", "dc-cluster", 15443);
    expect(toDc).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.AS_PATH_LOOP,
      blockedAt: "AWS VPN gateway link-gcp-aws/Vpn/VpnGateway (ASN 65010), route 172.20.0.0/22",
      reason:
        "the route's AS path 64513 65010 holds the receiver's own ASN 65010 (dc's VPN device uses it too): BGP loop prevention drops it",
    });
    const [toAws] = pathsOf(result, "dc-cluster", "aws-cluster", 15443);
    expect(toAws).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.AS_PATH_LOOP,
      blockedAt: "dc's VPN device (ASN 65010), route 10.0.0.0/16",
    });
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        level: FindingLevel.ERROR,
        code: ExplanationCode.AS_PATH_LOOP,
        fix: "give dc's VPN device and AWS VPN gateway link-gcp-aws/Vpn/VpnGateway different ASNs: every BGP speaker of the topology needs its own",
      }),
    );
    // GCP itself reaches both: a loop only drops what transits.
    expect(
      pathsOf(result, "gke-cluster", "dc-cluster", 15443).every((p) => p.status === PathStatus.REACHABLE),
    ).toBe(true);
    expect(
      pathsOf(result, "gke-cluster", "aws-cluster", 15443).every((p) => p.status === PathStatus.REACHABLE),
    ).toBe(true);
    expectEveryCode(result);
  });

  test("distinct ASNs: the same transit routes carry two ASes and are kept", () => {
    const { topology: t } = topology({}, THREE_SITES);
    const result = analyze(withDeviceAsns(t));
    expect(result.ok).toBe(true);
    expect(pathsOf(result, "aws-cluster", "dc-cluster", 15443)[0].status).toBe(PathStatus.REACHABLE);
  });
});
