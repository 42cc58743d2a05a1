import {
  GcpNetwork,
  GcpNetworkProps,
  GcpSubnetOptions,
  nodePodPrefix,
  podRangePrefix,
  RoutingMode,
} from "../../lib/gcp";
import { byPath, gcpStack, ofType, refOf, synthJson, warningsOf, failsWith } from "../util";

const SUBNET: GcpSubnetOptions = {
  cidr: "10.20.0.0/20",
  pods: { cidr: "10.24.0.0/14" },
  services: { cidr: "10.28.0.0/20" },
};

function build(props: Partial<GcpNetworkProps> = {}) {
  const stack = gcpStack("gcp");
  const network = new GcpNetwork(stack, "Network", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    subnets: [SUBNET],
    ...props,
  });
  return { stack, network, json: () => synthJson(stack) };
}

describe("pod range sizing", () => {
  test.each([
    [8, 28],
    [9, 27],
    [16, 27],
    [17, 26],
    [32, 26],
    [33, 25],
    [64, 25],
    [65, 24],
    [110, 24],
  ])("%d pods per node need a /%d per node", (pods, prefix) => {
    expect(nodePodPrefix(pods)).toBe(prefix);
  });

  test("the range grows with the node count, rounded to a power of two", () => {
    expect(podRangePrefix(1, 110)).toBe(24);
    expect(podRangePrefix(64, 110)).toBe(18);
    expect(podRangePrefix(100, 110)).toBe(17);
    expect(podRangePrefix(16, 32)).toBe(22);
  });
});

