import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  arrayOf,
  AWS_PROVIDER,
  awsNameTag,
  bool,
  check,
  checkCidr,
  checkCidrPrefix,
  checkEach,
  Cidr,
  cidrKind,
  cidrsKind,
  constructId,
  countBetween,
  enumOf,
  fail,
  instanceOf,
  int,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  obj,
  Problem,
  req,
  requireLiteral,
  requireProvider,
  Shape,
  str,
  Tags,
  validateShape,
} from "../core";
import { networkZones } from "./availability-zones";
import { FlowLogDestination, FlowLogOptions, VpcFlowLogs } from "./flow-logs";
import { AwsSubnet, IAwsNetwork } from "./interfaces";
import {
  defaultSubnetPrefixLength,
  isSubnetLayoutProblem,
  layoutSubnets,
  NatGatewayMode,
  SubnetLayout,
  SubnetTier,
} from "./subnet-layout";

// NatGatewayMode is part of the network's props; it lives with the subnet layout, which is pure.
export { NatGatewayMode };

/** Properties of an {@link AwsNetwork}. */
export interface AwsNetworkProps {
  /**
   * IPv4 range of the VPC, /16 to /28.
   *
   * Required: in a hybrid topology every range routed between sites must be unique, so there is
   * no safe default. Avoid 172.17.0.0/16 (Docker's bridge) and 169.254.0.0/16.
   */
  readonly cidr: string;
  /**
   * The AWS region of the network: zones are checked against it, and the default zones are its
   * own (e.g. ap-northeast-1a, -1c and -1d).
   *
   * @default - the region of the stack's AWS provider, when there is one with a literal region
   */
  readonly region?: string;
  /**
   * Availability zones to use, in order (e.g. `["eu-west-1a", "eu-west-1b", "eu-west-1c"]`).
   * Each gets one public and one private subnet.
   *
   * @default - the region's first `zoneCount` zones (from hybrid-mesh's table of AWS regions); in
   * regions whose zone letters differ per account (us-east-1, us-west-1, ap-northeast-1) or when
   * the region is not known at synth, the first `zoneCount` available zones looked up at plan time
   */
  readonly availabilityZones?: string[];
  /**
   * How many zones to use when `availabilityZones` is not given (1 to 6).
   *
   * @default 3
   */
  readonly zoneCount?: number;
  /**
   * Prefix length of each private subnet (/16 to /28), packed into the VPC range.
   *
   * @default - the VPC range split evenly between all public and private subnets (a /19 each for a /16 and 3 zones)
   */
  readonly privateSubnetPrefixLength?: number;
  /**
   * Prefix length of each public subnet (/16 to /28), packed into the VPC range.
   *
   * @default - the same size as the private subnets
   */
  readonly publicSubnetPrefixLength?: number;
  /**
   * Explicit private subnet ranges, one per zone, in zone order; overrides `privateSubnetPrefixLength`.
   *
   * @default - carved from `cidr`
   */
  readonly privateSubnetCidrs?: string[];
  /**
   * Explicit public subnet ranges, one per zone, in zone order; overrides `publicSubnetPrefixLength`.
   *
   * @default - carved from `cidr`
   */
  readonly publicSubnetCidrs?: string[];
  /**
   * Whether to create public subnets and an internet gateway. Without them the VPC is reachable
   * only through the VPN (and `natGateways` must be `NONE`).
   *
   * @default true
   */
  readonly publicSubnets?: boolean;
  /**
   * NAT gateways for the private subnets' internet egress.
   *
   * @default NatGatewayMode.ONE_PER_AZ
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * VPC flow logs.
   *
   * @default - all traffic to a CloudWatch Logs group kept 365 days
   */
  readonly flowLogs?: FlowLogOptions;
}

const FLOW_LOG_OPTIONS: Shape<FlowLogOptions> = {
  enabled: bool(),
  destination: instanceOf(FlowLogDestination, "FlowLogDestination.cloudWatchLogs()"),
  trafficType: str("traffic type", '"ALL"'),
  maxAggregationIntervalSeconds: int("interval in seconds", "600"),
};

const PROPS: Shape<AwsNetworkProps> = {
  cidr: req(cidrKind()),
  region: str("AWS region", '"eu-west-1"'),
  availabilityZones: arrayOf(str("availability zone name", '"eu-west-1a"')),
  zoneCount: int(),
  privateSubnetPrefixLength: int("prefix length", "19"),
  publicSubnetPrefixLength: int("prefix length", "24"),
  privateSubnetCidrs: cidrsKind(),
  publicSubnetCidrs: cidrsKind(),
  publicSubnets: bool(),
  natGateways: enumOf(NatGatewayMode, "NatGatewayMode"),
  flowLogs: obj(FLOW_LOG_OPTIONS, "flow log options", "{ enabled: true }"),
};

