import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { GcpNetwork } from "../../lib/gcp";
import { ClassicVpn, ClassicVpnProps, renderPeerSheet } from "../../lib/vpn";
import { byPath, gcpStack, literalSecrets, ofType, refOf, synthJson, warningsOf, failsWith } from "../util";

/** Synthesizes a ClassicVpn in stack `stackId`; returns where its peer sheet should be. */
function synthSheet(props: Partial<ClassicVpnProps> = {}, stackId = "sheet"): string {
  const outdir = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? tmpdir(), "hm-sheet-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, stackId);
  new GoogleProvider(stack, "google", { project: "my-project-123" });
  new RandomProvider(stack, "random");
  const gcpNetwork = new GcpNetwork(stack, "Gcp", {
    project: "my-project-123",
    region: "us-central1",
    name: "anthos-hybrid",
    subnets: [{ cidr: "10.128.0.0/20" }],
  });
  new ClassicVpn(stack, "Vpn", {
    gcpNetwork,
    gatewayName: "nifc-anthos-vpn",
    peerName: "onprem",
    peerAddress: "203.0.113.10",
    peerRanges: ["172.16.232.0/24"],
    ...props,
  });
  app.synth();
  return path.join(outdir, "stacks", stackId, "peer-sheets", "nifc-anthos-vpn.md");
}

/** The peer sheet a ClassicVpn writes next to its stack at synth. */
function sheetText(props: Partial<ClassicVpnProps> = {}): string {
  return readFileSync(synthSheet(props), "utf8");
}

function build(props: Partial<ClassicVpnProps> = {}) {
  const stack = gcpStack("classic");
  const gcpNetwork = new GcpNetwork(stack, "Gcp", {
    project: "my-project-123",
    region: "us-central1",
    name: "anthos-hybrid",
    subnets: [{ cidr: "10.128.0.0/20" }],
  });
  const vpn = new ClassicVpn(stack, "Vpn", {
    gcpNetwork,
    gatewayName: "nifc-anthos-vpn",
    tunnelName: "nif-anthos-tn",
    peerName: "onprem",
    peerAddress: "203.0.113.10",
    peerRanges: ["172.16.232.0/24"],
    ...props,
  });
  return { stack, vpn, json: () => synthJson(stack) };
}

