import { Testing } from "cdktf";
import { MeshModel } from "../../lib/mesh";
import { Backend, HybridTopology, StackLayout } from "../../lib/topology";
import { byPath, freshApp, ofType, synthJson, expectHybridMeshError } from "../util";
import { THREE_SITES, topology, TWO_SITES } from "./fixtures";

const json = (t: HybridTopology, stack = "hybrid") =>
  synthJson(
    t.allStacks.find((s) => s.node.id === stack)!,
    false,
  );

describe("HybridTopology: what it builds", () => {
  test("one stack (plus the mesh stacks) by default; a stack per site and per link on request", () => {
    const mesh = ["hybrid-mesh-ca", "hybrid-mesh-install", "hybrid-mesh"];
    expect(topology().topology.allStacks.map((s) => s.node.id)).toEqual(["hybrid", ...mesh]);
    expect(
      topology({ layout: StackLayout.STACK_PER_SITE }, THREE_SITES).topology.allStacks.map((s) => s.node.id),
    ).toEqual(["hybrid-aws", "hybrid-gcp", "hybrid-link-gcp-aws", "hybrid-link-gcp-dc", ...mesh]);
  });

  test("the mesh stacks are deployed after the infrastructure: CA, then Istio's install, then the mesh", () => {
    const { topology: t } = topology({ layout: StackLayout.STACK_PER_SITE }, THREE_SITES);
    expect(t.meshInstallStack.dependencies.map((d) => d.node.id).sort()).toEqual([
      "hybrid-aws",
      "hybrid-gcp",
      "hybrid-link-gcp-aws",
      "hybrid-link-gcp-dc",
      "hybrid-mesh-ca",
    ]);
    expect(t.meshStack.dependencies.map((d) => d.node.id)).toEqual(["hybrid-mesh-install"]);
    expect(t.meshCaStack!.dependencies).toEqual([]);
  });

  test("fixed addresses: the API at .10 and the east-west gateway at .20 of each private subnet; GKE's gateway reserved", () => {
    const { topology: t } = topology();
    expect(t.awsSites.aws.controlPlane.endpointAddresses).toEqual([
      "10.0.96.10",
      "10.0.128.10",
      "10.0.160.10",
    ]);
    expect(t.awsSites.aws.meshGateway.addresses).toEqual(["10.0.96.20", "10.0.128.20", "10.0.160.20"]);
    expect(t.gcpSites.gcp.gatewayAddress).toBe("10.1.15.253");
  });

  test("BGP ASNs: the next free private ASN per site, skipping the ones given", () => {
    const { topology: t } = topology(
      {
        aws: [{ ...THREE_SITES.aws![0], asn: 64513 }],
      },
      THREE_SITES,
    );
    expect([t.awsSites.aws.asn, t.gcpSites.gcp.asn]).toEqual([64513, 64512]);
  });

  test("several AWS regions in one stack: the first region's provider is the default, the others aliased", () => {
    const { topology: t } = topology({
      aws: [
        { name: "eu", region: "eu-west-1", cluster: { name: "eu-cluster" } },
        { name: "us", region: "us-east-1", cluster: { name: "us-cluster" } },
      ],
      links: [
        { between: "gcp", and: "eu" },
        { between: "gcp", and: "us" },
      ],
    });
    const j = json(t);
    expect(j.provider.aws).toEqual([{ region: "eu-west-1" }, { alias: "us-east-1", region: "us-east-1" }]);
    expect(byPath(j, "aws_vpc", "site-us/Network").provider).toBe("aws.us-east-1");
    expect(byPath(j, "aws_vpc", "site-eu/Network").provider).toBeUndefined();
    expect(byPath(j, "aws_vpn_gateway", "link-gcp-us/Vpn/VpnGateway").provider).toBe("aws.us-east-1");
    // Each AWS site gets its own ASN, so that routes transiting GCP are not dropped.
    expect([t.awsSites.eu.asn, t.awsSites.us.asn, t.gcpSites.gcp.asn]).toEqual([64512, 64513, 64514]);
    expect(t.analyze().ok).toBe(true);
  });

  test("zones: the region's real ones (ca-central-1: a, b, d); looked up at plan time where letters differ per account", () => {
    const { topology: ca } = topology({
      aws: [{ name: "aws", region: "ca-central-1", cluster: { name: "aws-cluster" } }],
    });
    expect(ca.awsSites.aws.network.availabilityZones).toEqual([
      "ca-central-1a",
      "ca-central-1b",
      "ca-central-1d",
    ]);
    // us-west-1: an account sees two of its three zones, under letters that differ per account.
    const { topology: usw } = topology({
      aws: [{ name: "aws", region: "us-west-1", cluster: { name: "aws-cluster" } }],
    });
    expect(usw.awsSites.aws.network.availabilityZones).toHaveLength(2);
    const paths = usw.analyze().paths;
    expect(paths.length).toBeGreaterThan(0);
    expect(paths[0].source).toContain("zone 1 (looked up at plan time), zone 2 (looked up at plan time)");
  });

  test("an on-premises device without given addresses gets Terraform variables", () => {
    const { topology: t } = topology(
      { onPremises: [{ ...THREE_SITES.onPremises![0], vpn: { asn: 65010, addressCount: 2 } }] },
      THREE_SITES,
    );
    const j = json(t);
    expect(Object.keys(j.variable)).toEqual(["dc_vpn_address_1", "dc_vpn_address_2"]);
    expect(
      byPath(j, "google_compute_external_vpn_gateway", "link-gcp-dc/Vpn/ExternalGateway").interface,
    ).toEqual([
      { id: 0, ip_address: "${var.dc_vpn_address_1}" },
      { id: 1, ip_address: "${var.dc_vpn_address_2}" },
    ]);
  });

  test("allowAllTraffic admits everything from the other site, not only the mesh", () => {
    const { topology: t } = topology({ links: [{ between: "gcp", and: "aws", allowAllTraffic: true }] });
    const j = json(t);
    expect(ofType(j, "google_compute_firewall").map((f) => f.name)).toContain("gcp-vpc-allow-aws-vpn");
  });

  test("primary-remote: remotes get no istiod; the primary's gateway admits the remotes' control planes (webhook)", () => {
    const { topology: t } = topology(
      { mesh: { model: MeshModel.PRIMARY_REMOTE, primary: "gke-cluster" } },
      THREE_SITES,
    );
    const firewall = ofType(json(t), "google_compute_firewall").find(
      (f) => f.name === "gcp-vpc-allow-mesh-peers",
    );
    expect(firewall.source_ranges).toEqual(["10.0.0.0/16", "172.20.0.0/22"]);
    expect(t.mesh.resolved.clusters.map((c) => c.role)).toEqual(["primary", "remote", "remote"]);
  });

  test("synthesizes the same files every time", () => {
    const once = () => {
      const app = freshApp();
      const t = new HybridTopology(app, "hybrid", THREE_SITES);
      return t.allStacks.map((s) => Testing.synth(s)).join("\n");
    };
    expect(once()).toBe(once());
  });
});

