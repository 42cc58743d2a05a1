import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Testing } from "cdktf";
import { TerraformVariable } from "cdktf";
import { AwsNetwork, AwsNetworkProps, FlowLogDestination, NatGatewayMode } from "../../lib/aws";
import { awsStack, byPath, ofType, refOf, synthJson, failsWith } from "../util";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function build(props: Partial<AwsNetworkProps> = {}) {
  const stack = awsStack("net");
  const network = new AwsNetwork(stack, "Network", {
    cidr: "10.10.0.0/16",
    availabilityZones: AZS,
    ...props,
  });
  return { stack, network, json: () => synthJson(stack) };
}

describe("AwsNetwork", () => {
  describe("subnets", () => {
    test("split the VPC evenly: a public and a private /19 per zone, public first", () => {
      const { json, network } = build();
      const subnets = ofType(json(), "aws_subnet");
      expect(subnets).toHaveLength(6);
      AZS.forEach((az, i) => {
        expect(byPath(json(), "aws_subnet", `PublicSubnet${i + 1}`)).toMatchObject({
          availability_zone: az,
          cidr_block: `10.10.${i * 32}.0/19`,
          map_public_ip_on_launch: false,
          tags: expect.objectContaining({ "kubernetes.io/role/elb": "1" }),
        });
        expect(byPath(json(), "aws_subnet", `PrivateSubnet${i + 1}`)).toMatchObject({
          availability_zone: az,
          cidr_block: `10.10.${(i + 3) * 32}.0/19`,
          map_public_ip_on_launch: false,
          tags: expect.objectContaining({ "kubernetes.io/role/internal-elb": "1" }),
        });
      });
      expect(network.privateSubnets.map((s) => s.cidr)).toEqual([
        "10.10.96.0/19",
        "10.10.128.0/19",
        "10.10.160.0/19",
      ]);
      expect(network.privateSubnets.map((s) => s.zoneIndex)).toEqual([0, 1, 2]);
    });

    test("given prefix lengths are packed largest first without gaps", () => {
      const { network } = build({ privateSubnetPrefixLength: 18, publicSubnetPrefixLength: 24 });
      expect(network.privateSubnets.map((s) => s.cidr)).toEqual([
        "10.10.0.0/18",
        "10.10.64.0/18",
        "10.10.128.0/18",
      ]);
      expect(network.publicSubnets.map((s) => s.cidr)).toEqual([
        "10.10.192.0/24",
        "10.10.193.0/24",
        "10.10.194.0/24",
      ]);
    });

    test("given ranges are used as they are, and the other tier is carved around them", () => {
      const { network } = build({ privateSubnetCidrs: ["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"] });
      expect(network.privateSubnets.map((s) => s.cidr)).toEqual([
        "10.10.0.0/20",
        "10.10.16.0/20",
        "10.10.32.0/20",
      ]);
      expect(network.publicSubnets.map((s) => s.cidr)).toEqual([
        "10.10.64.0/19",
        "10.10.96.0/19",
        "10.10.128.0/19",
      ]);
    });

    test("without a zone list, zones are the region's own and zoneCount picks how many", () => {
      // ca-central-1 has zones a, b and d: never "<region>c" by assumption.
      const { json, network } = build({ availabilityZones: undefined, region: "ca-central-1", zoneCount: 3 });
      expect(network.availabilityZones).toEqual(["ca-central-1a", "ca-central-1b", "ca-central-1d"]);
      expect(json().data?.aws_availability_zones).toBeUndefined();
      // The region of the stack's provider (eu-west-1) when none is given.
      expect(build({ availabilityZones: undefined, zoneCount: 2 }).network.availabilityZones).toEqual([
        "eu-west-1a",
        "eu-west-1b",
      ]);
    });

    test("where zone letters differ per account (us-west-1), zones are looked up at plan time", () => {
      const { json } = build({ availabilityZones: undefined, region: "us-west-1", zoneCount: 2 });
      const j = json();
      expect(Object.keys(j.data.aws_availability_zones)).toHaveLength(1);
      expect(ofType(j, "aws_subnet")).toHaveLength(4);
      expect(byPath(j, "aws_subnet", "PrivateSubnet2").availability_zone).toMatch(
        /^\$\{element\(data\.aws_availability_zones\.[^.]+\.names, 1\)\}$/,
      );
    });
  });

  describe("routing", () => {
    test("each private subnet has its own route table, routed to the NAT gateway of its own zone", () => {
      const { json } = build();
      const j = json();
      expect(ofType(j, "aws_nat_gateway")).toHaveLength(3);
      for (let i = 1; i <= 3; i++) {
        const table = refOf(j, "aws_route_table", `PrivateSubnet${i}/RouteTable`);
        const route = byPath(j, "aws_route", `PrivateSubnet${i}/DefaultRoute`);
        expect(route).toMatchObject({
          route_table_id: table,
          destination_cidr_block: "0.0.0.0/0",
          nat_gateway_id: refOf(j, "aws_nat_gateway", `PublicSubnet${i}/NatGateway`),
        });
        expect(byPath(j, "aws_nat_gateway", `PublicSubnet${i}/NatGateway`).subnet_id).toBe(
          refOf(j, "aws_subnet", `PublicSubnet${i}`),
        );
        expect(
          byPath(j, "aws_route_table_association", `PrivateSubnet${i}/RouteTableAssociation`),
        ).toMatchObject({
          subnet_id: refOf(j, "aws_subnet", `PrivateSubnet${i}`),
          route_table_id: table,
        });
      }
    });

    test("NatGatewayMode.SINGLE routes every private subnet through one gateway", () => {
      const j = build({ natGateways: NatGatewayMode.SINGLE }).json();
      const gateways = ofType(j, "aws_nat_gateway");
      expect(gateways).toHaveLength(1);
      const targets = ofType(j, "aws_route")
        .filter((r) => r.nat_gateway_id)
        .map((r) => r.nat_gateway_id);
      expect(targets).toHaveLength(3);
      expect(new Set(targets).size).toBe(1);
    });

    test("NatGatewayMode.NONE leaves private subnets without a default route, and says so", () => {
      const { network, json } = build({ natGateways: NatGatewayMode.NONE });
      expect(ofType(json(), "aws_nat_gateway")).toHaveLength(0);
      expect(ofType(json(), "aws_route").filter((r) => r.nat_gateway_id)).toHaveLength(0);
      expect(network.node.metadata.map((m) => String(m.data))).toContainEqual(
        expect.stringContaining("no NAT gateway: private subnets cannot reach the internet"),
      );
    });

    test("publicSubnets: false creates no public subnet, internet gateway or NAT", () => {
      const j = build({ publicSubnets: false }).json();
      expect(ofType(j, "aws_internet_gateway")).toHaveLength(0);
      expect(ofType(j, "aws_subnet")).toHaveLength(3);
      expect(ofType(j, "aws_nat_gateway")).toHaveLength(0);
    });

    test("the public route table sends 0.0.0.0/0 to the internet gateway", () => {
      const j = build().json();
      expect(byPath(j, "aws_route", "PublicDefaultRoute")).toMatchObject({
        destination_cidr_block: "0.0.0.0/0",
        gateway_id: refOf(j, "aws_internet_gateway", "InternetGateway"),
      });
    });
  });

  describe("security defaults", () => {
    test("the default security group is managed with no rules", () => {
      const j = build().json();
      expect(ofType(j, "aws_default_security_group")).toEqual([
        expect.objectContaining({ ingress: [], egress: [], vpc_id: refOf(j, "aws_vpc", "Network") }),
      ]);
    });

    test("flow logs go to CloudWatch Logs for 365 days through a role limited to that log group", () => {
      const { stack, json } = build();
      const j = json();
      expect(Testing.synth(stack)).toHaveResourceWithProperties(FlowLog, { traffic_type: "ALL" });
      const group = byPath(j, "aws_cloudwatch_log_group", "FlowLogs/LogGroup");
      expect(group.retention_in_days).toBe(365);
      expect(byPath(j, "aws_flow_log", "FlowLogs")).toMatchObject({
        vpc_id: refOf(j, "aws_vpc", "Network"),
        traffic_type: "ALL",
        max_aggregation_interval: 600,
        log_destination_type: "cloud-watch-logs",
        log_destination: refOf(j, "aws_cloudwatch_log_group", "FlowLogs/LogGroup", "arn"),
        iam_role_arn: refOf(j, "aws_iam_role", "FlowLogs/Role", "arn"),
      });
      const policy = byPath(j, "aws_iam_role_policy", "FlowLogs/Policy").policy;
      expect(policy).toContain("logs:PutLogEvents");
      expect(policy).toContain("aws_cloudwatch_log_group.");
      expect(policy).not.toContain('"*"');
      expect(byPath(j, "aws_iam_role", "FlowLogs/Role").assume_role_policy).toContain(
        "vpc-flow-logs.amazonaws.com",
      );
    });

    test("flow logs can go to S3 without a role", () => {
      const j = build({ flowLogs: { destination: FlowLogDestination.s3("arn:aws:s3:::logs/vpc/") } }).json();
      expect(byPath(j, "aws_flow_log", "FlowLogs")).toMatchObject({
        log_destination_type: "s3",
        log_destination: "arn:aws:s3:::logs/vpc/",
      });
      expect(ofType(j, "aws_iam_role")).toHaveLength(0);
    });

    test("turning flow logs off is possible, with a warning", () => {
      const { network, json } = build({ flowLogs: { enabled: false } });
      expect(ofType(json(), "aws_flow_log")).toHaveLength(0);
      expect(
        network.node.metadata.some(
          (m) => m.type === "@cdktf/warn" && String(m.data).includes("flow logs are disabled"),
        ),
      ).toBe(true);
    });

    test("every resource is tagged managed-by=hybrid-mesh", () => {
      const j = build().json();
      for (const type of [
        "aws_vpc",
        "aws_subnet",
        "aws_nat_gateway",
        "aws_route_table",
        "aws_flow_log",
        "aws_cloudwatch_log_group",
      ]) {
        for (const r of ofType(j, type)) expect(r.tags["managed-by"]).toBe("hybrid-mesh");
      }
    });
  });

  describe("bad input", () => {
    const fails = failsWith((props: Partial<AwsNetworkProps>) => build(props));

    test("a VPC CIDR outside /16-/28", () => {
      fails(
        { cidr: "10.0.0.0/8" },
        'hybrid-mesh: net/Network (AwsNetwork): cidr = "10.0.0.0/8": an AWS VPC CIDR must be between /16 and /28; use a smaller range, e.g. "10.0.0.0/16".',
      );
      fails(
        { cidr: "10.0.0.0/29" },
        'cidr = "10.0.0.0/29": an AWS VPC CIDR must be between /16 and /28; use a larger range, e.g. "10.0.0.0/28".',
      );
    });

    test("a malformed CIDR", () => {
      fails(
        { cidr: "10.0.0.1/16" },
        'cidr = "10.0.0.1/16": a CIDR block\'s address must be the first address of the block',
      );
    });

    test("a VPC in link-local or Docker's bridge range", () => {
      fails(
        { cidr: "172.17.0.0/16" },
        'cidr = "172.17.0.0/16": 169.254.0.0/16 (link-local: tunnels, BGP, instance metadata) and 172.17.0.0/16',
      );
      fails({ cidr: "169.254.0.0/16" }, "must not be used for a VPC");
    });

    test("a VPC too small for the requested subnets", () => {
      fails(
        { cidr: "10.0.0.0/24", privateSubnetPrefixLength: 25 },
        'cidr = "10.0.0.0/24": 10.0.0.0/24 is too small for 3 public and 3 private subnets (/27 and /25); use a larger VPC range',
      );
    });

    test("subnet ranges that do not match the zones", () => {
      fails(
        { privateSubnetCidrs: ["10.10.0.0/20", "10.10.16.0/20"] },
        'privateSubnetCidrs = ["10.10.0.0/20","10.10.16.0/20"]: one subnet per availability zone is needed: 3 zones, 2 ranges; give 3 ranges, in zone order.',
      );
    });

    test("a subnet outside the VPC, and overlapping subnets", () => {
      fails(
        { privateSubnetCidrs: ["10.10.0.0/20", "10.11.0.0/20", "10.10.32.0/20"] },
        'privateSubnetCidrs[1] = "10.11.0.0/20": a subnet must lie inside the VPC range 10.10.0.0/16',
      );
      fails(
        { privateSubnetCidrs: ["10.10.0.0/20", "10.10.0.0/21", "10.10.32.0/20"] },
        'privateSubnetCidrs[1] = "10.10.0.0/21": subnets must not overlap, and it overlaps privateSubnetCidrs[0] (10.10.0.0/20); give disjoint ranges.',
      );
    });

    test("zone names that are not zones, of two regions, of another region, or repeated", () => {
      fails(
        { availabilityZones: ["eu-west-1a", "west"] },
        'availabilityZones[1] = "west": an availability zone name is a region name followed by a letter, e.g. "eu-west-1a"; use a zone of eu-west-1, e.g. "eu-west-1a".',
      );
      fails(
        { availabilityZones: ["eu-west-1a", "us-east-1b"] },
        'availabilityZones[1] = "us-east-1b": the zone is in us-east-1, not in the region eu-west-1',
      );
      fails(
        { availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
        'availabilityZones[0] = "us-east-1a": the zone is in us-east-1, not in the region eu-west-1; use zones of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c.',
      );
      fails(
        { availabilityZones: ["eu-west-1a", "eu-west-1z"] },
        'availabilityZones[1] = "eu-west-1z": eu-west-1 has no zone "eu-west-1z" (its zones are eu-west-1a, eu-west-1b, eu-west-1c); use one of them.',
      );
      fails(
        {
          region: "ap-northeast-1",
          availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1z"],
        },
        'availabilityZones[2] = "ap-northeast-1z": ap-northeast-1 has no zone "ap-northeast-1z"',
      );
      fails({ availabilityZones: ["eu-west-1a", "eu-west-1a"] }, "each availability zone may appear once");
      fails({ availabilityZones: [] }, "an AWS network uses 1 to 6 availability zones");
    });

    test("a region that is not one", () => {
      fails(
        { region: "us-east-9", availabilityZones: undefined },
        'region = "us-east-9": an AWS region is one of AWS\'s region names, e.g. "eu-west-1" or "us-east-2"; did you mean "us-east-1" or "us-east-2"?',
      );
    });

    test("zoneCount that disagrees with the zones, or out of range", () => {
      fails({ zoneCount: 2 }, "zoneCount = 2: zoneCount must match the 3 availabilityZones given");
      fails(
        { availabilityZones: undefined, zoneCount: 4 },
        "zoneCount = 4: the number of availability zones (eu-west-1 has 3) is a whole number from 1 to 3; use at most 3.",
      );
      fails(
        { availabilityZones: undefined, region: "us-west-1", zoneCount: 3 },
        "zoneCount = 3: the number of availability zones (us-west-1 has 2) is a whole number from 1 to 2; use at most 2.",
      );
    });

    test("NAT gateways without public subnets", () => {
      fails(
        { publicSubnets: false, natGateways: NatGatewayMode.ONE_PER_AZ },
        'natGateways = "one-per-az": NAT gateways live in public subnets, and publicSubnets is false',
      );
    });

    test("a bad flow log retention", () => {
      fails(
        { flowLogs: { destination: FlowLogDestination.cloudWatchLogs({ retentionDays: 10 }) } },
        "flowLogs.destination.retentionDays = 10: a CloudWatch Logs retention must be one of 0, 1, 3, 5, 7, 14, 30",
      );
    });
  });

  test("a VPC range or zone list known only at deploy time is refused, saying why", () => {
    const stack = awsStack();
    const zones = new TerraformVariable(stack, "zones", { type: "list(string)" });
    const cidr = new TerraformVariable(stack, "cidr", { type: "string" });
    expect(
      () => new AwsNetwork(stack, "N", { cidr: "10.0.0.0/16", availabilityZones: zones.listValue }),
    ).toThrow(
      "availabilityZones must be a literal value, not a reference known only at deploy time: one subnet is planned per zone at synth (use zoneCount to look the zones up at plan time); pass the value itself.",
    );
    expect(() => new AwsNetwork(stack, "M", { cidr: cidr.stringValue, availabilityZones: AZS })).toThrow(
      "cidr must be a literal value, not a reference known only at deploy time: it is split into subnets at synth",
    );
  });
});
