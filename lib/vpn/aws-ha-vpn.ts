// The AwsHaVpn construct: GCP HA VPN to AWS, both ends. The GCP side's props and tunnels are
// shared with PeerHaVpn (ha-vpn.ts); the AWS gateway is in aws-vpn-gateway.ts.
import { CustomerGateway } from "@cdktf/provider-aws/lib/customer-gateway";
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { VpnConnection } from "@cdktf/provider-aws/lib/vpn-connection";
import { VpnGateway } from "@cdktf/provider-aws/lib/vpn-gateway";
import { ComputeExternalVpnGateway } from "@cdktf/provider-google/lib/compute-external-vpn-gateway";
import { ComputeHaVpnGateway } from "@cdktf/provider-google/lib/compute-ha-vpn-gateway";
import { ComputeVpnTunnel } from "@cdktf/provider-google/lib/compute-vpn-tunnel";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  arrayOf,
  AWS_PROVIDER,
  awsNameTag,
  bool,
  check,
  checkAwsAmazonSideAsn,
  checkAwsCustomerGatewayAsn,
  checkEach,
  cidrsKind,
  construct,
  constructId,
  enumOf,
  fail,
  gcpName,
  GOOGLE_PROVIDER,
  int,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  oneOf,
  req,
  requireProvider,
  requireSecret,
  Secret,
  Shape,
  SlaTier,
  Tags,
  validateLater,
  validateShape,
} from "../core";
import { ClusterSecurityGroup, IAwsNetwork } from "../aws";
import { CloudRouter } from "../gcp";
import { AwsVpnGatewayKind, newAwsGateway } from "./aws-vpn-gateway";
import { checkPeerRange, LinkTunnel, planInsideCidrs, rangeOverlapProblems } from "./common";
import {
  HA_VPN_ROUTER_SHAPE,
  HA_VPN_TUNNEL_SHAPE,
  HaVpnProps,
  linkCloudRouter,
  newHaTunnel,
  newHaVpnGateway,
  routedGcpRanges,
  tunnelKeys,
} from "./ha-vpn";
import { awsTunnelIkeArguments, IkeStrictness, resolveIke, ResolvedIke } from "./ike";

/** Properties of an {@link AwsHaVpn}. */
export interface AwsHaVpnProps extends HaVpnProps {
  /** The AWS network. */
  readonly awsNetwork: IAwsNetwork;
  /**
   * The AWS gateway.
   *
   * @default AwsVpnGatewayKind.VIRTUAL_PRIVATE_GATEWAY
   */
  readonly awsGateway?: AwsVpnGatewayKind;
  /**
   * Amazon-side ASN of the gateway (private, different from the Cloud Router's).
   *
   * @default 64512
   */
  readonly amazonSideAsn?: number;
  /**
   * Number of tunnels: 4 (two AWS connections of two tunnels, on both HA VPN interfaces: 99.99 %),
   * more in groups of 4 for bandwidth (transit gateway only), or 2 (one connection, one HA VPN
   * interface: 99.9 %, with a warning).
   *
   * @default 4
   */
  readonly tunnels?: number;
  /**
   * AWS ranges the GCP side reaches over the link (checked against the GCP ranges; firewall).
   *
   * @default - the VPC range
   */
  readonly awsRanges?: string[];
  /**
   * GCP ranges the AWS side reaches over the link (routes on a transit gateway; security groups):
   * every range the far side holds, GKE pod and service ranges included (pods keep their addresses
   * towards private destinations, so replies to them must come back over the link), and the ranges
   * of other sites reached through the GCP network (transit).
   *
   * @default - the network's subnets with their secondary ranges (GKE pods and services), and the router's advertised ranges
   */
  readonly gcpRanges?: string[];
  /**
   * AWS security groups that admit all traffic from the GCP ranges.
   *
   * @default - none (open specific ports with the constructs that own the groups)
   */
  readonly awsSecurityGroups?: ClusterSecurityGroup[];
}

