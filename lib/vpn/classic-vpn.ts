// The ClassicVpn construct: GCP Classic VPN, route-based with static routes, to one peer address.
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { ComputeRoute } from "@cdktf/provider-google/lib/compute-route";
import { ComputeVpnGateway } from "@cdktf/provider-google/lib/compute-vpn-gateway";
import { ComputeVpnTunnel } from "@cdktf/provider-google/lib/compute-vpn-tunnel";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  bool,
  check,
  checkDns1123Label,
  checkEach,
  checkGcpName,
  checkGcpRegion,
  checkPeerAddress,
  cidrsKind,
  construct,
  constructId,
  countBetween,
  fail,
  gcpName,
  GOOGLE_PROVIDER,
  int,
  ipv4Kind,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  req,
  requireProvider,
  requireSecret,
  Secret,
  secretKind,
  Shape,
  SlaTier,
  str,
  Tags,
  terraformOutputName,
  validateLater,
  validateShape,
} from "../core";
import { GcpNetwork } from "../gcp";
import { checkPeerRange, rangeOverlapProblems, VPN_KEY_REQUIREMENTS } from "./common";
import { IkeOptions, IkeStrictness, resolveIke, ResolvedIke, IKE_OPTIONS_SHAPE } from "./ike";
import {
  checkDevice,
  cidrsOf,
  deviceRangesProblem,
  labelGcpRanges,
  PEER_DEVICE_SHAPE,
  PeerDeviceModel,
} from "./peer-device";
import { publishPeerSheet } from "./peer-sheet";

/** Properties of a {@link ClassicVpn}. */
export interface ClassicVpnProps {
  /** The GCP network. */
  readonly gcpNetwork: GcpNetwork;
  /**
   * Region of the gateway.
   *
   * @default - the network's region
   */
  readonly region?: string;
  /**
   * Name of the VPN gateway (RFC 1035), e.g. "nifc-anthos-vpn".
   *
   * @default - derived from the construct path
   */
  readonly gatewayName?: string;
  /**
   * Name of the tunnel (RFC 1035), e.g. "nif-anthos-tn".
   *
   * @default - "<gateway>-tunnel"
   */
  readonly tunnelName?: string;
  /** Name of the peer (a DNS-1123 label): names the outputs and the peer sheet. */
  readonly peerName: string;
  /** Public IPv4 address of the peer's VPN device. */
  readonly peerAddress: string;
  /** Ranges on the peer's side: one static route each, through the tunnel. */
  readonly peerRanges: string[];
  /**
   * GCP-side ranges the peer must route into the tunnel (its static routes), as the peer sheet
   * lists them: the subnets, and also GKE pod ranges (pods keep their addresses towards private
   * destinations), a private control plane's range, or other sites reached through this VPC.
   *
   * @default - the device model's `routes` when given, else the network's subnets in the region with their secondary ranges (GKE pods and services)
   */
  readonly gcpRanges?: string[];
  /**
   * What the peer's device and firewall must do, as whoever knows the whole topology computed it
   * (HybridTopology does): the peer sheet prints its labelled ranges (transit ones as transit), its
   * firewall rules and what the firewall admits. Its `routes` are the device's static routes
   * (`gcpRanges`, which must then be the same ranges when given too) and its `advertises` must be
   * exactly `peerRanges` (checked).
   *
   * @default - derived from the props: `gcpRanges` labelled by subnet where known, no firewall rules
   */
  readonly device?: PeerDeviceModel;
  /**
   * IKE settings of the peer (IKEv1 is allowed here, with a warning, for peers that need it).
   *
   * @default - IKEv2, AES256, SHA2-256, DH 20
   */
  readonly ike?: IkeOptions;
  /**
   * Pre-shared key. Never a plain string.
   *
   * @default - generated
   */
  readonly presharedKey?: Secret;
  /**
   * Priority of the static routes (lower wins).
   *
   * @default 1000
   */
  readonly routePriority?: number;
  /**
   * Whether to add a GCP firewall rule admitting TCP, UDP and ICMP from the peer's ranges.
   *
   * @default true
   */
  readonly gcpFirewall?: boolean;
}

