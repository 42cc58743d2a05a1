import { CloudRouter, GcpNetwork } from "../../lib/gcp";
import { PeerHaVpn, PeerHaVpnProps, SlaTier } from "../../lib/vpn";
import {
  byPath,
  gcpStack,
  literalSecrets,
  ofType,
  refOf,
  synthJson,
  warningsOf,
  failsWith,
  expectHybridMeshError,
} from "../util";

function build(props: Partial<PeerHaVpnProps> = {}) {
  const stack = gcpStack("peer");
  const gcpNetwork = new GcpNetwork(stack, "Gcp", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    subnets: [{ cidr: "10.20.0.0/20", pods: { cidr: "10.24.0.0/14" }, services: { cidr: "10.28.0.0/20" } }],
  });
  const vpn = new PeerHaVpn(stack, "Onprem", {
    gcpNetwork,
    peerName: "onprem",
    peerAddresses: ["203.0.113.10", "203.0.113.11"],
    peerAsn: 65001,
    peerRanges: ["172.16.232.0/24"],
    ...props,
  });
  return { stack, vpn, json: () => synthJson(stack) };
}

describe("PeerHaVpn", () => {
  test.each([
    [
      ["203.0.113.10"],
      "SINGLE_IP_INTERNALLY_REDUNDANT",
      [
        [0, 0],
        [1, 0],
      ],
    ],
    [
      ["203.0.113.10", "203.0.113.11"],
      "TWO_IPS_REDUNDANCY",
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"],
      "FOUR_IPS_REDUNDANCY",
      [
        [0, 0],
        [0, 1],
        [1, 2],
        [1, 3],
      ],
    ],
  ])("%j: redundancy type derived, tunnels cover both HA interfaces", (addresses, redundancy, mapping) => {
    const { vpn, json } = build({ peerAddresses: addresses as string[] });
    const j = json();
    expect(byPath(j, "google_compute_external_vpn_gateway", "Onprem/ExternalGateway")).toMatchObject({
      redundancy_type: redundancy,
      interface: (addresses as string[]).map((ip, i) => ({ id: i, ip_address: ip })),
    });
    const tunnels = ofType(j, "google_compute_vpn_tunnel").map((t) => [
      t.vpn_gateway_interface,
      t.peer_external_gateway_interface,
    ]);
    expect(tunnels).toEqual(mapping);
    expect(vpn.sla).toBe(SlaTier.HA_9999);
  });

  test("router interfaces take the first address of each /30, BGP peers the second, with the peer's ASN", () => {
    const { json } = build();
    const j = json();
    expect(byPath(j, "google_compute_router_interface", "Onprem/RouterInterface1").ip_range).toBe(
      "169.254.6.1/30",
    );
    expect(byPath(j, "google_compute_router_peer", "Onprem/BgpPeer1")).toMatchObject({
      peer_ip_address: "169.254.6.2",
      peer_asn: 65001,
    });
    expect(byPath(j, "google_compute_router_interface", "Onprem/RouterInterface2").ip_range).toBe(
      "169.254.6.5/30",
    );
  });

  test("advertises every subnet and, when asked, the GKE secondary ranges", () => {
    const j = build({ advertisedRanges: ["10.24.0.0/14", "10.28.0.0/20"] }).json();
    expect(byPath(j, "google_compute_router", "Onprem/CloudRouter").bgp).toMatchObject({
      advertise_mode: "CUSTOM",
      advertised_groups: ["ALL_SUBNETS"],
      advertised_ip_ranges: [
        { range: "10.24.0.0/14", description: "to onprem" },
        { range: "10.28.0.0/20", description: "to onprem" },
      ],
    });
  });

  test("publishes a peer sheet: outputs (keys sensitive) and no literal key", () => {
    const j = build().json();
    expect(literalSecrets(j)).toEqual([]);
    expect(j.output.onprem_tunnel1_key).toMatchObject({ sensitive: true });
    expect(j.output.onprem_tunnel2_key).toMatchObject({ sensitive: true });
    const sheet: string = j.output.onprem_peer_sheet.value;
    expect(sheet).toContain('"peer_asn" = 65001');
    expect(sheet).toContain('"gcp_asn" = 64514');
    expect(sheet).toContain('"peer_inside_address" = "169.254.6.2/30"');
    expect(sheet).toContain(
      `${refOf(j, "google_compute_ha_vpn_gateway", "Onprem/HaVpnGateway", "vpn_interfaces").slice(2, -1)}[1].ip_address`,
    );
  });

  test("the sheet lists what the Cloud Router advertises: every subnet with its pod and service ranges, and the custom ranges (GCP or beyond); BGP timers from the router", () => {
    const sheet: string = build({ advertisedRanges: ["172.20.0.0/16"] }).json().output.onprem_peer_sheet
      .value;
    const range = (cidr: string, label: string, transit = false) =>
      `{\"cidr\" = \"${cidr}\", \"label\" = \"${label}\", \"transit\" = ${transit}}`;
    expect(sheet).toContain(
      `\"routes\" = [${[
        range("10.20.0.0/20", "GCP subnet hybrid-vpc-us-central1"),
        range("10.24.0.0/14", "GCP subnet hybrid-vpc-us-central1, pods"),
        range("10.28.0.0/20", "GCP subnet hybrid-vpc-us-central1, services"),
        range("172.20.0.0/16", "advertised by the Cloud Router: GCP, or a site beyond it"),
      ].join(", ")}]`,
    );
    expect(sheet).toContain(`\"peer_ranges\" = [${range("172.16.232.0/24", "onprem")}]`);
    expect(sheet).toContain('\"bgp_timers\" = {\"keepalive_seconds\" = 20, \"hold_seconds\" = 60}');
    expect(sheet).toContain('\"firewall\" = null');
    const stack = gcpStack("timers");
    const gcpNetwork = new GcpNetwork(stack, "Gcp", {
      project: "my-project-123",
      region: "us-central1",
      subnets: [{ cidr: "10.20.0.0/20" }],
    });
    const cloudRouter = new CloudRouter(stack, "Router", {
      network: gcpNetwork,
      keepaliveIntervalSeconds: 30,
    });
    new PeerHaVpn(stack, "Onprem", {
      gcpNetwork,
      cloudRouter,
      peerName: "onprem",
      peerAddresses: ["203.0.113.10"],
      peerAsn: 65001,
      peerRanges: ["172.16.232.0/24"],
    });
    expect(synthJson(stack).output.onprem_peer_sheet.value).toContain(
      '\"bgp_timers\" = {\"keepalive_seconds\" = 30, \"hold_seconds\" = 90}',
    );
  });

  test("a device model must list exactly what the Cloud Router advertises, and the peer's ranges", () => {
    const device = {
      routes: [
        { cidr: "10.20.0.0/20", label: "gcp: gke nodes" },
        { cidr: "10.24.0.0/14", label: "gcp: gke pods" },
      ],
      advertises: [{ cidr: "172.16.232.0/24", label: "onprem: LAN" }],
    };
    const { stack } = build({ device });
    expect(() => synthJson(stack)).toThrow(
      'device.routes = ["10.20.0.0/20","10.24.0.0/14"]: the peer sheet must list exactly what the Cloud Router advertises (10.20.0.0/20, 10.24.0.0/14, 10.28.0.0/20), but it misses 10.28.0.0/20',
    );
    const complete = {
      ...device,
      routes: [...device.routes, { cidr: "10.28.0.0/20", label: "gcp: gke services" }],
    };
    const sheet: string = build({ device: complete }).json().output.onprem_peer_sheet.value;
    expect(sheet).toContain('\"label\" = \"gcp: gke services\"');
    expect(() => build({ device: { ...complete, advertises: [] } })).toThrow(
      "device.advertises = []: the peer sheet must list exactly the peer's ranges (peerRanges) (172.16.232.0/24), but it misses 172.16.232.0/24",
    );
  });

  test("a firewall rule admits the peer's ranges", () => {
    expect(ofType(build().json(), "google_compute_firewall")).toEqual([
      expect.objectContaining({ name: "hybrid-vpc-allow-onprem", source_ranges: ["172.16.232.0/24"] }),
    ]);
  });

  test("IKEv1 is allowed for a peer, with a warning", () => {
    const { vpn, json } = build({ ike: { version: 1 } });
    expect(ofType(json(), "google_compute_vpn_tunnel").every((t) => t.ike_version === 1)).toBe(true);
    expect(warningsOf(vpn)[0]).toBe(
      "hybrid-mesh: weak IKE settings for a peer that needs them: IKEv1 (deprecated by RFC 9395). Move the peer to IKEv2 with SHA2 and DH 14, 19 or 20 when it can.",
    );
  });

  test("one tunnel uses one HA interface and warns about the SLA", () => {
    const { vpn } = build({ peerAddresses: ["203.0.113.10"], tunnels: 1 });
    expect(vpn.sla).toBe(SlaTier.SINGLE_999);
    expect(warningsOf(vpn)).toContainEqual(
      expect.stringContaining("uses one HA VPN interface: it cannot reach the 99.99 % HA VPN SLA"),
    );
  });

  describe("bad input", () => {
    const fails = failsWith((props: Partial<PeerHaVpnProps>) => build(props));

    test("gcpAsn that disagrees with the given Cloud Router (it used to be ignored)", () => {
      expectHybridMeshError(() => {
        const stack = gcpStack("peer-router");
        const gcpNetwork = new GcpNetwork(stack, "Gcp", {
          project: "my-project-123",
          region: "us-central1",
          subnets: [{ cidr: "10.20.0.0/20" }],
        });
        const cloudRouter = new CloudRouter(stack, "Router", { network: gcpNetwork, asn: 64514 });
        new PeerHaVpn(stack, "Onprem", {
          gcpNetwork,
          cloudRouter,
          gcpAsn: 64600,
          peerName: "onprem",
          peerAddresses: ["203.0.113.10", "203.0.113.11"],
          peerAsn: 65001,
          peerRanges: ["172.16.232.0/24"],
        });
      }, "peer-router/Onprem (PeerHaVpn): gcpAsn = 64600: the given Cloud Router already has ASN 64514; drop gcpAsn, or give a router with that ASN.");
    });

    test("A24: 3 peer addresses", () => {
      fails(
        { peerAddresses: ["203.0.113.1", "203.0.113.2", "203.0.113.3"] },
        "a peer gateway has 1, 2 or 4 public addresses (SINGLE_IP_INTERNALLY_REDUNDANT, TWO_IPS_REDUNDANCY, FOUR_IPS_REDUNDANCY)",
      );
    });

    test("a peer address that is not an IPv4 address, not reachable, or given twice", () => {
      fails(
        { peerAddresses: ["vpn.example.com"] },
        'peerAddresses[0] = "vpn.example.com": a VPN peer address is an IPv4 address (four decimal numbers 0-255 separated by dots); write it as e.g. "203.0.113.10".',
      );
      fails(
        { peerAddresses: ["0.0.0.0"] },
        'peerAddresses[0] = "0.0.0.0": a VPN peer address must be a unicast address the gateway can reach, not in 0.0.0.0/8 ("this network" (RFC 1122)); give the public IPv4 address of the peer\'s VPN device, e.g. 203.0.113.10.',
      );
      fails(
        { peerAddresses: ["127.0.0.1"] },
        /peerAddresses\[0\] = "127.0.0.1": .*not in 127.0.0.0\/8 \(loopback\)/,
      );
      fails(
        { peerAddresses: ["203.0.113.10", "203.0.113.10"] },
        'peerAddresses[1] = "203.0.113.10": the address is given twice (also peerAddresses[0]): each interface of the peer\'s gateway has its own address, and one device counted twice gives no redundancy; give each address once, and 1 address for a single-address device.',
      );
    });

    test("peer ranges in special-purpose ranges, or none", () => {
      fails(
        { peerRanges: ["169.254.10.0/24"] },
        'peerRanges[0] = "169.254.10.0/24": a range routed over the VPN must not overlap 169.254.0.0/16 (link-local: VPN tunnel and BGP addresses, instance metadata)',
      );
      fails(
        { peerRanges: ["172.17.5.0/24"] },
        /peerRanges\[0\] = "172.17.5.0\/24": .*must not overlap 172.17.0.0\/16/,
      );
      fails(
        { peerRanges: ["0.0.0.0/0"] },
        'peerRanges[0] = "0.0.0.0/0": a default route over the VPN would send all traffic',
      );
      fails({ peerRanges: [] }, "peerRanges = []: the peer's ranges are what its firewall rule admits");
    });

    test("shapes JavaScript callers get wrong", () => {
      fails(
        { peerRanges: null as any },
        'peerRanges = null: peerRanges must be an array of IPv4 CIDR blocks, not null; give an array of IPv4 CIDR blocks, e.g. ["10.0.0.0/16"].',
      );
      fails(
        { peerAddresses: null as any },
        "peerAddresses = null: peerAddresses must be an array of IPv4 addresses, not null",
      );
      fails({ peerAsn: null as any }, "peerAsn = null: peerAsn must be a BGP ASN, not null");
      fails(
        { ike: null as any },
        "ike = null: ike must be an object of IKE settings, not null; leave ike out to use its default",
      );
      fails(
        { insideCidrs: null as any },
        "insideCidrs = null: insideCidrs must be an array of inside /30s, not null",
      );
    });

    test("A32: the peer ASN equal to the Cloud Router's", () => {
      fails(
        { peerAsn: 64514 },
        "peerAsn = 64514: the two ends of a BGP session need different ASNs (eBGP), and the Cloud Router also uses 64514",
      );
    });

    test("a tunnel count that does not fit the addresses", () => {
      fails({ tunnels: 4 }, "tunnels = 4: with 2 peer address(es) the link has 1 or 2 tunnel(s)");
    });

    test("A43: peer ranges overlapping GCP ranges", () => {
      const { stack } = build({ peerRanges: ["10.20.0.0/24"] });
      expect(() => synthJson(stack)).toThrow(
        /every range routed over the link must be unique, but "GCP 10.20.0.0\/20" 10.20.0.0\/20 overlaps "onprem 10.20.0.0\/24"/,
      );
    });

    test("a device model with a bad range or port", () => {
      const advertises = [{ cidr: "172.16.232.0/24", label: "onprem: LAN" }];
      fails(
        { device: { routes: [{ cidr: "10.20.0.0/33", label: "gcp" }], advertises } },
        'device.routes[0] = "10.20.0.0/33"',
      );
      fails(
        { device: { routes: [{ cidr: "0.0.0.0/0", label: "everything" }], advertises } },
        'device.routes[0] = "0.0.0.0/0": a default route over the VPN would send all traffic',
      );
      fails(
        {
          device: {
            routes: [],
            advertises,
            firewall: [{ port: 70000, destination: "172.16.232.50", service: "gateway", sources: [] }],
          },
        },
        "device.firewall[0].port = 70000",
      );
      fails(
        { device: { routes: [] } as any },
        "device.advertises = undefined: device.advertises is required",
      );
    });

    test("A29: a peer name that is not a DNS label", () => {
      fails({ peerName: "On Prem" }, 'peerName = "On Prem": a DNS-1123 label');
    });
  });
});