const PROPS: Shape<AwsHaVpnProps> = {
  ...HA_VPN_ROUTER_SHAPE,
  awsNetwork: req(construct<IAwsNetwork>("AwsNetwork", "awsNetwork")),
  awsGateway: enumOf(AwsVpnGatewayKind, "AwsVpnGatewayKind"),
  amazonSideAsn: int("private ASN", "64512"),
  tunnels: int("tunnel count", "4"),
  ...HA_VPN_TUNNEL_SHAPE,
  awsRanges: cidrsKind(),
  gcpRanges: cidrsKind(),
  awsSecurityGroups: arrayOf(
    construct<ClusterSecurityGroup>("ClusterSecurityGroup", "controlPlane.nodeSecurityGroup"),
  ),
  gcpFirewall: bool(),
};

/**
 * GCP HA VPN to AWS, both ends in one construct, wired as Google documents
 * ("Connect HA VPN to AWS peer gateways"):
 *
 * - GCP: an HA VPN gateway (two interfaces) and a Cloud Router with a private ASN; one external
 *   VPN gateway per group of four tunnels, FOUR_IPS_REDUNDANCY, whose interfaces 0-3 are the AWS
 *   tunnel outside addresses (connection A tunnel 1 and 2, connection B tunnel 1 and 2); tunnels
 *   HA interface 0 → external 0 and 1, HA interface 1 → external 2 and 3; a router interface per
 *   tunnel on the AWS customer-gateway inside address (the /30's second address) and a BGP peer on
 *   the AWS-side inside address (the first) with the Amazon-side ASN.
 * - AWS: a virtual private gateway (route propagation into the private route tables) or a transit
 *   gateway (ECMP; VPC attachment and routes); two customer gateways, one per HA VPN interface
 *   address, with the Cloud Router's ASN; two site-to-site VPN connections per group of four tunnels.
 * - Inside /30s allocated (or given and validated) so that AWS accepts them; IKEv2 with one
 *   proposal per phase on the AWS side (AES256 / SHA2-256 / DH 20 by default); pre-shared keys
 *   generated in Terraform (letters and digits, 32 characters, starting with a letter), never
 *   written as literals.
 *
 * Cloud VPN's own proposals cannot be narrowed with the Google provider this library is built on
 * (6.50: `cipher_suite` on `google_compute_vpn_tunnel` is GA only from 7.4.0); Cloud VPN offers
 * every algorithm it supports, and AWS's single proposal picks the one used, which also keeps the
 * SA payload small enough to avoid the rekey failures Google describes.
 */