const PROPS: Shape<ClassicVpnProps> = {
  gcpNetwork: req(construct<GcpNetwork>("GcpNetwork", "gcpNetwork")),
  region: str("GCP region", '"us-central1"'),
  gatewayName: str("gateway name", '"onprem-vpn"'),
  tunnelName: str("tunnel name", '"onprem-tunnel"'),
  peerName: req(str("peer name", '"onprem"')),
  peerAddress: req(ipv4Kind()),
  peerRanges: req(cidrsKind()),
  gcpRanges: cidrsKind(),
  ike: IKE_OPTIONS_SHAPE,
  presharedKey: secretKind(),
  routePriority: int("route priority", "1000"),
  gcpFirewall: bool(),
  device: PEER_DEVICE_SHAPE,
};

/**
 * GCP Classic VPN, route-based, to a peer with static routes, as in the Anthos worked example:
 * a target VPN gateway with a static external address, forwarding rules for ESP, UDP 500 and
 * UDP 4500, one tunnel with traffic selectors 0.0.0.0/0 on both sides, and a route per peer range.
 * Classic VPN reaches 99.9 % (a warning says so); prefer HA VPN when the peer speaks BGP.
 */
export class ClassicVpn extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "ClassicVpn";
  /** The static external address of the gateway. */
  public readonly address: ComputeAddress;
  /** The target VPN gateway. */
  public readonly gateway: ComputeVpnGateway;
  /** The forwarding rules (ESP, UDP 500, UDP 4500). */
  public readonly forwardingRules: ComputeForwardingRule[];
  /** The tunnel. */
  public readonly tunnel: ComputeVpnTunnel;
  /** The static routes, one per peer range. */
  public readonly routes: ComputeRoute[];
  /** IKE settings. */
  public readonly ike: ResolvedIke;
  /** Availability the link can reach. */
  public readonly sla = SlaTier.SINGLE_999;
  /** Peer ranges. */
  public readonly peerRanges: string[];
  /** GCP-side ranges the peer routes into the tunnel (given, the device model's, or the region's subnets with their secondary ranges). */
  public get gcpRanges(): string[] {
    return (
      this.gcpRangesGiven ??
      this.props.device?.routes.map((r) => r.cidr) ??
      this.props.gcpNetwork.subnets
        .filter((s) => s.region === this.region)
        .flatMap((s) => [s.cidr, ...(s.pods ? [s.pods.cidr] : []), ...(s.services ? [s.services.cidr] : [])])
    );
  }
  private readonly gcpRangesGiven?: string[];
  private readonly region: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ClassicVpnProps,
  ) {
    super(scope, constructId(scope, id, "ClassicVpn"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    const peerName = check(this, "peerName", props.peerName, checkDns1123Label);
    const region = check(this, "region", props.region ?? props.gcpNetwork.region, checkGcpRegion);
    const gatewayName = check(this, "gatewayName", props.gatewayName ?? gcpName(this), (n) =>
      checkGcpName(n),
    );
    const tunnelName = check(
      this,
      "tunnelName",
      props.tunnelName ?? `${gatewayName.slice(0, 56)}-tunnel`,
      (n) => checkGcpName(n),
    );
    check(this, "peerAddress", props.peerAddress, checkPeerAddress);
    if (props.peerRanges.length === 0) {
      fail(this, "peerRanges", props.peerRanges, {
        rule: "a route-based VPN needs at least one peer range to route into the tunnel",
        fix: 'give the peer\'s ranges, e.g. ["172.16.232.0/24"]',
      });
    }
    checkEach(this, "peerRanges", props.peerRanges, checkPeerRange);
    this.peerRanges = props.peerRanges;
    checkEach(this, "gcpRanges", props.gcpRanges, checkPeerRange);
    this.gcpRangesGiven = props.gcpRanges;
    const device = props.device;
    if (device) {
      checkDevice(this, device, props.peerRanges);
      const given = props.gcpRanges;
      const routes = given && deviceRangesProblem(device.routes, given, "the static routes (gcpRanges)");
      if (routes) fail(this, "device.routes", cidrsOf(device.routes), routes);
    }
    this.region = region;
    const priority = check(
      this,
      "routePriority",
      props.routePriority ?? 1000,
      countBetween(0, 65535, "a route priority"),
    );
    this.ike = resolveIke(this, "ike", props.ike, IkeStrictness.PEER);
    const project = props.gcpNetwork.project;
    const key = requireSecret(this, "presharedKey", props.presharedKey).bind(
      this,
      "PresharedKey",
      VPN_KEY_REQUIREMENTS,
    );

    this.address = new ComputeAddress(this, "Address", {
      name: gatewayName,
      project,
      region,
      description: `hybrid-mesh: public address of ${gatewayName}`,
    });
    this.gateway = new ComputeVpnGateway(this, "Resource", {
      name: gatewayName,
      project,
      region,
      network: props.gcpNetwork.networkId,
      description: `hybrid-mesh: Classic VPN to ${peerName}`,
    });
    const rule = (rid: string, suffix: string, ipProtocol: string, portRange?: string) =>
      new ComputeForwardingRule(this, rid, {
        name: `${gatewayName.slice(0, 55)}-${suffix}`,
        project,
        region,
        ipProtocol,
        portRange,
        ipAddress: this.address.address,
        target: this.gateway.selfLink,
      });
    this.forwardingRules = [
      rule("Esp", "esp", "ESP"),
      rule("Udp500", "udp500", "UDP", "500"),
      rule("Udp4500", "udp4500", "UDP", "4500"),
    ];
    this.tunnel = new ComputeVpnTunnel(this, "Tunnel", {
      name: tunnelName,
      project,
      region,
      targetVpnGateway: this.gateway.selfLink,
      peerIp: props.peerAddress,
      ikeVersion: this.ike.version,
      sharedSecret: key.value,
      localTrafficSelector: ["0.0.0.0/0"],
      remoteTrafficSelector: ["0.0.0.0/0"],
      description: `hybrid-mesh: route-based tunnel to ${peerName}`,
      lifecycle: key.precondition ? { precondition: [key.precondition] } : undefined,
      dependsOn: this.forwardingRules,
    });
    this.routes = props.peerRanges.map(
      (destRange, i) =>
        new ComputeRoute(this, `Route${i + 1}`, {
          name: `${tunnelName.slice(0, 54)}-route-${i + 1}`,
          project,
          network: props.gcpNetwork.networkId,
          destRange,
          priority,
          nextHopVpnTunnel: this.tunnel.id,
          description: `hybrid-mesh: ${peerName} range ${destRange}`,
        }),
    );
    Annotations.of(this).addWarning(
      `hybrid-mesh: Classic VPN to ${peerName} reaches 99.9 % at most (one tunnel, static routes). HA VPN with BGP on both interfaces reaches 99.99 %.`,
    );
    if (props.gcpFirewall ?? true) props.gcpNetwork.allowFromPeer(peerName, props.peerRanges);

    publishPeerSheet(
      this,
      {
        link: gatewayName,
        peer: peerName,
        kind: "Classic VPN, route-based (static routes)",
        sla: this.sla,
        ike: this.ike,
        routes: device?.routes ?? labelGcpRanges(props.gcpNetwork, this.gcpRanges, "GCP side (gcpRanges)"),
        advertises: device?.advertises ?? props.peerRanges.map((cidr) => ({ cidr, label: peerName })),
        acceptsFrom: device?.acceptsFrom,
        firewall: device?.firewall,
        tunnels: [
          {
            number: 1,
            gcpAddress: this.address.address,
            peerAddress: props.peerAddress,
            keyOutput: terraformOutputName(this, "tunnel1_key"),
          },
        ],
      },
      [key.value],
    );
    validateLater(this, () =>
      rangeOverlapProblems(
        [
          ...props.peerRanges.map((cidr) => ({ name: `${peerName} ${cidr}`, cidr })),
          ...props.gcpNetwork.subnets.map((s) => ({ name: `GCP ${s.cidr}`, cidr: s.cidr })),
        ],
        "peerRanges",
        props.peerRanges,
        "renumber one side",
      ),
    );
  }
}