describe("GcpNetwork", () => {
  test("is a custom-mode VPC with global routing and an MTU Cloud VPN carries", () => {
    const j = build().json();
    expect(byPath(j, "google_compute_network", "Network")).toEqual({
      name: "hybrid-vpc",
      project: "my-project-123",
      auto_create_subnetworks: false,
      routing_mode: "GLOBAL",
      mtu: 1460,
      description: "hybrid-mesh: custom-mode VPC",
    });
  });

  test("subnets have private Google access, flow logs (CKV_GCP_26, CKV_GCP_74) and named secondary ranges", () => {
    const j = build().json();
    expect(byPath(j, "google_compute_subnetwork", "Network/Subnet1")).toMatchObject({
      name: "hybrid-vpc-us-central1",
      region: "us-central1",
      ip_cidr_range: "10.20.0.0/20",
      network: refOf(j, "google_compute_network", "Network"),
      private_ip_google_access: true,
      log_config: {
        aggregation_interval: "INTERVAL_5_SEC",
        flow_sampling: 0.5,
        metadata: "INCLUDE_ALL_METADATA",
      },
      secondary_ip_range: [
        { range_name: "hybrid-vpc-us-central1-pods", ip_cidr_range: "10.24.0.0/14" },
        { range_name: "hybrid-vpc-us-central1-services", ip_cidr_range: "10.28.0.0/20" },
      ],
    });
  });

  test("secondary ranges are sized from nodes x pods and allocated from pools", () => {
    const { network } = build({
      subnets: [
        {
          cidr: "10.20.0.0/20",
          pods: { pool: "10.64.0.0/12", maxNodes: 64, maxPodsPerNode: 32 },
          services: { pool: "10.80.0.0/16" },
        },
      ],
    });
    expect(network.subnets[0].pods).toEqual({ name: "hybrid-vpc-us-central1-pods", cidr: "10.64.0.0/20" });
    expect(network.subnets[0].services).toEqual({
      name: "hybrid-vpc-us-central1-services",
      cidr: "10.80.0.0/20",
    });
  });

  test("Cloud NAT serves private nodes, logging errors", () => {
    const j = build().json();
    expect(byPath(j, "google_compute_router_nat", "Network/Nat")).toMatchObject({
      router: refOf(j, "google_compute_router", "Network/NatRouter", "name"),
      nat_ip_allocate_option: "AUTO_ONLY",
      source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      log_config: { enable: true, filter: "ERRORS_ONLY" },
    });
    expect(ofType(build({ cloudNat: false }).json(), "google_compute_router_nat")).toHaveLength(0);
  });

  test("creates no firewall rule by default: a custom-mode VPC denies ingress", () => {
    expect(ofType(build().json(), "google_compute_firewall")).toEqual([]);
  });

  describe("firewall rules", () => {
    test("from a VPN peer: TCP, UDP and ICMP, logged, priority 1000", () => {
      const { network, json } = build();
      network.allowFromPeer("onprem", ["172.16.232.0/24"], { name: "nifc-rules" });
      expect(ofType(json(), "google_compute_firewall")).toEqual([
        expect.objectContaining({
          name: "nifc-rules",
          direction: "INGRESS",
          priority: 1000,
          source_ranges: ["172.16.232.0/24"],
          allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
          log_config: { metadata: "INCLUDE_ALL_METADATA" },
        }),
      ]);
    });

    test("mesh ports from the other mesh networks, and Google health checks", () => {
      const { network, json } = build();
      network.allowMeshPorts("aws", ["10.10.0.0/16"]);
      network.allowHealthChecks(["15021"]);
      const rules = ofType(json(), "google_compute_firewall");
      expect(rules.find((r) => r.name === "hybrid-vpc-allow-mesh-aws")).toMatchObject({
        source_ranges: ["10.10.0.0/16"],
        allow: [{ protocol: "tcp", ports: ["15443", "15012", "15017", "15021"] }],
      });
      expect(rules.find((r) => r.name === "hybrid-vpc-allow-health-checks").source_ranges).toEqual([
        "35.191.0.0/16",
        "130.211.0.0/22",
      ]);
    });

    test("never from 0.0.0.0/0 (CKV_GCP_2/3, AVD-GCP-0027)", () => {
      const { network } = build();
      expect(() => network.allowFromPeer("world", ["0.0.0.0/0"])).toThrow(
        'hybrid-mesh: gcp/Network/allow-world (FirewallRule): sourceRanges[0] = "0.0.0.0/0": hybrid-mesh never opens a firewall to the whole internet (checkov CKV_GCP_2/3/106, trivy AVD-GCP-0027); list the peer ranges, Google\'s health-check ranges or the mesh networks that need access.',
      );
    });

    test("checks priority, protocols and ports", () => {
      const { network } = build();
      expect(() =>
        network.addFirewallRule("a", {
          description: "x",
          sourceRanges: ["10.0.0.0/8"],
          allow: [{ protocol: "tcp" }],
          priority: 70000,
        }),
      ).toThrow("priority = 70000: a firewall priority is a whole number from 0 to 65535");
      expect(() =>
        network.addFirewallRule("b", {
          description: "x",
          sourceRanges: ["10.0.0.0/8"],
          allow: [{ protocol: "gre" }],
        }),
      ).toThrow('allow[0].protocol = "gre"');
      expect(() =>
        network.addFirewallRule("c", {
          description: "x",
          sourceRanges: ["10.0.0.0/8"],
          allow: [{ protocol: "icmp", ports: ["1"] }],
        }),
      ).toThrow("ports apply to tcp, udp and sctp only, not icmp");
      expect(() =>
        network.addFirewallRule("d", {
          description: "x",
          sourceRanges: ["10.0.0.0/8"],
          allow: [{ protocol: "tcp", ports: ["99999"] }],
        }),
      ).toThrow('allow[0].ports[0] = "99999": a firewall port is a number 1-65535');
      expect(() =>
        network.addFirewallRule("e", { description: "x", sourceRanges: [], allow: [{ protocol: "tcp" }] }),
      ).toThrow("an ingress rule needs at least one source range");
    });
  });

  describe("bad input", () => {
    const fails = failsWith((props: Partial<GcpNetworkProps>) => build(props));

    test("a project id that is not one", () => {
      fails(
        { project: "My Project" },
        'hybrid-mesh: gcp/Network (GcpNetwork): project = "My Project": a GCP project id is 6-30 lower-case letters',
      );
    });

    test("names breaking RFC 1035", () => {
      fails(
        { name: "Hybrid_VPC" },
        'name = "Hybrid_VPC": a GCP resource name is 1-63 characters: a lower-case letter first',
      );
      fails({ name: "v".repeat(64) }, /name = "v{64}": a GCP resource name is 1-63 characters/);
    });

    test("a region that is not one: a zone, or a typo", () => {
      fails(
        { region: "us-central1-c" },
        'region = "us-central1-c": a GCP region is one of Google Cloud\'s region names, e.g. "us-central1" or "europe-west4"; did you mean "us-central1"?',
      );
      fails(
        { region: "us-central9" },
        /region = "us-central9": a GCP region is one of Google Cloud's region names.*did you mean "us-central1"/,
      );
    });

    test("a pod range too small for the requested nodes x pods", () => {
      fails(
        {
          subnets: [
            {
              cidr: "10.20.0.0/20",
              pods: { cidr: "10.24.0.0/20", maxNodes: 64 },
              services: { cidr: "10.28.0.0/20" },
            },
          ],
        },
        'hybrid-mesh: gcp/Network/Subnet1 (GcpSubnet): pods.cidr = "10.24.0.0/20": 64 nodes with up to 110 pods each need a /18 pod range (a /24 per node), and 10.24.0.0/20 is smaller; use a /18 or larger, or fewer nodes or pods per node.',
      );
    });

    test("pod or service ranges overlapping the subnet or each other", () => {
      fails(
        {
          subnets: [
            { cidr: "10.20.0.0/20", pods: { cidr: "10.20.0.0/16" }, services: { cidr: "10.28.0.0/20" } },
          ],
        },
        'pods.cidr = "10.20.0.0/16": the primary, pod and service ranges of a subnet must not overlap, and it overlaps the primary range (10.20.0.0/20)',
      );
      fails(
        {
          subnets: [
            { cidr: "10.20.0.0/20", pods: { cidr: "10.24.0.0/14" }, services: { cidr: "10.25.0.0/20" } },
          ],
        },
        'services.cidr = "10.25.0.0/20": the primary, pod and service ranges of a subnet must not overlap, and it overlaps the pods range (10.24.0.0/14)',
      );
    });

    test("a secondary range with neither cidr nor pool", () => {
      fails(
        { subnets: [{ cidr: "10.20.0.0/20", pods: { maxNodes: 4 } }] },
        "pods.cidr = undefined: the pods range needs either a cidr or a pool to allocate it from",
      );
    });

    test("ranges in link-local or Docker's bridge", () => {
      fails(
        { subnets: [{ cidr: "172.17.0.0/20" }] },
        'cidr = "172.17.0.0/20": a subnet range must not overlap 172.17.0.0/16',
      );
    });

    test("bad flow log settings and MTU", () => {
      fails(
        { subnets: [{ cidr: "10.20.0.0/20", flowLogs: { flowSampling: 0 } }] },
        "flowLogs.flowSampling = 0: flow sampling is a share above 0, at most 1",
      );
      fails({ mtu: 9000 }, "mtu = 9000: the network MTU is a whole number from 1300 to 8896");
    });
  });

  test("an MTU above 1460 is allowed with a warning about the VPN", () => {
    const { network } = build({ mtu: 1500 });
    expect(warningsOf(network)).toEqual([
      "hybrid-mesh: MTU 1500 is above the 1460 bytes Cloud VPN carries: packets crossing the VPN will be fragmented or dropped.",
    ]);
  });

  test("REGIONAL routing can be chosen; the mesh network name is <project>-<network>", () => {
    const { network, json } = build({ routingMode: RoutingMode.REGIONAL });
    expect(byPath(json(), "google_compute_network", "Network").routing_mode).toBe("REGIONAL");
    expect(network.meshNetworkName).toBe("my-project-123-hybrid-vpc");
  });
});
