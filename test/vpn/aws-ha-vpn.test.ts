import { TerraformStack, TerraformVariable } from "cdktf";
import { AwsNetwork, ClusterSecurityGroup } from "../../lib/aws";
import { Secret } from "../../lib/core";
import { CloudRouter, GcpNetwork, GcpNetworkProps } from "../../lib/gcp";
import { AwsHaVpn, AwsHaVpnProps, AwsVpnGatewayKind, SlaTier } from "../../lib/vpn";
import {
  byPath,
  hybridStack,
  literalSecrets,
  ofType,
  refOf,
  synthJson,
  warningsOf,
  failsWith,
} from "../util";

function build(props: Partial<AwsHaVpnProps> = {}) {
  const stack = hybridStack("vpn");
  const awsNetwork = new AwsNetwork(stack, "Aws", {
    cidr: "10.10.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
  });
  const gcpNetwork = new GcpNetwork(stack, "Gcp", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    subnets: [{ cidr: "10.20.0.0/20" }],
  });
  const vpn = new AwsHaVpn(stack, "Link", { gcpNetwork, awsNetwork, ...props });
  return { stack, vpn, awsNetwork, gcpNetwork, json: () => synthJson(stack) };
}

/** An AWS network in one zone and a GCP network (one subnet unless `gcp` says otherwise). */
function networks(stack: TerraformStack, gcp: Partial<GcpNetworkProps> = {}) {
  const awsNetwork = new AwsNetwork(stack, "Aws", {
    cidr: "10.10.0.0/16",
    availabilityZones: ["eu-west-1a"],
  });
  const gcpNetwork = new GcpNetwork(stack, "Gcp", {
    project: "my-project-123",
    region: "us-central1",
    subnets: [{ cidr: "10.20.0.0/20" }],
    ...gcp,
  });
  return { awsNetwork, gcpNetwork };
}

