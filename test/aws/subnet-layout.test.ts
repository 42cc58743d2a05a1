import {
  defaultSubnetPrefixLength,
  isSubnetLayoutProblem,
  layoutSubnets,
  NatGatewayMode,
  SubnetLayoutRequest,
} from "../../lib/aws/subnet-layout";

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function request(overrides: Partial<SubnetLayoutRequest> = {}): SubnetLayoutRequest {
  return {
    vpcCidr: "10.10.0.0/16",
    zones: ZONES,
    natGateways: NatGatewayMode.ONE_PER_AZ,
    publicSubnets: { prefixLength: 19 },
    privateSubnets: { prefixLength: 19 },
    ...overrides,
  };
}

function layout(overrides: Partial<SubnetLayoutRequest> = {}) {
  const result = layoutSubnets(request(overrides));
  if (isSubnetLayoutProblem(result)) throw new Error(`unexpected problem: ${result.problem.rule}`);
  return result;
}

describe("subnet layout (pure)", () => {
  test("the default prefix splits the VPC evenly between every subnet, never shorter than /16", () => {
    expect(defaultSubnetPrefixLength("10.10.0.0/16", 3, 2)).toBe(19);
    expect(defaultSubnetPrefixLength("10.10.0.0/16", 3, 1)).toBe(18);
    expect(defaultSubnetPrefixLength("10.0.0.0/8", 1, 1)).toBe(16);
  });

  test("public subnets first at equal size, then private, in zone order", () => {
    const l = layout();
    expect(l.zones).toEqual(ZONES);
    expect(l.publicCidrs).toEqual(["10.10.0.0/19", "10.10.32.0/19", "10.10.64.0/19"]);
    expect(l.privateCidrs).toEqual(["10.10.96.0/19", "10.10.128.0/19", "10.10.160.0/19"]);
  });

  test("larger subnets are packed first; given ranges are kept and packed around", () => {
    expect(
      layout({ publicSubnets: { prefixLength: 24 }, privateSubnets: { prefixLength: 18 } }),
    ).toMatchObject({
      privateCidrs: ["10.10.0.0/18", "10.10.64.0/18", "10.10.128.0/18"],
      publicCidrs: ["10.10.192.0/24", "10.10.193.0/24", "10.10.194.0/24"],
    });
    const given = ["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"];
    expect(layout({ privateSubnets: { prefixLength: 19, cidrs: given } })).toMatchObject({
      privateCidrs: given,
      publicCidrs: ["10.10.64.0/19", "10.10.96.0/19", "10.10.128.0/19"],
    });
  });

  test("NAT gateways: in every zone, in the first, or none; never without public subnets", () => {
    expect(layout().natGatewayZones).toEqual([0, 1, 2]);
    expect(layout({ natGateways: NatGatewayMode.SINGLE }).natGatewayZones).toEqual([0]);
    expect(layout({ natGateways: NatGatewayMode.NONE }).natGatewayZones).toEqual([]);
    const privateOnly = layout({ natGateways: NatGatewayMode.NONE, publicSubnets: undefined });
    expect(privateOnly.publicCidrs).toEqual([]);
    expect(privateOnly.natGatewayZones).toEqual([]);
  });

  test("subnets that do not fit, or overlap, are a problem naming the property", () => {
    expect(layoutSubnets(request({ vpcCidr: "10.10.0.0/24", publicSubnets: { prefixLength: 24 } }))).toEqual({
      property: "cidr",
      value: "10.10.0.0/24",
      problem: {
        rule: "10.10.0.0/24 is too small for 3 public and 3 private subnets (/24 and /19)",
        fix: "use a larger VPC range, fewer zones, or longer subnet prefixes",
      },
    });
    expect(
      layoutSubnets(
        request({
          privateSubnets: { prefixLength: 19, cidrs: ["10.10.0.0/20", "10.10.0.0/21", "10.10.32.0/20"] },
        }),
      ),
    ).toMatchObject({
      property: "privateSubnetCidrs[1]",
      value: "10.10.0.0/21",
      problem: { rule: "subnets must not overlap, and it overlaps privateSubnetCidrs[0] (10.10.0.0/20)" },
    });
  });
});