describe("HybridTopology: backends", () => {
  test("local state files beside the output, by relative path (no machine-specific path in the output)", () => {
    const j = json(topology().topology);
    expect(j.terraform.backend).toEqual({ local: { path: "../../../terraform.hybrid.tfstate" } });
  });

  test("S3 with DynamoDB locking and KMS, GCS, HCP Terraform: one state per stack", () => {
    const s3 = json(
      topology({
        backend: Backend.s3({
          bucket: "state",
          region: "eu-west-1",
          dynamodbTable: "locks",
          kmsKeyId: "alias/state",
        }),
      }).topology,
    );
    expect(s3.terraform.backend.s3).toEqual({
      bucket: "state",
      region: "eu-west-1",
      key: "hybrid-mesh/hybrid.tfstate",
      encrypt: true,
      dynamodb_table: "locks",
      kms_key_id: "alias/state",
    });
    const gcs = json(topology({ backend: Backend.gcs({ bucket: "state", prefix: "team" }) }).topology);
    expect(gcs.terraform.backend.gcs).toEqual({ bucket: "state", prefix: "team/hybrid" });
    const hcp = json(
      topology({ backend: Backend.hcpTerraform({ organization: "acme", workspacePrefix: "net-" }) }).topology,
    );
    expect(hcp.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "net-hybrid" } });
  });
});

