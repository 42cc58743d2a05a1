// Issue "first contact": every input that crashed the library or produced invalid output now
// fails with a hybrid-mesh error naming the construct path, the property, the value, the rule and
// a fix. One test per input, asserting the whole message.
import { build, GcpNetwork, stack, topology } from "./inputs";

/** Runs `f` (synthesizing an app it returns) and returns the error message. */
function errorOf(f: () => unknown): string {
  try {
    const r = f() as { synth?: () => void } | undefined;
    if (r && typeof r.synth === "function") r.synth();
  } catch (e) {
    expect((e as Error).name).toBe("HybridMeshError");
    return (e as Error).message;
  }
  throw new Error("expected a hybrid-mesh error");
}

describe("first contact: bad input fails with a hybrid-mesh error", () => {
  test("AwsHaVpn: gcpRanges as a string, not an array", () => {
    expect(errorOf(() => build("AwsHaVpn", (p) => ({ ...p, gcpRanges: "10.0.0.0/16" })))).toBe(
      'hybrid-mesh: fuzz/Vpn (AwsHaVpn): gcpRanges = "10.0.0.0/16": gcpRanges must be an array of IPv4 CIDR blocks, not a string; wrap it in an array: ["10.0.0.0/16"].',
    );
  });

  test("AwsNetwork: publicSubnetCidrs null", () => {
    expect(errorOf(() => build("AwsNetwork", (p) => ({ ...p, publicSubnetCidrs: null })))).toBe(
      'hybrid-mesh: fuzz/Network (AwsNetwork): publicSubnetCidrs = null: publicSubnetCidrs must be an array of IPv4 CIDR blocks, not null; leave publicSubnetCidrs out to use its default, or give an array of IPv4 CIDR blocks, e.g. ["10.0.0.0/16"].',
    );
  });

  test("ClassicVpn: ike null", () => {
    expect(errorOf(() => build("ClassicVpn", (p) => ({ ...p, ike: null })))).toBe(
      "hybrid-mesh: fuzz/Vpn (ClassicVpn): ike = null: ike must be an object of IKE settings, not null; leave ike out to use its default, or give an object of IKE settings, e.g. { version: 2 }.",
    );
  });

  test("AwsHaVpn: insideCidrs null", () => {
    expect(errorOf(() => build("AwsHaVpn", (p) => ({ ...p, insideCidrs: null })))).toBe(
      'hybrid-mesh: fuzz/Vpn (AwsHaVpn): insideCidrs = null: insideCidrs must be an array of inside /30s, not null; leave insideCidrs out to use its default, or give an array of inside /30s, e.g. ["169.254.6.0/30"].',
    );
  });

  test("ClassicVpn: peerRanges null", () => {
    expect(errorOf(() => build("ClassicVpn", (p) => ({ ...p, peerRanges: null })))).toBe(
      'hybrid-mesh: fuzz/Vpn (ClassicVpn): peerRanges = null: peerRanges must be an array of IPv4 CIDR blocks, not null; give an array of IPv4 CIDR blocks, e.g. ["10.0.0.0/16"].',
    );
  });

  test("PeerHaVpn: peerAddresses null", () => {
    expect(errorOf(() => build("PeerHaVpn", (p) => ({ ...p, peerAddresses: null })))).toBe(
      'hybrid-mesh: fuzz/Vpn (PeerHaVpn): peerAddresses = null: peerAddresses must be an array of IPv4 addresses, not null; give an array of IPv4 addresses, e.g. ["10.0.0.10"].',
    );
  });

  test("GcpNetwork.addFirewallRule: sourceRanges null", () => {
    expect(
      errorOf(() =>
        new GcpNetwork(stack(), "Net", { project: "my-project-123", region: "europe-west1" }).addFirewallRule(
          "Rule",
          { description: "x", sourceRanges: null as any, allow: [{ protocol: "tcp" }] },
        ),
      ),
    ).toBe(
      'hybrid-mesh: site/Net/Rule (FirewallRule): sourceRanges = null: sourceRanges must be an array of IPv4 CIDR blocks, not null; give an array of IPv4 CIDR blocks, e.g. ["10.0.0.0/16"].',
    );
  });

  test("ControlPlane: loadBalancer.privateIpAddresses null", () => {
    expect(
      errorOf(() => build("ControlPlane", (p) => ({ ...p, loadBalancer: { privateIpAddresses: null } }))),
    ).toBe(
      'hybrid-mesh: fuzz/ControlPlane (ControlPlane): loadBalancer.privateIpAddresses = null: loadBalancer.privateIpAddresses must be an array of IPv4 addresses, not null; leave loadBalancer.privateIpAddresses out to use its default, or give an array of IPv4 addresses, e.g. ["10.0.0.10"].',
    );
  });

  test('HybridTopology: mesh.model "multi" (no such model)', () => {
    expect(errorOf(() => topology((p) => ({ ...p, mesh: { model: "multi" } })))).toBe(
      'hybrid-mesh: hybrid (HybridTopology): mesh.model = "multi": mesh.model must be one of "multi-primary", "primary-remote", not "multi"; use MeshModel.MULTI_PRIMARY, MeshModel.PRIMARY_REMOTE ("multi-primary", "primary-remote" in JSON).',
    );
  });

  test("HybridTopology: onPremises[0].ranges as a string", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.onPremises[0].ranges = "172.20.0.0/22";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): onPremises[0].ranges = "172.20.0.0/22": onPremises[0].ranges must be an array of IPv4 CIDR blocks, not a string; wrap it in an array: ["172.20.0.0/22"].',
    );
  });

  test("HybridTopology: gcp[0].project null", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.gcp[0].project = null;
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): gcp[0].project = null: gcp[0].project must be a GCP project id, not null; give a GCP project id, e.g. "my-project".',
    );
  });

  test("HybridTopology: the id 123", () => {
    expect(errorOf(() => topology((p) => p, 123))).toBe(
      'hybrid-mesh: <root> (App): id (of a new HybridTopology) = 123: a construct id is a non-empty string, unique among the constructs of its scope; give a name such as "hybrid-topology".',
    );
  });

  test("HybridTopology: an empty id", () => {
    expect(errorOf(() => topology((p) => p, ""))).toBe(
      'hybrid-mesh: <root> (App): id (of a new HybridTopology) = "": a construct id is a non-empty string, unique among the constructs of its scope; give a name such as "hybrid-topology".',
    );
  });

  test("HybridTopology: a cluster without a name", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          delete p.aws[0].cluster.name;
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): aws[0].cluster.name = undefined: aws[0].cluster.name is required: a cluster name; add name: "aws-cluster".',
    );
  });

  test("AwsNetwork: a boolean given as 1", () => {
    expect(errorOf(() => build("AwsNetwork", (p) => ({ ...p, publicSubnets: 1 })))).toBe(
      "hybrid-mesh: fuzz/Network (AwsNetwork): publicSubnets = 1: publicSubnets must be true or false, not a number; use true or false.",
    );
  });

  test('GkeCluster: a boolean given as "yes"', () => {
    expect(errorOf(() => build("GkeCluster", (p) => ({ ...p, privateEndpoint: "yes" })))).toBe(
      'hybrid-mesh: fuzz/Gke (GkeCluster): privateEndpoint = "yes": privateEndpoint must be true or false, not a string; use true or false.',
    );
  });

  test("AwsNetwork: [null] zones", () => {
    expect(errorOf(() => build("AwsNetwork", (p) => ({ ...p, availabilityZones: [null] })))).toBe(
      'hybrid-mesh: fuzz/Network (AwsNetwork): availabilityZones[0] = null: availabilityZones[0] must be an availability zone name, not null; give an availability zone name, e.g. "eu-west-1a".',
    );
  });

  test("NodePool: a null label value", () => {
    expect(errorOf(() => build("NodePool", (p) => ({ ...p, labels: { tier: null } })))).toBe(
      'hybrid-mesh: fuzz/Nodes (NodePool): labels.tier = null: labels.tier must be a label value, not null; give a label value, e.g. "value".',
    );
  });

  test("PeerHaVpn: peerAsn null", () => {
    expect(errorOf(() => build("PeerHaVpn", (p) => ({ ...p, peerAsn: null })))).toBe(
      "hybrid-mesh: fuzz/Vpn (PeerHaVpn): peerAsn = null: peerAsn must be a BGP ASN, not null; give a BGP ASN, e.g. 65001.",
    );
  });

  test("GcpNetwork: a subnet in 0.0.0.0/8", () => {
    expect(
      errorOf(() =>
        build("GcpNetwork", (p) => {
          p.subnets[0].cidr = "0.0.0.0/8";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: fuzz/Network/Subnet1 (GcpSubnet): cidr = "0.0.0.0/8": a subnet range must not overlap 0.0.0.0/8 ("this network" (RFC 1122)); pick another range.',
    );
  });

  test("GcpNetwork: a subnet in 127.0.0.0/8", () => {
    expect(
      errorOf(() =>
        build("GcpNetwork", (p) => {
          p.subnets[0].cidr = "127.0.0.0/20";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: fuzz/Network/Subnet1 (GcpSubnet): cidr = "127.0.0.0/20": a subnet range must not overlap 127.0.0.0/8 (loopback); pick another range.',
    );
  });

  test("GcpNetwork: a service range in 224.0.0.0/4", () => {
    expect(
      errorOf(() =>
        build("GcpNetwork", (p) => {
          p.subnets[0].services.cidr = "224.0.0.0/20";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: fuzz/Network/Subnet1 (GcpSubnet): services.cidr = "224.0.0.0/20": a services range must not overlap 224.0.0.0/4 (multicast); pick another range.',
    );
  });

  test("GcpNetwork: a secondary range named Bad_Name! (A29)", () => {
    expect(
      errorOf(() =>
        build("GcpNetwork", (p) => {
          p.subnets[0].pods.name = "Bad_Name!";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: fuzz/Network/Subnet1 (GcpSubnet): pods.name = "Bad_Name!": a GCP resource name is 1-63 characters: a lower-case letter first, then lower-case letters, digits or hyphens, not ending with a hyphen (RFC 1035); use e.g. "bad-name".',
    );
  });

  test('HybridTopology: projectNumber "12 34"', () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.gcp[0].projectNumber = "12 34";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): gcp[0].projectNumber = "12 34": a GCP project number is made of digits only; use the project number, e.g. "123456789012".',
    );
  });

  test('GkeCluster: projectNumber "12 34"', () => {
    expect(errorOf(() => build("GkeCluster", (p) => ({ ...p, projectNumber: "12 34" })))).toBe(
      'hybrid-mesh: fuzz/Gke (GkeCluster): projectNumber = "12 34": a GCP project number is made of digits only; use the project number, e.g. "123456789012".',
    );
  });

  test("HybridTopology: a peer address given twice (A24)", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.onPremises[0].vpn.addresses = ["203.0.113.10", "203.0.113.10"];
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): onPremises[0].vpn.addresses[1] = "203.0.113.10": the address is given twice (also onPremises[0].vpn.addresses[0]): each interface of the peer\'s gateway has its own address, and one device counted twice gives no redundancy; give each address once, and 1 address for a single-address device.',
    );
  });

  test("HybridTopology: API server port 0", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.onPremises[0].cluster.apiServerPort = 0;
          return p;
        }),
      ),
    ).toBe(
      "hybrid-mesh: hybrid (HybridTopology): onPremises[0].cluster.apiServerPort = 0: a port is a whole number from 1 to 65535; use e.g. 443.",
    );
  });

  test("MeshGatewayLoadBalancer: node port 65536", () => {
    expect(
      errorOf(() => build("MeshGatewayLoadBalancer", (p) => ({ ...p, nodePorts: { crossNetwork: 65536 } }))),
    ).toBe(
      "hybrid-mesh: fuzz/MeshGateway (MeshGatewayLoadBalancer): nodePorts.crossNetwork = 65536: a Kubernetes NodePort is a whole number in the default node-port range 30000-32767; use e.g. 31443.",
    );
  });

  test("HybridTopology: API server port 1.5", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.onPremises[0].cluster.apiServerPort = 1.5;
          return p;
        }),
      ),
    ).toBe(
      "hybrid-mesh: hybrid (HybridTopology): onPremises[0].cluster.apiServerPort = 1.5: onPremises[0].cluster.apiServerPort must be a port, not 1.5 (a whole number is needed); give a port, e.g. 6443.",
    );
  });

  test("ClassicVpn: peerAddress 0.0.0.0", () => {
    expect(errorOf(() => build("ClassicVpn", (p) => ({ ...p, peerAddress: "0.0.0.0" })))).toBe(
      'hybrid-mesh: fuzz/Vpn (ClassicVpn): peerAddress = "0.0.0.0": a VPN peer address must be a unicast address the gateway can reach, not in 0.0.0.0/8 ("this network" (RFC 1122)); give the public IPv4 address of the peer\'s VPN device, e.g. 203.0.113.10.',
    );
  });

  test("PeerHaVpn: peer address 127.0.0.1", () => {
    expect(errorOf(() => build("PeerHaVpn", (p) => ({ ...p, peerAddresses: ["127.0.0.1"] })))).toBe(
      'hybrid-mesh: fuzz/Vpn (PeerHaVpn): peerAddresses[0] = "127.0.0.1": a VPN peer address must be a unicast address the gateway can reach, not in 127.0.0.0/8 (loopback); give the public IPv4 address of the peer\'s VPN device, e.g. 203.0.113.10.',
    );
  });

  test("PeerHaVpn: a peer range in 169.254.0.0/16 (A42)", () => {
    expect(errorOf(() => build("PeerHaVpn", (p) => ({ ...p, peerRanges: ["169.254.10.0/24"] })))).toBe(
      'hybrid-mesh: fuzz/Vpn (PeerHaVpn): peerRanges[0] = "169.254.10.0/24": a range routed over the VPN must not overlap 169.254.0.0/16 (link-local: VPN tunnel and BGP addresses, instance metadata); use a range of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 outside 172.17.0.0/16.',
    );
  });

  test("ClassicVpn: a peer range in 172.17.0.0/16 (A41)", () => {
    expect(errorOf(() => build("ClassicVpn", (p) => ({ ...p, peerRanges: ["172.17.0.0/16"] })))).toBe(
      'hybrid-mesh: fuzz/Vpn (ClassicVpn): peerRanges[0] = "172.17.0.0/16": a range routed over the VPN must not overlap 172.17.0.0/16 (Docker\'s default bridge, used on nodes and by some AWS services); use a range of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 outside 172.17.0.0/16.',
    );
  });

  test('ControlPlane: kmsKeyArn "*"', () => {
    expect(errorOf(() => build("ControlPlane", (p) => ({ ...p, kmsKeyArn: "*" })))).toBe(
      'hybrid-mesh: fuzz/ControlPlane (ControlPlane): kmsKeyArn = "*": a KMS key ARN is arn:aws:kms:<region>:<12-digit account>:key/<key id> (or :alias/<name>); give the key\'s ARN, e.g. "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab".',
    );
  });

  test('NodePool: kmsKeyArn "*"', () => {
    expect(errorOf(() => build("NodePool", (p) => ({ ...p, kmsKeyArn: "*" })))).toBe(
      'hybrid-mesh: fuzz/Nodes (NodePool): kmsKeyArn = "*": a KMS key ARN is arn:aws:kms:<region>:<12-digit account>:key/<key id> (or :alias/<name>); give the key\'s ARN, e.g. "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab".',
    );
  });

  test("ControlPlane: access-log bucket UPPER_bucket", () => {
    expect(
      errorOf(() =>
        build("ControlPlane", (p) => ({
          ...p,
          loadBalancer: { ...p.loadBalancer, accessLogsBucket: "UPPER_bucket" },
        })),
      ),
    ).toBe(
      'hybrid-mesh: fuzz/ControlPlane (ControlPlane): loadBalancer.accessLogsBucket = "UPPER_bucket": an S3 bucket name is 3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit (S3 bucket naming rules); use e.g. "upper-bucket".',
    );
  });

  test("HybridTopology: GKE zone europe-west1-z", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.gcp[0].cluster.zone = "europe-west1-z";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): gcp[0].cluster.zone = "europe-west1-z": europe-west1 has no zone "europe-west1-z" (its zones are europe-west1-b, europe-west1-c, europe-west1-d); use one of them.',
    );
  });

  test("HybridTopology: AWS zone eu-west-1z", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.aws[0].availabilityZones = ["eu-west-1a", "eu-west-1z"];
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): aws[0].availabilityZones[1] = "eu-west-1z": eu-west-1 has no zone "eu-west-1z" (its zones are eu-west-1a, eu-west-1b, eu-west-1c); use one of them.',
    );
  });

  test("HybridTopology: AWS region us-east-9", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.aws[0].region = "us-east-9";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): aws[0].region = "us-east-9": an AWS region is one of AWS\'s region names, e.g. "eu-west-1" or "us-east-2"; did you mean "us-east-1" or "us-east-2"?',
    );
  });

  test("HybridTopology: zones of another region", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.aws[0].availabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"];
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): aws[0].availabilityZones[0] = "us-east-1a": the zone is in us-east-1, not in the region eu-west-1; use zones of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c.',
    );
  });

  test('HybridTopology: a missing AWS region (not zones "undefineda")', () => {
    expect(
      errorOf(() =>
        topology((p) => {
          delete p.aws[0].region;
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): aws[0].region = undefined: aws[0].region is required: an AWS region; add region: "eu-west-1".',
    );
  });

  test('HybridTopology: maxNodesPerZone 1e9 (not "no free /-8")', () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.gcp[0].cluster.maxNodesPerZone = 1e9;
          return p;
        }),
      ),
    ).toBe(
      "hybrid-mesh: hybrid (HybridTopology): gcp[0].cluster.maxNodesPerZone = 1000000000: a GKE node count per zone is a whole number from 1 to 1000; use at most 1000.",
    );
  });

  test("HybridTopology: addressCount 3 names addressCount", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.onPremises[0].vpn = { asn: 65010, addressCount: 3 };
          return p;
        }),
      ),
    ).toBe(
      "hybrid-mesh: hybrid (HybridTopology): onPremises[0].vpn.addressCount = 3: an HA VPN peer has 1, 2 or 4 public addresses (addressCount); declare 1, 2 or 4 addresses.",
    );
  });

  test("HybridTopology: a bad controlPlaneCidr gets a fix synth accepts", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.gcp[0].cluster.controlPlaneCidr = "10.1.0.0/27";
          return p;
        }),
      ),
    ).toBe(
      'hybrid-mesh: hybrid (HybridTopology): gcp[0].cluster.controlPlaneCidr = "10.1.0.0/27": a GKE control-plane range must be exactly a /28; leave it unset (the address plan then allocates 10.1.48.0/28), or give a free /28 such as 10.1.48.0/28.',
    );
  });

  test("HybridTopology: an AWS site and an on-premises device with one ASN", () => {
    expect(
      errorOf(() =>
        topology((p) => {
          p.aws[0].asn = 65010;
          return p;
        }),
      ),
    ).toBe(
      "hybrid-mesh: hybrid (HybridTopology): onPremises[0].vpn.asn = 65010: site aws uses this ASN too: BGP drops routes whose AS path holds the receiver's own ASN, so routes between aws and dc (which transit another site) would be dropped; give every site its own ASN; leave the AWS and GCP ones unset and the plan picks free private ASNs (64512 upwards).",
    );
  });
});