/**
 * A VPC for one AWS site of a hybrid topology: public and private subnets in each availability
 * zone, carved deterministically from the VPC range (the subnet layout, subnet-layout.ts); an internet
 * gateway; NAT gateways (one per zone by default); one route table per private subnet routed to
 * its own zone's NAT gateway; flow logs; the default security group closed (no rules); and the
 * Kubernetes load-balancer subnet tags (`kubernetes.io/role/internal-elb` on private subnets,
 * `kubernetes.io/role/elb` on public ones).
 *
 * Public subnets do not give instances public IPs (`map_public_ip_on_launch = false`): only NAT
 * gateways live there.
 *
 * ```ts
 * const network = new AwsNetwork(stack, "Network", {
 *   cidr: "10.10.0.0/16",
 *   availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
 * });
 * ```
 */
export class AwsNetwork extends Construct implements IAwsNetwork {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "AwsNetwork";
  /** The VPC. */
  public readonly vpc: Vpc;
  /** VPC id. */
  public readonly vpcId: string;
  /** The VPC range. */
  public readonly vpcCidr: string;
  /** Availability zone names, in order (tokens when looked up). */
  public readonly availabilityZones: string[];
  /** Public subnets, in zone order. */
  public readonly publicSubnets: AwsSubnet[] = [];
  /** Private subnets, in zone order. */
  public readonly privateSubnets: AwsSubnet[] = [];
  /** Route tables of the private subnets, in zone order. */
  public readonly privateRouteTableIds: string[] = [];
  /** The internet gateway, when the network has public subnets. */
  public readonly internetGateway?: InternetGateway;
  /** NAT gateways, in zone order. */
  public readonly natGateways: NatGateway[] = [];
  /** The flow logs, unless disabled. */
  public readonly flowLogs?: VpcFlowLogs;
  /** The VPC's default security group, managed with no rules so that nothing uses it by accident. */
  public readonly defaultSecurityGroup: DefaultSecurityGroup;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, constructId(scope, id, "AwsNetwork"));
    requireProvider(this, AWS_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    const layout = this.subnetLayout(props);
    this.vpcCidr = props.cidr;
    this.availabilityZones = layout.zones;

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: awsNameTag(this) },
    });
    this.vpcId = this.vpc.id;
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${awsNameTag(this)}/default (closed)` },
    });

    if (layout.publicCidrs.length > 0) {
      this.internetGateway = new InternetGateway(this, "InternetGateway", {
        vpcId: this.vpc.id,
        tags: { Name: awsNameTag(this) },
      });
      const publicTable = new RouteTable(this, "PublicRouteTable", {
        vpcId: this.vpc.id,
        tags: { Name: `${awsNameTag(this)}/public` },
      });
      new Route(this, "PublicDefaultRoute", {
        routeTableId: publicTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: this.internetGateway.id,
      });
      // Plain loops: a callback frame would be recorded in every token's stack below it (cdktf).
      for (const [i, cidr] of layout.publicCidrs.entries()) {
        const ns = new Construct(this, `PublicSubnet${i + 1}`);
        const subnet = new Subnet(ns, "Resource", {
          vpcId: this.vpc.id,
          cidrBlock: cidr,
          availabilityZone: layout.zones[i],
          mapPublicIpOnLaunch: false,
          tags: { Name: awsNameTag(ns), "kubernetes.io/role/elb": "1", tier: "public" },
        });
        new RouteTableAssociation(ns, "RouteTableAssociation", {
          subnetId: subnet.id,
          routeTableId: publicTable.id,
        });
        this.publicSubnets.push({
          subnetId: subnet.id,
          availabilityZone: layout.zones[i],
          zoneIndex: i,
          cidr,
          routeTableId: publicTable.id,
        });
        if (layout.natGatewayZones.includes(i)) {
          const eip = new Eip(ns, "NatEip", { domain: "vpc", tags: { Name: awsNameTag(ns) } });
          this.natGateways.push(
            new NatGateway(ns, "NatGateway", {
              allocationId: eip.allocationId,
              subnetId: subnet.id,
              tags: { Name: awsNameTag(ns) },
              dependsOn: [this.internetGateway!],
            }),
          );
        }
      }
    }

    for (const [i, cidr] of layout.privateCidrs.entries()) {
      const ns = new Construct(this, `PrivateSubnet${i + 1}`);
      const subnet = new Subnet(ns, "Resource", {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: layout.zones[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: awsNameTag(ns), "kubernetes.io/role/internal-elb": "1", tier: "private" },
      });
      const table = new RouteTable(ns, "RouteTable", { vpcId: this.vpc.id, tags: { Name: awsNameTag(ns) } });
      new RouteTableAssociation(ns, "RouteTableAssociation", { subnetId: subnet.id, routeTableId: table.id });
      const nat = this.natGateways[i] ?? this.natGateways[0];
      if (nat) {
        new Route(ns, "DefaultRoute", {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nat.id,
        });
      }
      this.privateSubnets.push({
        subnetId: subnet.id,
        availabilityZone: layout.zones[i],
        zoneIndex: i,
        cidr,
        routeTableId: table.id,
      });
      this.privateRouteTableIds.push(table.id);
    }

    if (props.flowLogs?.enabled !== false) {
      this.flowLogs = new VpcFlowLogs(this, "FlowLogs", this.vpc.id, props.flowLogs);
    } else {
      Annotations.of(this).addWarning(
        "hybrid-mesh: flow logs are disabled for this VPC; rejected and accepted traffic will not be recorded (checkov CKV2_AWS_11, trivy AVD-AWS-0178).",
      );
    }
    if (layout.natGateways === NatGatewayMode.NONE) {
      Annotations.of(this).addInfo(
        "hybrid-mesh: no NAT gateway: private subnets cannot reach the internet; nodes need VPC endpoints, a proxy or a route over the VPN for packages and images.",
      );
    }
  }

  /** Validates the props and computes the zones and the subnet layout, before any resource exists. */
  private subnetLayout(props: AwsNetworkProps): SubnetLayout {
    requireLiteral(this, "cidr", props.cidr, "it is split into subnets at synth");
    requireLiteral(
      this,
      "availabilityZones",
      props.availabilityZones,
      "one subnet is planned per zone at synth (use zoneCount to look the zones up at plan time)",
    );
    check(this, "cidr", props.cidr, (c) => checkCidrPrefix(c, 16, 28, "an AWS VPC CIDR"));
    if (
      Cidr.parse(props.cidr).overlaps(Cidr.parse("169.254.0.0/16")) ||
      Cidr.parse(props.cidr).overlaps(Cidr.parse("172.17.0.0/16"))
    ) {
      fail(this, "cidr", props.cidr, {
        rule: "169.254.0.0/16 (link-local: tunnels, BGP, instance metadata) and 172.17.0.0/16 (Docker's default bridge, used by some AWS services) must not be used for a VPC",
        fix: "use a range of 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 outside those",
      });
    }
    const publicSubnets = props.publicSubnets ?? true;
    const nat = props.natGateways ?? (publicSubnets ? NatGatewayMode.ONE_PER_AZ : NatGatewayMode.NONE);
    if (!Object.values(NatGatewayMode).includes(nat)) {
      fail(this, "natGateways", nat, {
        rule: 'natGateways is "one-per-az", "single" or "none"',
        fix: "use NatGatewayMode.ONE_PER_AZ",
      });
    }
    if (!publicSubnets && nat !== NatGatewayMode.NONE) {
      fail(this, "natGateways", nat, {
        rule: "NAT gateways live in public subnets, and publicSubnets is false",
        fix: "set natGateways to NatGatewayMode.NONE, or publicSubnets to true",
      });
    }

    const zones = networkZones(this, props);
    const n = zones.length;
    for (const [prop, list] of [
      ["privateSubnetCidrs", props.privateSubnetCidrs],
      ["publicSubnetCidrs", props.publicSubnetCidrs],
    ] as const) {
      if (list !== undefined && list.length !== n) {
        fail(this, prop, list, {
          rule: `one subnet per availability zone is needed: ${n} zones, ${list.length} ranges`,
          fix: `give ${n} ranges, in zone order`,
        });
      }
      checkEach(
        this,
        prop,
        list,
        (c) => checkCidrPrefix(c, 16, 28, "an AWS subnet CIDR") ?? inside(c, props.cidr),
      );
    }
    if (!publicSubnets && props.publicSubnetCidrs) {
      fail(this, "publicSubnetCidrs", props.publicSubnetCidrs, {
        rule: "public subnet ranges were given but publicSubnets is false",
        fix: "remove publicSubnetCidrs or set publicSubnets to true",
      });
    }

    const vpcPrefix = Cidr.parse(props.cidr).prefixLength;
    const defaultPrefix = defaultSubnetPrefixLength(props.cidr, n, publicSubnets ? 2 : 1);
    const tier = (
      prop: string,
      prefixLength: number | undefined,
      cidrs: string[] | undefined,
    ): SubnetTier => ({
      prefixLength: check(
        this,
        prop,
        prefixLength ?? defaultPrefix,
        countBetween(Math.max(16, vpcPrefix), 28, "an AWS subnet prefix length"),
      ),
      cidrs,
    });
    const layout = layoutSubnets({
      vpcCidr: props.cidr,
      zones,
      natGateways: nat,
      publicSubnets: publicSubnets
        ? tier("publicSubnetPrefixLength", props.publicSubnetPrefixLength, props.publicSubnetCidrs)
        : undefined,
      privateSubnets: tier(
        "privateSubnetPrefixLength",
        props.privateSubnetPrefixLength,
        props.privateSubnetCidrs,
      ),
    });
    if (isSubnetLayoutProblem(layout)) return fail(this, layout.property, layout.value, layout.problem);
    return layout;
  }
}

function inside(cidr: string, vpc: string): Problem | undefined {
  if (checkCidr(vpc) || Cidr.parse(vpc).contains(Cidr.parse(cidr))) return undefined;
  return { rule: `a subnet must lie inside the VPC range ${vpc}`, fix: `pick a range inside ${vpc}` };
}