describe("HybridTopology: bad input", () => {
  const fails = (props: Parameters<typeof topology>[0], message: string, base = TWO_SITES) =>
    expectHybridMeshError(() => topology(props, base), message);

  test("site and cluster names: DNS labels, unique", () => {
    fails(
      { aws: [{ ...TWO_SITES.aws![0], name: "Aws" }] },
      'hybrid-mesh: hybrid (HybridTopology): aws[0].name = "Aws"',
    );
    fails(
      { aws: [{ ...TWO_SITES.aws![0], name: "gcp" }] },
      'gcp[0].name = "gcp": site names must be unique in the topology; rename one of the sites.',
    );
    fails(
      { aws: [{ ...TWO_SITES.aws![0], cluster: { name: "gke-cluster" } }] },
      'gcp[0].cluster.name = "gke-cluster": cluster names must be unique in the topology',
    );
    fails({ aws: [], gcp: [] }, "sites = []: a topology needs at least one site");
  });

  test("links: between existing sites, one end on GCP, one link per AWS site, no duplicates", () => {
    fails(
      { links: [{ between: "gcp", and: "azure" }] },
      'links[0] = "gcp <-> azure": there is no site azure',
    );
    fails(
      {
        aws: [...TWO_SITES.aws!, { name: "aws2", region: "us-east-1", cluster: { name: "c2" } }],
        links: [{ between: "aws", and: "aws2" }],
      },
      "a link joins a GCP site to an AWS or on-premises site (Cloud VPN is the GCP end of every link)",
    );
    fails(
      {
        links: [
          { between: "gcp", and: "aws" },
          { between: "aws", and: "gcp" },
        ],
      },
      'links[1] = "aws <-> gcp": two links join the same sites',
    );
    fails(
      {
        gcp: [...TWO_SITES.gcp!, { ...TWO_SITES.gcp![0], name: "gcp2", cluster: { name: "gke2" } }],
        links: [
          { between: "gcp", and: "aws" },
          { between: "gcp2", and: "aws" },
        ],
      },
      "AWS site aws already has a link (links[0]): a VPC takes one virtual private gateway",
    );
  });

  test("on premises: ranges, addresses inside them, one address without BGP", () => {
    const dc = THREE_SITES.onPremises![0];
    fails(
      { onPremises: [{ ...dc, ranges: [] }] },
      "an on-premises site needs the ranges it routes over the VPN",
      THREE_SITES,
    );
    fails(
      { onPremises: [{ ...dc, cluster: { ...dc.cluster, gatewayAddress: "10.9.9.9" } }] },
      'onPremises[0].cluster.gatewayAddress = "10.9.9.9": the address must lie in the site\'s ranges (172.20.0.0/22)',
      THREE_SITES,
    );
    fails(
      { onPremises: [{ ...dc, vpn: { addresses: ["203.0.113.10", "203.0.113.11"] } }] },
      "without BGP (no vpn.asn) the link is Classic VPN, which has one peer address",
      THREE_SITES,
    );
    fails(
      { onPremises: [{ ...dc, vpn: { addresses: ["203.0.113.300"], asn: 65010 } }] },
      'onPremises[0].vpn.addresses[0] = "203.0.113.300"',
      THREE_SITES,
    );
  });

  test("the mesh: primary-remote needs its primary; the mesh id must be known at synth", () => {
    fails(
      { mesh: { model: MeshModel.PRIMARY_REMOTE } },
      "mesh.primary = undefined: a primary-remote mesh needs its primary",
    );
    fails(
      { gcp: [{ ...TWO_SITES.gcp![0], projectNumber: undefined }] },
      "mesh.meshId = undefined: the mesh id (proj-<project number> of my-project-123) must be known at synth",
    );
  });

  test("addresses: ranges given or a supernet; a supernet with room; ASNs distinct", () => {
    fails(
      { supernet: undefined },
      'aws[0].cidr = undefined: the VPC range of site aws is not given and the topology has no supernet to allocate it from; give aws[0].cidr, or set supernet (e.g. "10.0.0.0/8") and every range not given is planned from it.',
    );
    fails({ supernet: "10.0.0.0/17" }, 'supernet = "10.0.0.0/17": no free /16 is left in 10.0.0.0/17');
    fails(
      { aws: [{ ...TWO_SITES.aws![0], asn: 64600 }], gcp: [{ ...TWO_SITES.gcp![0], asn: 64600 }] },
      "gcp[0].asn = 64600: site aws uses this ASN too: BGP drops routes whose AS path holds the receiver's own ASN",
    );
  });
});
