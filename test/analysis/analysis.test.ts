import { readFileSync } from "fs";
import * as path from "path";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeRouterPeer } from "@cdktf/provider-google/lib/compute-router-peer";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { analyze, ExplanationCode, FindingLevel, PathStatus } from "../../lib/topology";
import { synthError, THREE_SITES, topology } from "../topology/fixtures";
import { TerraformModel } from "../../lib/core";

describe("analysis of the default topology", () => {
  test("every gateway and API server reachable both ways; the full reachability table", () => {
    const { topology: t } = topology();
    const result = t.analyze();
    expect(result.ok).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.paths.map((p) => `${p.from} -> ${p.to} ${p.port} from ${p.source}: ${p.status}`)).toEqual([
      // The node subnets of the three zones behave alike (same security groups, identical routes).
      "aws-cluster -> gke-cluster 15443 from 10.0.96.0/19, 10.0.128.0/19, 10.0.160.0/19 (aws-cluster nodes, eu-west-1a, eu-west-1b, eu-west-1c): reachable",
      "aws-cluster -> gke-cluster 443 from 10.0.96.0/19, 10.0.128.0/19, 10.0.160.0/19 (aws-cluster nodes, eu-west-1a, eu-west-1b, eu-west-1c): reachable",
      "gke-cluster -> aws-cluster 15443 from 10.1.0.0/20 (gke-cluster nodes): reachable",
      "gke-cluster -> aws-cluster 15443 from 10.1.16.0/20 (gke-cluster pods): reachable",
      "gke-cluster -> aws-cluster 6443 from 10.1.0.0/20 (gke-cluster nodes): reachable",
      "gke-cluster -> aws-cluster 6443 from 10.1.16.0/20 (gke-cluster pods): reachable",
      // Terraform, running in the GCP site, reaches every API server the mesh stacks use.
      "Terraform -> aws-cluster 6443 from 10.1.0.0/20, 10.1.16.0/20 (Terraform): reachable",
      "Terraform -> gke-cluster 443 from 10.1.0.0/20, 10.1.16.0/20 (Terraform): reachable",
    ]);
  });

  test("where Terraform runs: outside every site it reaches GKE's public endpoint only; not given, a warning", () => {
    const outside = topology({ deployer: { cidrs: ["203.0.113.0/28"] } }).topology.analyze();
    expect(
      outside.paths
        .filter((p) => p.from === "Terraform")
        .map((p) => `${p.to}: ${p.status} ${p.reason ?? ""}`),
    ).toEqual([
      "aws-cluster: blocked it has no public endpoint: it is reached only from inside the hybrid network",
      "gke-cluster: reachable ",
    ]);
    expect(outside.findings).toContainEqual(
      expect.objectContaining({
        level: FindingLevel.ERROR,
        check: "deployer",
        fix: "run Terraform in a site (deployer.site), e.g. a CI runner in a VPC linked to the others",
      }),
    );
    const unknown = topology({ deployer: undefined }).topology.analyze();
    expect(unknown.ok).toBe(true);
    expect(unknown.findings).toEqual([
      expect.objectContaining({ level: FindingLevel.WARNING, check: "deployer", subject: "mesh stacks" }),
    ]);
  });

  test("a path names every hop: route table, tunnels, destination, and the way back", () => {
    const { topology: t } = topology();
    const p = t
      .analyze()
      .paths.find((x) => x.from === "gke-cluster" && x.port === 15443 && x.source.includes("pods"))!;
    expect(p.hops).toEqual([
      "from 10.1.16.0/20 (gke-cluster pods)",
      "gcp: VPC network gcp-vpc: 10.0.0.0/16 via BGP route learned by hybrid-link-gcp-aws-router (4 tunnels)",
      "4 tunnels (hybrid-link-gcp-aws-vpn-tunnel-1, hybrid-link-gcp-aws-vpn-tunnel-2, hybrid-link-gcp-aws-vpn-tunnel-3, hybrid-link-gcp-aws-vpn-tunnel-4)",
      "aws: VPC site-aws/Network/Resource (local 10.0.0.0/16)",
      "to 10.0.96.20:15443",
      "return: route tables site-aws/Network/PrivateSubnet1/RouteTable, site-aws/Network/PrivateSubnet2/RouteTable, site-aws/Network/PrivateSubnet3/RouteTable (identical routes): 10.1.16.0/20 -> VPN gateway (BGP, propagated)",
      "return: 4 tunnels (hybrid-link-gcp-aws-vpn-tunnel-1, hybrid-link-gcp-aws-vpn-tunnel-2, hybrid-link-gcp-aws-vpn-tunnel-3, hybrid-link-gcp-aws-vpn-tunnel-4)",
      "return: gcp: VPC network gcp-vpc, range gcp-vpc-europe-west1-pods (10.1.16.0/20)",
    ]);
    expect(p.destination).toBe("10.0.96.20 | 10.0.128.20 | 10.0.160.20");
  });

  test("it reads the synthesized files as well as the live stacks: the same result", () => {
    const { app, topology: t } = topology();
    app.synth();
    const live = t.analyze();
    const stacks: Record<string, unknown> = {};
    for (const s of t.allStacks)
      stacks[s.node.id] = JSON.parse(
        readFileSync(path.join(app.outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8"),
      );
    const fromFiles = analyze({ ...t.analysisInput(), model: TerraformModel.fromJson(stacks) });
    expect(JSON.parse(JSON.stringify(fromFiles))).toEqual(JSON.parse(JSON.stringify(live)));
  });

  test("three sites: AWS and on premises reach each other through GCP", () => {
    const { topology: t } = topology({}, THREE_SITES);
    const result = t.analyze();
    expect(result.ok).toBe(true);
    const p = result.paths.find((x) => x.from === "aws-cluster" && x.to === "dc-cluster")!;
    expect(p.status).toBe(PathStatus.REACHABLE);
    expect(
      p.hops.filter((h) => h.startsWith("gcp: VPC network gcp-vpc: 172.20.0.0/22 via BGP")),
    ).toHaveLength(1);
  });
});

describe("broken topologies fail synth, naming the hop that blocks", () => {
  test("overlapping ranges: refused in the spec with both props; found in the synthesized Terraform, once", () => {
    expect(() =>
      topology(
        {
          aws: [{ name: "aws", region: "eu-west-1", cidr: "10.0.0.0/16", cluster: { name: "aws-cluster" } }],
          onPremises: [
            {
              ...THREE_SITES.onPremises![0],
              ranges: ["10.0.128.0/24"],
              cluster: { name: "dc-cluster", apiServerAddress: "10.0.128.10", gatewayAddress: "10.0.128.50" },
            },
          ],
        },
        THREE_SITES,
      ),
    ).toThrow(
      'hybrid-mesh: hybrid (HybridTopology): onPremises[0].ranges[0] = "10.0.128.0/24": it overlaps aws[0].cidr (10.0.0.0/16): every range routed between sites must be unique',
    );
    // Through an escape hatch the AWS VPC moves onto the GCP subnet: the analysis names both.
    const { app, topology: t } = topology({}, THREE_SITES);
    t.awsSites.aws.network.vpc.addOverride("cidr_block", "10.1.0.0/16");
    expect(t.analyze(undefined).findings).toContainEqual(
      expect.objectContaining({
        level: FindingLevel.ERROR,
        check: "address-plan",
        rule: "routed ranges of two sites overlap (10.1.0.0/16 and 10.1.0.0/20): traffic for the shared addresses cannot be routed to both",
      }),
    );
    // One root cause, one kind of error: no unreachable path is reported over the broken plan.
    const error = synthError(app);
    expect(error).toContain("address-plan");
    expect(error).not.toContain("reachability");
  });

  test("a range in 172.17.0.0/16 (Docker's bridge): refused in the spec, found in the synthesized Terraform", () => {
    expect(() =>
      topology(
        {
          onPremises: [
            {
              ...THREE_SITES.onPremises![0],
              ranges: ["172.17.4.0/24"],
              cluster: { name: "dc-cluster", apiServerAddress: "172.17.4.10", gatewayAddress: "172.17.4.50" },
            },
          ],
        },
        THREE_SITES,
      ),
    ).toThrow(
      'onPremises[0].ranges[0] = "172.17.4.0/24": an on-premises range must not overlap 172.17.0.0/16 (Docker\'s default bridge, used on nodes and by some AWS services)',
    );
    // Through an escape hatch, the analysis still sees it.
    const { app, topology: t } = topology({}, THREE_SITES);
    t.awsSites.aws.network.vpc.addOverride("cidr_block", "172.17.0.0/16");
    expect(synthError(app)).toContain(
      "172.17.0.0/16 overlaps 172.17.0.0/16 (Docker's default bridge, used on nodes and by some AWS services)",
    );
  });

  test("a cluster-internal range hiding a routed range: AWS pods over an on-premises LAN", () => {
    const { app } = topology(
      {
        aws: [
          { name: "aws", region: "eu-west-1", cluster: { name: "aws-cluster", podCidr: "192.168.0.0/16" } },
        ],
        onPremises: [
          {
            ...THREE_SITES.onPremises![0],
            ranges: ["192.168.10.0/24"],
            cluster: {
              name: "dc-cluster",
              apiServerAddress: "192.168.10.10",
              gatewayAddress: "192.168.10.50",
            },
          },
        ],
      },
      THREE_SITES,
    );
    expect(synthError(app)).toContain(
      "the cluster-internal range 192.168.0.0/16 overlaps dc LAN 192.168.10.0/24: the cluster would keep that traffic inside instead of routing it",
    );
  });

  test("a missing route: the Cloud Router stops advertising the GKE control plane, so AWS has no route to the API server", () => {
    const { app, topology: t } = topology();
    t.links["gcp-aws"].router!.resource.addOverride("bgp.advertised_ip_ranges", []);
    const error = synthError(app);
    expect(error).toContain(
      'reachability = "aws-cluster -> gke-cluster 443 (API server) from 10.0.96.0/19, 10.0.128.0/19, 10.0.160.0/19 (aws-cluster nodes, eu-west-1a, eu-west-1b, eu-west-1c)": blocked at route tables site-aws/Network/PrivateSubnet1/RouteTable, site-aws/Network/PrivateSubnet2/RouteTable, site-aws/Network/PrivateSubnet3/RouteTable (identical routes): the route for 10.1.48.0/28 is 0.0.0.0/0 via the NAT gateway, not the VPN; add 10.1.48.0/28 (gke-cluster control plane) to the VPN\'s routed ranges: LinkSpec.additionalRanges of the link between gcp and aws, or AwsHaVpn.gcpRanges (the Cloud Router advertises them over BGP and the route tables learn them by propagation).',
    );
    expect(t.analyze().paths.find((p) => p.status === PathStatus.BLOCKED)?.code).toBe(
      ExplanationCode.ROUTE_TO_WRONG_TARGET,
    );
    // The gateways still work.
    expect(error).not.toContain("15443");
  });

  test("a missing route back: the VPC does not export its routes to the GKE control plane's peering", () => {
    const { app, topology: t } = topology();
    t.gcpSites.gcp.cluster.controlPlaneRouteExport!.addOverride("export_custom_routes", false);
    expect(synthError(app)).toContain(
      "blocked at VPC peering of gke-cluster's control plane: the VPC does not export its custom routes to the control plane's network, so the answer has no route back across the VPN",
    );
  });

  test("a firewall rule denying 15443 from AWS", () => {
    const { app, topology: t } = topology();
    const network = t.gcpSites.gcp.network;
    new ComputeFirewall(network, "DenyMesh", {
      name: "deny-mesh-from-aws",
      project: network.project,
      network: network.networkId,
      direction: "INGRESS",
      priority: 100,
      sourceRanges: ["10.0.0.0/16"],
      deny: [{ protocol: "tcp", ports: ["15443"] }],
    });
    const error = synthError(app);
    expect(error).toContain(
      'reachability = "aws-cluster -> gke-cluster 15443 (east-west gateway) from 10.0.96.0/19, 10.0.128.0/19, 10.0.160.0/19 (aws-cluster nodes, eu-west-1a, eu-west-1b, eu-west-1c)": blocked at firewall rule deny-mesh-from-aws (priority 100): it denies tcp 15443 from 10.0.96.0/19 to the nodes of gke-cluster (tags gke-cluster-node)',
    );
    expect(error).not.toContain("443 (API server)");
  });

  test("a security group no longer admitting 6443 from GCP", () => {
    const { app, topology: t } = topology();
    const lbGroup = t.awsSites.aws.controlPlane.loadBalancerSecurityGroup;
    for (const rule of lbGroup.node.findAll())
      if (rule instanceof VpcSecurityGroupIngressRule) rule.addOverride("cidr_ipv4", "192.0.2.0/24");
    const error = synthError(app);
    expect(error).toContain(
      'reachability = "gke-cluster -> aws-cluster 6443 (API server) from 10.1.16.0/20 (gke-cluster pods)": blocked at security group aws-cluster-api-load-balancer of load balancer aws-cluster-api: no ingress rule admits tcp 6443 from 10.1.16.0/20',
    );
  });

  test("the master authorized networks of GKE without the AWS VPC", () => {
    const { app, topology: t } = topology();
    t.gcpSites.gcp.cluster.cluster.putMasterAuthorizedNetworksConfig({
      cidrBlocks: [{ cidrBlock: "10.1.0.0/20", displayName: "nodes" }],
    });
    expect(synthError(app)).toContain(
      "blocked at master authorized networks of gke-cluster: they admit 10.1.0.0/20, not 10.0.96.0/19",
    );
  });

  test("an on-premises firewall that does not admit AWS", () => {
    const { app } = topology(
      { onPremises: [{ ...THREE_SITES.onPremises![0], acceptsFrom: ["10.1.0.0/16"] }] },
      THREE_SITES,
    );
    expect(synthError(app)).toContain(
      "blocked at dc's firewall: it admits 10.1.0.0/16 from the VPN, not 10.0.96.0/19",
    );
  });

  test("two tunnels to AWS on one HA VPN interface: 99.9 % and no path survives that interface", () => {
    const { app } = topology({ links: [{ between: "gcp", and: "aws", tunnels: 2 }] });
    const error = synthError(app);
    expect(error).toContain(
      'sla = "link gcp <-> aws": the link reaches 99.9% only: its 2 tunnel(s) use HA VPN interface 0 only; use 4 tunnels (both HA VPN interfaces) with BGP on each.',
    );
    expect(error).toContain(
      "the path does not survive the loss of HA VPN interface 0 of hybrid-link-gcp-aws-vpn-gateway",
    );
  });

  test("a single tunnel to AWS (the other's BGP session disabled): its loss breaks every path", () => {
    const { app, topology: t } = topology({ links: [{ between: "gcp", and: "aws", tunnels: 2 }] });
    const [, second] = t.links["gcp-aws"].vpn.node
      .findAll()
      .filter((c) => c instanceof ComputeRouterPeer) as ComputeRouterPeer[];
    second.addOverride("enable", false);
    const error = synthError(app);
    expect(error).toContain(
      "its 2 tunnel(s) use HA VPN interface 0 only; 1 of 2 tunnel(s) without a BGP session that can come up",
    );
    // A disabled session is a choice, not a misconfiguration: no BGP finding, one session fewer.
    expect(error).not.toContain("bgp =");
    expect(t.analyze().links[0].bgpSessions).toBe(1);
    expect(error).toContain("the path does not survive the loss of AWS tunnel 1 of");
    expect(error).toContain("or tunnel hybrid-link-gcp-aws-vpn-tunnel-1");
  });

  test("single failures can be reported as warnings instead", () => {
    const { app, topology: t } = topology({
      links: [{ between: "gcp", and: "aws", tunnels: 2 }],
      analysis: { singleFailures: FindingLevel.WARNING },
    });
    expect(synthError(app)).toBe("");
    const result = t.analyze();
    expect(result.ok).toBe(true);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.level === FindingLevel.WARNING)).toBe(true);
  });

  test("the report is written even when synth fails, with the blocking hop in the table", () => {
    const { app, topology: t } = topology();
    t.links["gcp-aws"].router!.resource.addOverride("bgp.advertised_ip_ranges", []);
    synthError(app);
    const report = readFileSync(path.join(t.reportDirectory(app.outdir), "analysis.md"), "utf8");
    expect(report).toContain("- Result: **FAIL**");
    expect(report).toContain(
      "| aws-cluster | gke-cluster | API server | 443 | 10.0.96.0/19, 10.0.128.0/19, 10.0.160.0/19 (aws-cluster nodes, eu-west-1a, eu-west-1b, eu-west-1c) | private endpoint of gke-cluster (10.1.48.0/28) | blocked | ROUTE_TO_WRONG_TARGET | route tables site-aws/Network/PrivateSubnet1/RouteTable, site-aws/Network/PrivateSubnet2/RouteTable, site-aws/Network/PrivateSubnet3/RouteTable (identical routes) |  |",
    );
  });
});