describe("ClassicVpn (the worked example's VPN)", () => {
  test("a target gateway with a static address and forwarding rules for ESP, UDP 500 and UDP 4500", () => {
    const j = build().json();
    const address = refOf(j, "google_compute_address", "Vpn/Address", "address");
    const gateway = refOf(j, "google_compute_vpn_gateway", "Vpn", "self_link");
    expect(byPath(j, "google_compute_vpn_gateway", "Vpn")).toMatchObject({
      name: "nifc-anthos-vpn",
      region: "us-central1",
    });
    const rules = ofType(j, "google_compute_forwarding_rule").map((r) => [
      r.ip_protocol,
      r.port_range ?? null,
      r.ip_address,
      r.target,
    ]);
    expect(rules.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ["UDP", "4500", address, gateway],
      ["UDP", "500", address, gateway],
      ["ESP", null, address, gateway],
    ]);
  });

  test("one route-based tunnel (traffic selectors 0.0.0.0/0) after the forwarding rules, and a route per peer range", () => {
    const j = build().json();
    const tunnel = byPath(j, "google_compute_vpn_tunnel", "Vpn/Tunnel");
    expect(tunnel).toMatchObject({
      name: "nif-anthos-tn",
      peer_ip: "203.0.113.10",
      ike_version: 2,
      local_traffic_selector: ["0.0.0.0/0"],
      remote_traffic_selector: ["0.0.0.0/0"],
      target_vpn_gateway: refOf(j, "google_compute_vpn_gateway", "Vpn", "self_link"),
    });
    expect(tunnel.depends_on).toHaveLength(3);
    expect(ofType(j, "google_compute_route")).toEqual([
      expect.objectContaining({
        dest_range: "172.16.232.0/24",
        next_hop_vpn_tunnel: refOf(j, "google_compute_vpn_tunnel", "Vpn/Tunnel"),
        priority: 1000,
      }),
    ]);
    expect(literalSecrets(j)).toEqual([]);
  });

  test("IKEv1 with AES128/SHA1, as the on-premises device needs, is allowed with a warning; the SLA is 99.9 %", () => {
    const { vpn, json } = build({
      ike: {
        version: 1,
        phase1: { encryption: "AES128", integrity: "SHA1", dhGroup: 14 },
        phase2: { encryption: "AES128", integrity: "SHA1", dhGroup: 14 },
      },
    });
    expect(byPath(json(), "google_compute_vpn_tunnel", "Vpn/Tunnel").ike_version).toBe(1);
    expect(warningsOf(vpn)).toEqual([
      "hybrid-mesh: weak IKE settings for a peer that needs them: IKEv1 (deprecated by RFC 9395), SHA1 integrity in phase 1, SHA1 integrity in phase 2. Move the peer to IKEv2 with SHA2 and DH 14, 19 or 20 when it can.",
      "hybrid-mesh: Classic VPN to onprem reaches 99.9 % at most (one tunnel, static routes). HA VPN with BGP on both interfaces reaches 99.99 %.",
    ]);
  });

  test("writes the peer sheet next to the synthesized stack", () => {
    const file = synthSheet({}, "onprem-gke");
    expect(file).toContain(path.join("stacks", "onprem-gke", "peer-sheets", "nifc-anthos-vpn.md"));
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("| IKE version | IKEv2 | |");
    expect(text).toContain(
      "| 1 | (known after deploy: see the Terraform output) | 203.0.113.10 | - | - | `vpn_tunnel1_key` |",
    );
    // Without a device model: the subnets' ranges labelled by subnet, the peer's by its name; the
    // firewall's ports described, not listed; packet size and tunnel health from Google's documents.
    expect(text).toContain("| 10.128.0.0/20 | GCP subnet anthos-hybrid-us-central1 | GCP |");
    expect(text).toContain("| 172.16.232.0/24 | onprem |");
    expect(text).toContain("Not known to this link: admit from the ranges above, over TCP");
    expect(text).toContain("- MTU: 1460 bytes at most on the tunnel interfaces");
    expect(text).toContain("- TCP MSS clamping: on");
    expect(text).toContain("- Dead-peer detection: on, on every tunnel");
    expect(text).not.toContain("## BGP sessions");
    expect(text).not.toMatch(/TfToken/);
  });

  test("with a device model: its labelled ranges are the static routes, its firewall rules and what it admits are on the sheet", () => {
    const device = {
      routes: [
        { cidr: "10.128.0.0/20", label: "gcp: gke nodes" },
        { cidr: "10.0.0.0/16", label: "aws: VPC, via gcp", transit: true },
      ],
      advertises: [{ cidr: "172.16.232.0/24", label: "onprem: LAN" }],
      acceptsFrom: [{ cidr: "10.128.0.0/20", label: "gcp: gke nodes" }],
      firewall: [
        {
          port: 15443,
          destination: "172.16.232.50",
          service: "east-west gateway",
          sources: [{ cidr: "10.128.0.0/20", label: "gcp: gke nodes" }],
        },
      ],
    };
    expect(build({ device }).vpn.gcpRanges).toEqual(["10.128.0.0/20", "10.0.0.0/16"]);
    const text = sheetText({ device });
    expect(text).toContain("| 10.128.0.0/20 | gcp: gke nodes | GCP |");
    expect(text).toContain("| 10.0.0.0/16 | aws: VPC, via gcp | transit, through GCP |");
    expect(text).toContain("| 172.16.232.0/24 | onprem: LAN |");
    expect(text).toContain("| 15443 | 172.16.232.50 | east-west gateway | 10.128.0.0/20 (gcp: gke nodes) |");
    expect(text).toContain(
      "The analysis assumes the firewall admits, from the VPN on any port: 10.128.0.0/20 (gcp: gke nodes).",
    );
  });

  test("a device model must agree with the link: its routes are the static routes, its own ranges the peer's", () => {
    const device = {
      routes: [{ cidr: "10.128.0.0/20", label: "gcp: gke nodes" }],
      advertises: [{ cidr: "172.16.232.0/24", label: "onprem: LAN" }],
    };
    expect(() => build({ device, gcpRanges: ["10.128.0.0/20", "10.4.0.0/14"] })).toThrow(
      'device.routes = ["10.128.0.0/20"]: the peer sheet must list exactly the static routes (gcpRanges) (10.128.0.0/20, 10.4.0.0/14), but it misses 10.4.0.0/14',
    );
    expect(() =>
      build({ device: { ...device, advertises: [{ cidr: "172.16.0.0/16", label: "onprem" }] } }),
    ).toThrow(
      'device.advertises = ["172.16.0.0/16"]: the peer sheet must list exactly the peer\'s ranges (peerRanges) (172.16.232.0/24), but it misses 172.16.232.0/24 and it lists 172.16.0.0/16, which the link does not route',
    );
  });

  test("gcpRanges: the ranges the peer routes into the tunnel default to the region's subnets with their secondary ranges, and can add the control plane", () => {
    expect(build().vpn.gcpRanges).toEqual(["10.128.0.0/20"]);
    // A subnet's GKE pod and service ranges too: pods keep their addresses towards the peer.
    const stack = gcpStack("classic-pods");
    const gcpNetwork = new GcpNetwork(stack, "Gcp", {
      project: "my-project-123",
      region: "us-central1",
      subnets: [{ cidr: "10.128.0.0/20", pods: { cidr: "10.4.0.0/14" }, services: { cidr: "10.0.32.0/20" } }],
    });
    const withPods = new ClassicVpn(stack, "Vpn", {
      gcpNetwork,
      peerName: "onprem",
      peerAddress: "203.0.113.10",
      peerRanges: ["172.16.232.0/24"],
    });
    expect(withPods.gcpRanges).toEqual(["10.128.0.0/20", "10.4.0.0/14", "10.0.32.0/20"]);
    const { vpn } = build({ gcpRanges: ["10.128.0.0/20", "10.4.0.0/14", "172.16.0.0/28"] });
    expect(vpn.gcpRanges).toEqual(["10.128.0.0/20", "10.4.0.0/14", "172.16.0.0/28"]);
    expect(() => build({ gcpRanges: ["10.4.0.0/33"] })).toThrow('gcpRanges[0] = "10.4.0.0/33"');
  });

  test("renderPeerSheet is deterministic", () => {
    const sheet = {
      link: "l",
      peer: "p",
      kind: "k",
      sla: "99.9%",
      ike: {
        version: 2,
        phase1: { encryption: "AES256", integrity: "SHA2-256", dhGroup: 20, lifetimeSeconds: 28800 },
        phase2: { encryption: "AES256", integrity: "SHA2-256", dhGroup: 20, lifetimeSeconds: 3600 },
        weaknesses: [],
      },
      routes: [],
      advertises: [],
      tunnels: [],
    };
    expect(renderPeerSheet(sheet, "o")).toBe(renderPeerSheet(sheet, "o"));
  });

  describe("bad input", () => {
    const fails = failsWith((props: Partial<ClassicVpnProps>) => build(props));

    test("A28: no peer range, or a default route", () => {
      fails({ peerRanges: [] }, "peerRanges = []: a route-based VPN needs at least one peer range");
      fails(
        { peerRanges: ["0.0.0.0/0"] },
        'peerRanges[0] = "0.0.0.0/0": a default route over the VPN would send all traffic',
      );
    });

    test("A29: names breaking RFC 1035", () => {
      fails({ gatewayName: "NIFC_vpn" }, 'gatewayName = "NIFC_vpn": a GCP resource name is 1-63 characters');
    });

    test("A18: an IKE version other than 1 or 2", () => {
      fails({ ike: { version: 3 } }, "ike.version = 3: the IKE version must be one of 1, 2");
    });

    test("a peer address that is not an IPv4 address, or not reachable", () => {
      fails(
        { peerAddress: "1.2.3" },
        'peerAddress = "1.2.3": a VPN peer address is an IPv4 address (four decimal numbers',
      );
      fails({ peerAddress: "127.0.0.1" }, /peerAddress = "127.0.0.1": .*not in 127.0.0.0\/8 \(loopback\)/);
    });

    test("peer and GCP ranges in special-purpose ranges", () => {
      fails(
        { peerRanges: ["172.17.0.0/16"] },
        /peerRanges\[0\] = "172.17.0.0\/16": a range routed over the VPN must not overlap 172.17.0.0\/16/,
      );
      fails(
        { gcpRanges: ["224.0.0.0/8"] },
        /gcpRanges\[0\] = "224.0.0.0\/8": a range routed over the VPN must not overlap 224.0.0.0\/4 \(multicast\)/,
      );
      fails(
        { peerRanges: "172.16.232.0/24" as any },
        'peerRanges = "172.16.232.0/24": peerRanges must be an array of IPv4 CIDR blocks, not a string; wrap it in an array: ["172.16.232.0/24"].',
      );
    });

    test("A43: peer ranges overlapping GCP subnets", () => {
      const { stack } = build({ peerRanges: ["10.128.0.0/16"] });
      expect(() => synthJson(stack)).toThrow(/every range routed over the link must be unique/);
    });
  });
});
