import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { NetworkAcl, NetworkAclIngress } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclAssociation } from "@cdktf/provider-aws/lib/network-acl-association";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import * as fc from "fast-check";
import { AwsVpcModel, EPHEMERAL_PORTS, naclDenies, NaclRuleModel, NetworkModel } from "../../lib/topology";
import { synthError, topology } from "../topology/fixtures";
import { Cidr, TerraformModel } from "../../lib/core";

const ALL = { protocol: "-1", fromPort: 0, toPort: 0 };
const rule = (
  number: number,
  allow: boolean,
  cidr: string,
  protocol = "tcp",
  fromPort = 0,
  toPort = 65535,
): NaclRuleModel => ({
  element: undefined as unknown as NaclRuleModel["element"],
  number,
  allow,
  protocol,
  fromPort,
  toPort,
  cidr: Cidr.parse(cidr),
});

describe("naclDenies (stateless rules, first match wins, a final deny)", () => {
  const peer = Cidr.parse("10.1.0.0/20");

  test("allowed when allow rules cover every address and port before a deny matches", () => {
    expect(naclDenies([rule(100, true, "10.0.0.0/8")], peer, 15443, 15443)).toBeUndefined();
    expect(naclDenies([rule(100, true, "0.0.0.0/0", "-1", 0, 0)], peer, 1, 65535)).toBeUndefined();
    // Two halves of the range in two rules.
    expect(
      naclDenies([rule(100, true, "10.1.0.0/21"), rule(110, true, "10.1.8.0/21")], peer, 15443, 15443),
    ).toBeUndefined();
    // Two port ranges in two rules.
    expect(
      naclDenies(
        [
          rule(100, true, peer.toString(), "tcp", 32768, 40000),
          rule(110, true, "10.0.0.0/8", "6", 40001, 65535),
        ],
        peer,
        ...EPHEMERAL_PORTS,
      ),
    ).toBeUndefined();
  });

  test("the first matching rule decides: a deny numbered lower wins over a broader allow", () => {
    const deny = rule(90, false, "10.1.8.0/24", "tcp", 15443, 15443);
    expect(naclDenies([deny, rule(100, true, "0.0.0.0/0", "-1")], peer, 15443, 15443)).toBe(deny);
    // The same deny after the allow never matches.
    expect(naclDenies([rule(80, true, "0.0.0.0/0", "-1"), deny], peer, 15443, 15443)).toBeUndefined();
  });

  test("the final deny: part of the addresses or ports not allowed; other protocols ignored", () => {
    expect(naclDenies([rule(100, true, "10.1.0.0/21")], peer, 15443, 15443)).toBeNull();
    expect(
      naclDenies([rule(100, true, "10.0.0.0/8", "tcp", 32768, 50000)], peer, ...EPHEMERAL_PORTS),
    ).toBeNull();
    expect(naclDenies([rule(100, true, "10.0.0.0/8", "udp")], peer, 15443, 15443)).toBeNull();
    expect(
      naclDenies([rule(90, false, "10.0.0.0/8", "udp"), rule(100, true, "10.0.0.0/8")], peer, 53, 53),
    ).toBeUndefined();
    expect(naclDenies([], peer, 15443, 15443)).toBeNull();
  });

  test("property: agrees with evaluating every address and port one by one", () => {
    // A small space (10.0.0.0/28, ports 0..7) so that the brute force stays cheap.
    const base = Cidr.parse("10.0.0.0/28").network;
    const block = fc
      .tuple(fc.integer({ min: 28, max: 32 }), fc.integer({ min: 0, max: 15 }))
      .map(([len, i]) => {
        const size = 2 ** (32 - len);
        return Cidr.fromNumber(base + Math.floor(i / size) * size, len);
      });
    const aRule = fc.record({
      allow: fc.boolean(),
      cidr: block,
      protocol: fc.constantFrom("tcp", "6", "-1", "udp"),
      from: fc.integer({ min: 0, max: 7 }),
      span: fc.integer({ min: 0, max: 7 }),
    });
    fc.assert(
      fc.property(
        fc.array(aRule, { maxLength: 6 }),
        block,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (raw, peerBlock, a, b) => {
          const rules = raw.map((r, i) =>
            rule(100 + i, r.allow, r.cidr.toString(), r.protocol, r.from, Math.min(7, r.from + r.span)),
          );
          const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
          let allowed = true;
          for (let address = peerBlock.first; address <= peerBlock.last; address++) {
            for (let port = lo; port <= hi; port++) {
              const first = rules.find((r) => {
                const every = r.protocol === "-1";
                if (!every && r.protocol !== "tcp" && r.protocol !== "6") return false;
                const inPorts = every || (r.fromPort! <= port && port <= r.toPort!);
                return inPorts && r.cidr.containsAddress(address);
              });
              if (!first || !first.allow) allowed = false;
            }
          }
          expect(naclDenies(rules, peerBlock, lo, hi) === undefined).toBe(allowed);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("network ACLs in the analysis (stateless: requests one way, answers the other)", () => {
  test("the model reads aws_network_acl, its rules and associations, and the VPC's default ACL", () => {
    const { app, topology: t } = topology();
    const network = t.awsSites.aws.network;
    const acl = new NetworkAcl(network, "MeshAcl", {
      vpcId: network.vpcId,
      ingress: [{ ruleNo: 100, action: "allow", cidrBlock: "10.0.0.0/8", ...ALL }],
      tags: { Name: "mesh-acl" },
    });
    new NetworkAclRule(network, "MeshAclOut", {
      networkAclId: acl.id,
      ruleNumber: 100,
      egress: true,
      protocol: "-1",
      ruleAction: "allow",
      cidrBlock: "0.0.0.0/0",
    });
    network.privateSubnets.forEach(
      (s, i) =>
        new NetworkAclAssociation(network, `MeshAclSubnet${i}`, {
          networkAclId: acl.id,
          subnetId: s.subnetId,
        }),
    );
    // The default ACL, managed without rules, denies everything: the public subnets keep it.
    new DefaultNetworkAcl(network, "DefaultAcl", { defaultNetworkAclId: network.vpc.defaultNetworkAclId });
    expect(synthError(app)).toBe("");
    const model = new NetworkModel(TerraformModel.fromStacks(t.allStacks));
    const vpc = [...model.domains.values()].find((d): d is AwsVpcModel => d.kind === "aws")!;
    const summary = vpc.subnets.map((s) => [
      s.cidr?.toString(),
      s.networkAcl?.name,
      s.networkAcl?.ingress.length,
      s.networkAcl?.egress.length,
    ]);
    expect(summary).toEqual([
      ["10.0.0.0/19", "site-aws/Network/DefaultAcl", 0, 0],
      ["10.0.32.0/19", "site-aws/Network/DefaultAcl", 0, 0],
      ["10.0.64.0/19", "site-aws/Network/DefaultAcl", 0, 0],
      ["10.0.96.0/19", "mesh-acl", 1, 1],
      ["10.0.128.0/19", "mesh-acl", 1, 1],
      ["10.0.160.0/19", "mesh-acl", 1, 1],
    ]);
    const result = t.analyze();
    expect(result.ok).toBe(true);
    expect(result.paths.every((p) => p.status === "reachable")).toBe(true);
  });

  test("an ACL admitting only the VPC blocks the other site's requests, naming the ACL", () => {
    const { app, topology: t } = topology();
    const network = t.awsSites.aws.network;
    new NetworkAcl(network, "VpcOnly", {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnets.map((s) => s.subnetId),
      ingress: [{ ruleNo: 100, action: "allow", cidrBlock: "10.0.0.0/16", ...ALL }],
      egress: [{ ruleNo: 100, action: "allow", cidrBlock: "0.0.0.0/0", ...ALL }],
      tags: { Name: "vpc-only" },
    });
    const error = synthError(app);
    expect(error).toContain(
      'reachability = "gke-cluster -> aws-cluster 15443 (east-west gateway) from 10.1.0.0/20 (gke-cluster nodes)": blocked at network ACL vpc-only: no rule allows inbound tcp 15443 from 10.1.0.0/20 (requests to load balancer aws-cluster-mesh-gateway, subnet 10.0.96.0/19); the ACL\'s final rule denies it; allow inbound tcp 15443 from 10.1.0.0/20 in vpc-only, numbered below any deny rule that matches it (network ACLs are stateless: answers need 32768-60999 the other way).',
    );
    // The AWS side's own requests go out, but their answers cannot come back in.
    expect(error).toContain(
      "blocked at network ACL vpc-only: no rule allows inbound tcp 32768-60999 from 10.1.15.253/32 (answers to requests from",
    );
  });

  test("answers denied on the way out: a deny rule on the ephemeral ports, named by its number", () => {
    const { app, topology: t } = topology();
    const network = t.awsSites.aws.network;
    const allowAll: NetworkAclIngress = { ruleNo: 100, action: "allow", cidrBlock: "0.0.0.0/0", ...ALL };
    new NetworkAcl(network, "NoAnswers", {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnets.map((s) => s.subnetId),
      ingress: [allowAll],
      egress: [
        {
          ruleNo: 90,
          action: "deny",
          cidrBlock: "10.1.0.0/16",
          protocol: "tcp",
          fromPort: 32768,
          toPort: 65535,
        },
        allowAll,
      ],
      tags: { Name: "no-answers" },
    });
    expect(synthError(app)).toContain(
      'reachability = "gke-cluster -> aws-cluster 6443 (API server) from 10.1.0.0/20 (gke-cluster nodes)": blocked at network ACL no-answers, rule 90: rule 90 denies outbound tcp 32768-60999 to 10.1.0.0/20 (answers of requests to load balancer aws-cluster-api, subnet 10.0.96.0/19)',
    );
  });

  test("between the load balancer's subnets and its targets in other zones", () => {
    const { app, topology: t } = topology();
    const network = t.awsSites.aws.network;
    const [first] = network.privateSubnets;
    // Zone a's subnet admits the other site and its own range, not the other zones'.
    new NetworkAcl(network, "ZoneA", {
      vpcId: network.vpcId,
      subnetIds: [first.subnetId],
      ingress: [
        { ruleNo: 100, action: "allow", cidrBlock: "10.1.0.0/16", ...ALL },
        { ruleNo: 110, action: "allow", cidrBlock: first.cidr, ...ALL },
      ],
      egress: [{ ruleNo: 100, action: "allow", cidrBlock: "0.0.0.0/0", ...ALL }],
      tags: { Name: "zone-a" },
    });
    expect(synthError(app)).toMatch(
      /blocked at network ACL zone-a: no rule allows inbound tcp 32768-60999 from 10\.0\.128\.0\/19 \(answers to load balancer aws-cluster-\S+ to its targets in/,
    );
  });

  test("the VPC's default ACL managed without rules denies everything", () => {
    const { app, topology: t } = topology();
    const network = t.awsSites.aws.network;
    new DefaultNetworkAcl(network, "DefaultAcl", { defaultNetworkAclId: network.vpc.defaultNetworkAclId });
    expect(synthError(app)).toContain(
      'reachability = "gke-cluster -> aws-cluster 6443 (API server) from 10.1.0.0/20 (gke-cluster nodes)": blocked at network ACL site-aws/Network/DefaultAcl: no rule allows inbound tcp 6443 from 10.1.0.0/20 (requests to load balancer aws-cluster-api, subnet 10.0.96.0/19)',
    );
  });
});