describe("AwsHaVpn wiring (Google: connect HA VPN to AWS peer gateways)", () => {
  test("two customer gateways on the HA VPN interface addresses, with the Cloud Router's ASN", () => {
    const j = build().json();
    const ha = refOf(j, "google_compute_ha_vpn_gateway", "Link/HaVpnGateway", "vpn_interfaces");
    [0, 1].forEach((i) =>
      expect(byPath(j, "aws_customer_gateway", `Link/CustomerGateway${i}`)).toMatchObject({
        type: "ipsec.1",
        bgp_asn: "64514",
        ip_address: `\${${ha.slice(2, -1)}[${i}].ip_address}`,
      }),
    );
  });

  test("a FOUR_IPS_REDUNDANCY external gateway: interfaces 0-3 = connection A tunnel 1, 2, connection B tunnel 1, 2", () => {
    const j = build().json();
    const a = refOf(j, "aws_vpn_connection", "Link/Connection1").slice(2, -4);
    const b = refOf(j, "aws_vpn_connection", "Link/Connection2").slice(2, -4);
    expect(byPath(j, "google_compute_external_vpn_gateway", "Link/ExternalGateway1")).toMatchObject({
      redundancy_type: "FOUR_IPS_REDUNDANCY",
      interface: [
        { id: 0, ip_address: `\${${a}.tunnel1_address}` },
        { id: 1, ip_address: `\${${a}.tunnel2_address}` },
        { id: 2, ip_address: `\${${b}.tunnel1_address}` },
        { id: 3, ip_address: `\${${b}.tunnel2_address}` },
      ],
    });
    expect(byPath(j, "aws_vpn_connection", "Link/Connection1").customer_gateway_id).toBe(
      refOf(j, "aws_customer_gateway", "Link/CustomerGateway0"),
    );
    expect(byPath(j, "aws_vpn_connection", "Link/Connection2").customer_gateway_id).toBe(
      refOf(j, "aws_customer_gateway", "Link/CustomerGateway1"),
    );
  });

  test("tunnels: HA interface 0 → external 0 and 1, HA interface 1 → external 2 and 3, IKEv2, on the Cloud Router", () => {
    const j = build().json();
    const mapping = [1, 2, 3, 4].map((n) => {
      const t = byPath(j, "google_compute_vpn_tunnel", `Link/Tunnel${n}`);
      expect(t).toMatchObject({
        vpn_gateway: refOf(j, "google_compute_ha_vpn_gateway", "Link/HaVpnGateway"),
        peer_external_gateway: refOf(j, "google_compute_external_vpn_gateway", "Link/ExternalGateway1"),
        ike_version: 2,
        router: refOf(j, "google_compute_router", "Link/CloudRouter", "name"),
      });
      return [t.vpn_gateway_interface, t.peer_external_gateway_interface];
    });
    expect(mapping).toEqual([
      [0, 0],
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
  });

  test("each router interface is on the AWS customer-gateway inside address /30, each BGP peer on the AWS-side inside address with the Amazon-side ASN", () => {
    const { json, vpn } = build();
    const j = json();
    const connections = [1, 2].map((c) => byPath(j, "aws_vpn_connection", `Link/Connection${c}`));
    vpn.tunnels.forEach((t, i) => {
      const conn = connections[t.aws!.connection];
      const cidr: string = conn[`tunnel${t.aws!.tunnel}_inside_cidr`];
      expect(cidr).toBe(t.insideCidr);
      const [a, b, c, d] = cidr.split("/")[0].split(".").map(Number);
      const vgw = `${a}.${b}.${c}.${d + 1}`;
      const cgw = `${a}.${b}.${c}.${d + 2}`;
      expect(byPath(j, "google_compute_router_interface", `Link/RouterInterface${i + 1}`)).toMatchObject({
        ip_range: `${cgw}/30`,
        vpn_tunnel: refOf(j, "google_compute_vpn_tunnel", `Link/Tunnel${i + 1}`, "name"),
      });
      expect(byPath(j, "google_compute_router_peer", `Link/BgpPeer${i + 1}`)).toMatchObject({
        peer_ip_address: vgw,
        peer_asn: 64512,
        interface: refOf(j, "google_compute_router_interface", `Link/RouterInterface${i + 1}`, "name"),
      });
    });
    expect(vpn.tunnels.map((t) => t.insideCidr)).toEqual([
      "169.254.6.0/30",
      "169.254.6.4/30",
      "169.254.6.8/30",
      "169.254.6.12/30",
    ]);
  });

  test("AWS tunnels: one IKEv2 proposal per phase, identical on all four", () => {
    const j = build().json();
    for (const conn of ofType(j, "aws_vpn_connection")) {
      for (const n of [1, 2]) {
        expect(conn).toMatchObject({
          [`tunnel${n}_ike_versions`]: ["ikev2"],
          [`tunnel${n}_phase1_encryption_algorithms`]: ["AES256"],
          [`tunnel${n}_phase1_integrity_algorithms`]: ["SHA2-256"],
          [`tunnel${n}_phase1_dh_group_numbers`]: [20],
          [`tunnel${n}_phase2_encryption_algorithms`]: ["AES256"],
          [`tunnel${n}_phase2_integrity_algorithms`]: ["SHA2-256"],
          [`tunnel${n}_phase2_dh_group_numbers`]: [20],
          [`tunnel${n}_phase1_lifetime_seconds`]: 28800,
          [`tunnel${n}_phase2_lifetime_seconds`]: 3600,
        });
      }
      expect(conn.static_routes_only).toBe(false);
    }
  });

  test("keys: generated per tunnel (letters and digits, starting with a letter), never literals", () => {
    const j = build().json();
    expect(literalSecrets(j)).toEqual([]);
    const passwords = ofType(j, "random_password");
    expect(passwords).toHaveLength(8);
    // Each of the 4 keys is a letter (no digit) followed by 31 letters and digits.
    const firstLetters = passwords.filter((p) => p.length === 1);
    const rests = passwords.filter((p) => p.length === 31);
    expect(firstLetters).toHaveLength(4);
    expect(rests).toHaveLength(4);
    expect(firstLetters.every((p) => p.numeric === false && p.special === false)).toBe(true);
    expect(rests.every((p) => p.special === false)).toBe(true);
    const gcpSecrets = ofType(j, "google_compute_vpn_tunnel").map((t) => t.shared_secret);
    const awsSecrets = ofType(j, "aws_vpn_connection").flatMap((c) => [
      c.tunnel1_preshared_key,
      c.tunnel2_preshared_key,
    ]);
    expect(gcpSecrets).toEqual(awsSecrets);
    expect(new Set(gcpSecrets).size).toBe(4);
  });

  test("a key from a sensitive variable is shared by every tunnel and checked at plan time", () => {
    const stack = hybridStack("vpn");
    const { awsNetwork, gcpNetwork } = networks(stack);
    const psk = new TerraformVariable(stack, "psk", { type: "string", sensitive: true });
    new AwsHaVpn(stack, "Link", { gcpNetwork, awsNetwork, presharedKey: Secret.fromVariable(psk) });
    const j = synthJson(stack);
    expect(literalSecrets(j)).toEqual([]);
    for (const c of ofType(j, "aws_vpn_connection")) {
      expect(c.tunnel1_preshared_key).toBe("${var.psk}");
      expect(c.lifecycle.precondition[0].condition).toBe(
        '${can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.psk))}',
      );
    }
  });

  test("a virtual private gateway propagates routes into every private route table", () => {
    const { json } = build();
    const j = json();
    expect(byPath(j, "aws_vpn_gateway", "Link/VpnGateway")).toMatchObject({
      amazon_side_asn: "64512",
      vpc_id: refOf(j, "aws_vpc", "Aws"),
    });
    expect(
      ofType(j, "aws_vpn_gateway_route_propagation")
        .map((p) => p.route_table_id)
        .sort(),
    ).toEqual([1, 2].map((i) => refOf(j, "aws_route_table", `Aws/PrivateSubnet${i}/RouteTable`)).sort());
  });

  test("a transit gateway with ECMP, a VPC attachment and routes to the GCP ranges", () => {
    const j = build({ awsGateway: AwsVpnGatewayKind.TRANSIT_GATEWAY }).json();
    const tgw = refOf(j, "aws_ec2_transit_gateway", "Link/TransitGateway");
    expect(byPath(j, "aws_ec2_transit_gateway", "Link/TransitGateway")).toMatchObject({
      vpn_ecmp_support: "enable",
      amazon_side_asn: 64512,
    });
    expect(
      ofType(j, "aws_vpn_connection").every(
        (c) => c.transit_gateway_id === tgw && c.vpn_gateway_id === undefined,
      ),
    ).toBe(true);
    const routes = ofType(j, "aws_route").filter((r) => r.transit_gateway_id === tgw);
    expect(routes.map((r) => r.destination_cidr_block)).toEqual(["10.20.0.0/20", "10.20.0.0/20"]);
  });

  test("a transit gateway routes every range the GCP side holds: each subnet with its GKE pod and service ranges, and the router's advertised ranges", () => {
    const stack = hybridStack("vpn");
    const { awsNetwork, gcpNetwork } = networks(stack, {
      subnets: [{ cidr: "10.20.0.0/20", pods: { cidr: "10.24.0.0/14" }, services: { cidr: "10.28.0.0/20" } }],
    });
    const cloudRouter = new CloudRouter(stack, "Router", {
      network: gcpNetwork,
      advertisedRanges: ["172.16.0.0/28"],
    });
    const vpn = new AwsHaVpn(stack, "Link", {
      gcpNetwork,
      awsNetwork,
      cloudRouter,
      awsGateway: AwsVpnGatewayKind.TRANSIT_GATEWAY,
    });
    const expected = ["10.20.0.0/20", "10.24.0.0/14", "10.28.0.0/20", "172.16.0.0/28"];
    expect(vpn.gcpRanges).toEqual(expected);
    const tgw = refOf(synthJson(stack), "aws_ec2_transit_gateway", "Link/TransitGateway");
    const routes = ofType(synthJson(stack), "aws_route").filter((r) => r.transit_gateway_id === tgw);
    expect(routes.map((r) => r.destination_cidr_block)).toEqual(expected);
  });

  test("eight tunnels on a transit gateway: two groups of four, four AWS connections, two external gateways", () => {
    const { vpn, json } = build({ awsGateway: AwsVpnGatewayKind.TRANSIT_GATEWAY, tunnels: 8 });
    const j = json();
    expect(ofType(j, "aws_vpn_connection")).toHaveLength(4);
    expect(ofType(j, "aws_customer_gateway")).toHaveLength(2);
    expect(ofType(j, "google_compute_external_vpn_gateway")).toHaveLength(2);
    expect(vpn.tunnels.map((t) => [t.gcpInterface, t.peerInterface])).toEqual([
      [0, 0],
      [0, 1],
      [1, 2],
      [1, 3],
      [0, 0],
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(new Set(vpn.tunnels.map((t) => t.insideCidr)).size).toBe(8);
  });

  test("two tunnels use one HA interface, one connection, TWO_IPS_REDUNDANCY, and warn about the SLA", () => {
    const { vpn, json } = build({ tunnels: 2 });
    const j = json();
    expect(byPath(j, "google_compute_external_vpn_gateway", "Link/ExternalGateway1").redundancy_type).toBe(
      "TWO_IPS_REDUNDANCY",
    );
    expect(vpn.sla).toBe(SlaTier.SINGLE_999);
    expect(warningsOf(vpn)).toEqual([expect.stringContaining("cannot reach the 99.99 % HA VPN SLA")]);
  });

  test("four tunnels reach 99.99 %", () => {
    expect(build().vpn.sla).toBe(SlaTier.HA_9999);
  });

  test("firewalls both ways: GCP admits the AWS VPC; given AWS security groups admit the GCP ranges", () => {
    const stack = hybridStack("vpn");
    const { awsNetwork, gcpNetwork } = networks(stack, { name: "v" });
    const sg = new ClusterSecurityGroup(stack, "Sg", { vpcId: awsNetwork.vpcId, description: "nodes" });
    new AwsHaVpn(stack, "Link", { gcpNetwork, awsNetwork, awsSecurityGroups: [sg] });
    const j = synthJson(stack);
    expect(ofType(j, "google_compute_firewall")).toEqual([
      expect.objectContaining({ source_ranges: ["10.10.0.0/16"] }),
    ]);
    expect(ofType(j, "aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({ cidr_ipv4: "10.20.0.0/20", ip_protocol: "-1" }),
    ]);
  });

  test("two links on one Cloud Router never share an inside /30", () => {
    const stack = hybridStack("vpn");
    const gcpNetwork = new GcpNetwork(stack, "Gcp", {
      project: "my-project-123",
      region: "us-central1",
      subnets: [{ cidr: "10.20.0.0/20" }],
    });
    const router = new CloudRouter(stack, "Router", { network: gcpNetwork });
    const a = new AwsHaVpn(stack, "A", {
      gcpNetwork,
      cloudRouter: router,
      awsNetwork: new AwsNetwork(stack, "AwsA", { cidr: "10.10.0.0/16", zoneCount: 1 }),
    });
    const b = new AwsHaVpn(stack, "B", {
      gcpNetwork,
      cloudRouter: router,
      awsNetwork: new AwsNetwork(stack, "AwsB", { cidr: "10.11.0.0/16", zoneCount: 1 }),
    });
    const all = [...a.tunnels, ...b.tunnels].map((t) => t.insideCidr);
    expect(new Set(all).size).toBe(8);
  });
});

describe("AwsHaVpn constraints (constraints-and-rules.md A1-A33)", () => {
  const fails = failsWith((props: Partial<AwsHaVpnProps>) => build(props));

  test("A1/A4: an inside CIDR that is not an aligned /30 in 169.254.0.0/16", () => {
    fails(
      { insideCidrs: ["169.254.10.0/29", "169.254.10.8/30", "169.254.10.12/30", "169.254.10.16/30"] },
      'insideCidrs[0] = "169.254.10.0/29": a tunnel inside CIDR must be exactly a /30',
    );
    fails(
      { insideCidrs: ["169.254.10.2/30", "169.254.10.8/30", "169.254.10.12/30", "169.254.10.16/30"] },
      'insideCidrs[0] = "169.254.10.2/30": a tunnel inside /30 must start on a multiple of 4',
    );
    fails(
      { insideCidrs: ["10.0.0.0/30", "169.254.10.8/30", "169.254.10.12/30", "169.254.10.16/30"] },
      "must lie in the link-local range 169.254.0.0/16",
    );
  });

  test("A2: an AWS-reserved inside CIDR", () => {
    fails(
      { insideCidrs: ["169.254.1.0/30", "169.254.10.8/30", "169.254.10.12/30", "169.254.10.16/30"] },
      'hybrid-mesh: vpn/Link (AwsHaVpn): insideCidrs[0] = "169.254.1.0/30": AWS reserves 169.254.0.0/30, 169.254.1.0/30, 169.254.2.0/30, 169.254.3.0/30, 169.254.4.0/30, 169.254.5.0/30, 169.254.169.252/30 and rejects them as tunnel inside CIDRs; use another /30, e.g. "169.254.6.0/30".',
    );
  });

  test("A3: an inside CIDR used twice in the link", () => {
    fails(
      { insideCidrs: ["169.254.10.0/30", "169.254.10.0/30", "169.254.10.12/30", "169.254.10.16/30"] },
      'insideCidrs[1] = "169.254.10.0/30": 169.254.10.0/30 is given twice',
    );
    fails({ insideCidrs: ["169.254.10.0/30"] }, "one inside /30 per tunnel is needed: 4 tunnels, 1 ranges");
  });

  test("A3: an inside CIDR another link already uses on the same Cloud Router", () => {
    const stack = hybridStack("vpn");
    const gcpNetwork = new GcpNetwork(stack, "Gcp", {
      project: "my-project-123",
      region: "us-central1",
      subnets: [{ cidr: "10.20.0.0/20" }],
    });
    const router = new CloudRouter(stack, "Router", { network: gcpNetwork });
    new AwsHaVpn(stack, "A", {
      gcpNetwork,
      cloudRouter: router,
      awsNetwork: new AwsNetwork(stack, "AwsA", { cidr: "10.10.0.0/16", zoneCount: 1 }),
    });
    expect(
      () =>
        new AwsHaVpn(stack, "B", {
          gcpNetwork,
          cloudRouter: router,
          awsNetwork: new AwsNetwork(stack, "AwsB", { cidr: "10.11.0.0/16", zoneCount: 1 }),
          insideCidrs: ["169.254.6.0/30", "169.254.20.4/30", "169.254.20.8/30", "169.254.20.12/30"],
        }),
    ).toThrow(
      'insideCidrs[0] = "169.254.6.0/30": 169.254.6.0/30 is already used by another tunnel of cloud-router:vpn/Router',
    );
  });

  test("A10: an Amazon-side ASN that is not private", () => {
    fails(
      { amazonSideAsn: 7224 },
      "amazonSideAsn = 7224: an AWS Amazon-side ASN must be 64512-65534 or 4200000000-4294967294",
    );
  });

  test("A30: a Cloud Router ASN that is not private", () => {
    fails({ gcpAsn: 65535 }, "asn = 65535: a Cloud Router ASN must be 64512-65534 or 4200000000-4294967294");
  });

  test("A32: the same ASN on both ends", () => {
    fails(
      { gcpAsn: 64512 },
      "amazonSideAsn = 64512: the two ends of a BGP session need different ASNs (eBGP), and the Cloud Router also uses 64512; use 64513 on the AWS side.",
    );
  });

  test("A11: a 32-bit Cloud Router ASN goes into bgp_asn_extended", () => {
    const j = build({ gcpAsn: 4200000001 }).json();
    expect(
      ofType(j, "aws_customer_gateway").every(
        (c) => c.bgp_asn_extended === "4200000001" && c.bgp_asn === undefined,
      ),
    ).toBe(true);
  });

  test("A13-A17, A19-A22: IKE settings outside what both clouds accept, or weak", () => {
    fails(
      { ike: { phase1: { encryption: "3DES" } } },
      'ike.phase1.encryption = "3DES": the encryption algorithm must be one of "AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16" (AWS and Cloud VPN both accept these)',
    );
    fails(
      { ike: { phase2: { integrity: "MD5" } } },
      'ike.phase2.integrity = "MD5": the integrity algorithm must be one of',
    );
    fails(
      { ike: { phase1: { dhGroup: 22 } } },
      "ike.phase1.dhGroup = 22: Cloud VPN is dropping DH group 22 (MODP_1024_160); use 14, 19 or 20.",
    );
    fails(
      { ike: { phase1: { dhGroup: 5 } } },
      "ike.phase1.dhGroup = 5: DH group 5 is not accepted by both clouds for phase 1",
    );
    fails(
      { ike: { phase1: { dhGroup: 1 } } },
      "ike.phase1.dhGroup = 1: DH group 1 is not accepted by both clouds",
    );
    fails(
      { ike: { phase1: { lifetimeSeconds: 30000 } } },
      "ike.phase1.lifetimeSeconds = 30000: a phase 1 lifetime in seconds is a whole number from 900 to 28800",
    );
    fails(
      { ike: { phase2: { lifetimeSeconds: 7200 } } },
      "ike.phase2.lifetimeSeconds = 7200: a phase 2 lifetime in seconds is a whole number from 900 to 3600",
    );
    fails(
      { ike: { version: 1 } },
      /ike = \{"version":1\}: both ends of this link are managed here, so no weak IKE setting is needed: IKEv1 \(deprecated by RFC 9395\); use the defaults/,
    );
    fails(
      { ike: { phase1: { integrity: "SHA1" } } },
      "no weak IKE setting is needed: SHA1 integrity in phase 1",
    );
    fails(
      { ike: { phase2: { dhGroup: 2 } } },
      "no weak IKE setting is needed: DH group 2 (MODP_1024) in phase 2",
    );
  });

  test("A6: a key passed as a plain string", () => {
    fails(
      { presharedKey: "abcdefgh12345678" as any },
      'presharedKey = "******** (a plain string, hidden)": a secret must never be a plain string',
    );
  });

  test("A26: more than 4 tunnels need a transit gateway; counts must be 2 or groups of 4", () => {
    fails(
      { tunnels: 8 },
      "tunnels = 8: more than 4 tunnels add bandwidth only with ECMP, which only an AWS transit gateway does",
    );
    fails({ tunnels: 6 }, "tunnels = 6: a GCP-AWS link has 4 tunnels");
  });

  test("A43: ranges routed over the link must be disjoint", () => {
    const { stack } = build({ awsRanges: ["10.20.0.0/16"] });
    expect(() => synthJson(stack)).toThrow(
      /every range routed over the link must be unique, but "AWS 10.20.0.0\/16" 10.20.0.0\/16 overlaps "GCP 10.20.0.0\/20" 10.20.0.0\/20/,
    );
  });
});