export class AwsHaVpn extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "AwsHaVpn";
  /** The HA VPN gateway. */
  public readonly haVpnGateway: ComputeHaVpnGateway;
  /** The Cloud Router. */
  public readonly cloudRouter: CloudRouter;
  /** The virtual private gateway, if used. */
  public readonly vpnGateway?: VpnGateway;
  /** The transit gateway, if used. */
  public readonly transitGateway?: Ec2TransitGateway;
  /** The customer gateways, one per HA VPN interface used. */
  public readonly customerGateways: CustomerGateway[] = [];
  /** The AWS VPN connections, two per group of four tunnels. */
  public readonly vpnConnections: VpnConnection[] = [];
  /** The external VPN gateways, one per group of four tunnels. */
  public readonly externalGateways: ComputeExternalVpnGateway[] = [];
  /** The GCP tunnels. */
  public readonly gcpTunnels: ComputeVpnTunnel[] = [];
  /** The plan of every tunnel. */
  public readonly tunnels: LinkTunnel[] = [];
  /** The IKE settings used. */
  public readonly ike: ResolvedIke;
  /** Availability the link can reach. */
  public readonly sla: SlaTier;
  /** Amazon-side ASN. */
  public readonly amazonSideAsn: number;
  /** AWS ranges reached from GCP. */
  public readonly awsRanges: string[];
  /** The AWS gateway kind. */
  public readonly gatewayKind: AwsVpnGatewayKind;
  private readonly gcpRangesGiven?: string[];

  constructor(scope: Construct, id: string, props: AwsHaVpnProps) {
    super(scope, constructId(scope, id, "AwsHaVpn"));
    requireProvider(this, AWS_PROVIDER);
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    const kind = check(
      this,
      "awsGateway",
      props.awsGateway ?? AwsVpnGatewayKind.VIRTUAL_PRIVATE_GATEWAY,
      oneOf(Object.values(AwsVpnGatewayKind), "the AWS gateway"),
    ) as AwsVpnGatewayKind;
    this.gatewayKind = kind;
    const tunnelCount = check(this, "tunnels", props.tunnels ?? 4, (n) => {
      if (n === 2 || (Number.isInteger(n) && n >= 4 && n % 4 === 0 && n <= 32)) return undefined;
      return {
        rule: "a GCP-AWS link has 4 tunnels (2 AWS connections), more in groups of 4 (up to 32), or 2 for a single-interface link",
        fix: "use 4",
      };
    });
    if (tunnelCount > 4 && kind !== AwsVpnGatewayKind.TRANSIT_GATEWAY) {
      fail(this, "tunnels", tunnelCount, {
        rule: "more than 4 tunnels add bandwidth only with ECMP, which only an AWS transit gateway does (a virtual private gateway uses one tunnel at a time)",
        fix: "set awsGateway to AwsVpnGatewayKind.TRANSIT_GATEWAY, or use 4 tunnels",
      });
    }
    this.amazonSideAsn = check(this, "amazonSideAsn", props.amazonSideAsn ?? 64512, checkAwsAmazonSideAsn);
    this.cloudRouter = linkCloudRouter(this, props);
    const gcpAsn = this.cloudRouter.asn;
    check(this, "gcpAsn", gcpAsn, checkAwsCustomerGatewayAsn);
    if (gcpAsn === this.amazonSideAsn) {
      fail(this, "amazonSideAsn", this.amazonSideAsn, {
        rule: `the two ends of a BGP session need different ASNs (eBGP), and the Cloud Router also uses ${gcpAsn}`,
        fix: gcpAsn === 64512 ? "use 64513 on the AWS side" : "use 64512 (the AWS default)",
      });
    }
    this.ike = resolveIke(this, "ike", props.ike, IkeStrictness.STRICT);
    this.awsRanges = props.awsRanges ?? [props.awsNetwork.vpcCidr];
    checkEach(this, "awsRanges", this.awsRanges, checkPeerRange);
    checkEach(this, "gcpRanges", props.gcpRanges, checkPeerRange);
    this.gcpRangesGiven = props.gcpRanges;
    const key = requireSecret(this, "presharedKey", props.presharedKey);
    const project = props.gcpNetwork.project;

    // GCP: HA VPN gateway.
    this.haVpnGateway = newHaVpnGateway(this, props.gcpNetwork, this.cloudRouter.region);

    // AWS: gateway and routes.
    const gateway = newAwsGateway(
      this,
      kind,
      props.awsNetwork,
      this.amazonSideAsn,
      () => this.gcpRanges,
      tunnelCount,
    );
    this.vpnGateway = gateway.vpnGateway;
    this.transitGateway = gateway.transitGateway;

    // Inside /30s: unique per Cloud Router and per AWS gateway (and in the caller's scope).
    const scopes = [`cloud-router:${this.cloudRouter.node.path}`, `aws-gateway:${this.node.path}`];
    if (props.insideCidrScope) scopes.push(props.insideCidrScope);
    const cidrs = planInsideCidrs(this, props.insideCidrs, tunnelCount, scopes);

    // AWS: customer gateways (one per HA VPN interface used) and connections.
    const interfaces = tunnelCount === 2 ? 1 : 2;
    for (let i = 0; i < interfaces; i++) {
      this.customerGateways.push(
        new CustomerGateway(this, `CustomerGateway${i}`, {
          type: "ipsec.1",
          ipAddress: this.haVpnGateway.vpnInterfaces.get(i).ipAddress,
          ...(gcpAsn > 2147483647 ? { bgpAsnExtended: String(gcpAsn) } : { bgpAsn: String(gcpAsn) }),
          tags: { Name: `${awsNameTag(this)}/ha-vpn-interface-${i}` },
        }),
      );
    }
    const keyOf = tunnelKeys(this, key, Secret.isSecret(props.presharedKey));

    const groups = Math.max(1, tunnelCount / 4);
    for (let g = 0; g < groups; g++) {
      const connections: VpnConnection[] = [];
      for (let c = 0; c < interfaces; c++) {
        const base = g * 4 + c * 2;
        const k1 = keyOf(base);
        const k2 = keyOf(base + 1);
        const preconditions = [k1.precondition, k2.precondition].filter((p) => p !== undefined);
        const connection = new VpnConnection(this, `Connection${g * 2 + c + 1}`, {
          type: "ipsec.1",
          customerGatewayId: this.customerGateways[c].id,
          ...gateway.connectionArgs,
          staticRoutesOnly: false,
          tunnel1InsideCidr: cidrs[base].toString(),
          tunnel2InsideCidr: cidrs[base + 1].toString(),
          tunnel1PresharedKey: k1.value,
          tunnel2PresharedKey: k2.value,
          ...awsTunnelIkeArguments(1, this.ike),
          ...awsTunnelIkeArguments(2, this.ike),
          lifecycle: preconditions.length > 0 ? { precondition: [preconditions[0]!] } : undefined,
          tags: { Name: `${awsNameTag(this)}/connection-${String.fromCharCode(65 + g * 2 + c)}` },
        });
        connections.push(connection);
        this.vpnConnections.push(connection);
      }
      const external = new ComputeExternalVpnGateway(this, `ExternalGateway${g + 1}`, {
        name: gcpName(this, { suffix: `aws-${g + 1}` }),
        project,
        redundancyType: interfaces === 2 ? "FOUR_IPS_REDUNDANCY" : "TWO_IPS_REDUNDANCY",
        description:
          "hybrid-mesh: AWS tunnel outside addresses (connection A tunnel 1, 2; connection B tunnel 1, 2)",
        interface: connections.flatMap((conn, c) => [
          { id: c * 2, ipAddress: conn.tunnel1Address },
          { id: c * 2 + 1, ipAddress: conn.tunnel2Address },
        ]),
      });
      this.externalGateways.push(external);
      for (let t = 0; t < interfaces * 2; t++) {
        const index = g * 4 + t;
        const { tunnel, plan } = newHaTunnel(this, project, {
          index,
          gcpInterface: interfaces === 2 ? Math.floor(t / 2) : 0,
          peerGateway: external,
          peerInterface: t,
          insideCidr: cidrs[index],
          // AWS takes the /30's first address (vgw inside), the customer gateway (Cloud Router) the second.
          routerGetsFirst: false,
          key: keyOf(index),
          // The connection checks the key (above).
          checkKey: false,
          peerAsn: this.amazonSideAsn,
          description: `hybrid-mesh: to AWS connection ${String.fromCharCode(65 + Math.floor(index / 2))} tunnel ${(t % 2) + 1}`,
        });
        this.gcpTunnels.push(tunnel);
        this.tunnels.push({
          ...plan,
          aws: { connection: g * 2 + Math.floor(t / 2), tunnel: ((t % 2) + 1) as 1 | 2 },
        });
      }
    }
    this.sla = interfaces === 2 ? SlaTier.HA_9999 : SlaTier.SINGLE_999;
    if (this.sla !== SlaTier.HA_9999) {
      Annotations.of(this).addWarning(
        "hybrid-mesh: this link uses 2 tunnels on one HA VPN interface: it cannot reach the 99.99 % HA VPN SLA. Use 4 tunnels (two AWS connections, both HA VPN interfaces).",
      );
    }

    // Firewalls and security groups, both ways.
    if (props.gcpFirewall ?? true)
      props.gcpNetwork.allowFromPeer(`aws-${this.node.id.toLowerCase()}`.slice(0, 20), this.awsRanges);
    for (const sg of props.awsSecurityGroups ?? []) {
      this.gcpRanges.forEach((cidr, i) =>
        sg.allowFrom(
          { cidr, label: `gcp-${i + 1}` },
          { protocol: "-1" },
          `All traffic from GCP range ${cidr} across the VPN`,
        ),
      );
    }
    validateLater(this, () =>
      rangeOverlapProblems(
        [
          ...this.awsRanges.map((cidr) => ({ name: `AWS ${cidr}`, cidr })),
          ...this.gcpRanges.map((cidr) => ({ name: `GCP ${cidr}`, cidr })),
        ],
        "ranges",
        { aws: this.awsRanges, gcp: this.gcpRanges },
        "renumber one side (AWS VPC, GCP subnets or advertised ranges)",
      ),
    );
  }

  /** GCP ranges reached from AWS: given, or the network's subnets (with their secondary ranges) and the router's advertised ranges. */
  public get gcpRanges(): string[] {
    return this.gcpRangesGiven ?? routedGcpRanges(this.cloudRouter.network, this.cloudRouter);
  }
}
