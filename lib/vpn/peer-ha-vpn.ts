// The PeerHaVpn construct: GCP HA VPN to a peer gateway that speaks BGP. The GCP side's props
// and tunnels are shared with AwsHaVpn (ha-vpn.ts).
import { ComputeExternalVpnGateway } from "@cdktf/provider-google/lib/compute-external-vpn-gateway";
import { ComputeHaVpnGateway } from "@cdktf/provider-google/lib/compute-ha-vpn-gateway";
import { ComputeVpnTunnel } from "@cdktf/provider-google/lib/compute-vpn-tunnel";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  arrayOf,
  bool,
  BoundSecret,
  check,
  checkDns1123Label,
  checkEach,
  cidrsKind,
  constructId,
  fail,
  gcpName,
  GOOGLE_PROVIDER,
  int,
  ipv4Kind,
  isPrivateAsn,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  req,
  requireProvider,
  requireSecret,
  Secret,
  Shape,
  SlaTier,
  str,
  Tags,
  terraformOutputName,
  validateLater,
  validateShape,
} from "../core";
import { CloudRouter } from "../gcp";
import {
  checkPeerAddresses,
  checkPeerRange,
  LinkTunnel,
  planInsideCidrs,
  rangeOverlapProblems,
} from "./common";
import {
  bgpTimersOf,
  HA_VPN_ROUTER_SHAPE,
  HA_VPN_TUNNEL_SHAPE,
  HaVpnProps,
  linkCloudRouter,
  newHaTunnel,
  newHaVpnGateway,
  routedGcpRanges,
  tunnelKeys,
} from "./ha-vpn";
import { IkeStrictness, resolveIke, ResolvedIke } from "./ike";
import {
  checkDevice,
  cidrsOf,
  deviceRangesProblem,
  labelGcpRanges,
  PEER_DEVICE_SHAPE,
  PeerDeviceModel,
} from "./peer-device";
import { publishPeerSheet } from "./peer-sheet";

/** Properties of a {@link PeerHaVpn}. */
export interface PeerHaVpnProps extends HaVpnProps {
  /** Name of the peer (a DNS-1123 label, e.g. "onprem-paris"): names the link's outputs and sheet. */
  readonly peerName: string;
  /** Public IPv4 addresses of the peer's VPN device: 1, 2 or 4 (the external gateway's redundancy type follows). */
  readonly peerAddresses: string[];
  /** BGP ASN of the peer (different from the Cloud Router's). */
  readonly peerAsn: number;
  /** Ranges on the peer's side (firewall and overlap checks; the peer advertises them over BGP). */
  readonly peerRanges: string[];
  /**
   * Number of tunnels: 2 (1 or 2 peer addresses) or 4 (4 addresses), covering both HA VPN
   * interfaces; 1 uses a single interface (99.9 %, with a warning).
   *
   * @default - 4 with 4 peer addresses, else 2
   */
  readonly tunnels?: number;
  /**
   * GKE secondary ranges (pods, services) or other ranges to advertise to the peer, on top of
   * every subnet: add the pod ranges when the peer must reach pods directly.
   *
   * @default - none
   */
  readonly advertisedRanges?: string[];
  /**
   * What the peer's device and firewall must do, as whoever knows the whole topology computed it
   * (HybridTopology does): the peer sheet prints its labelled ranges (transit ones as transit), its
   * firewall rules and what the firewall admits. Its `routes` must be exactly what the Cloud Router
   * advertises and its `advertises` exactly `peerRanges` (checked).
   *
   * @default - derived from the props: the advertised ranges labelled by subnet where known, no firewall rules
   */
  readonly device?: PeerDeviceModel;
}

const PROPS: Shape<PeerHaVpnProps> = {
  ...HA_VPN_ROUTER_SHAPE,
  peerName: req(str("peer name", '"onprem"')),
  peerAddresses: req(arrayOf(ipv4Kind())),
  peerAsn: req(int("BGP ASN", "65001")),
  peerRanges: req(cidrsKind()),
  tunnels: int("tunnel count", "2"),
  ...HA_VPN_TUNNEL_SHAPE,
  advertisedRanges: cidrsKind(),
  gcpFirewall: bool(),
  device: PEER_DEVICE_SHAPE,
};

/**
 * GCP HA VPN to a peer gateway that speaks BGP (on premises or another cloud): an HA VPN gateway,
 * an external VPN gateway with the peer's 1, 2 or 4 addresses (SINGLE_IP_INTERNALLY_REDUNDANT,
 * TWO_IPS_REDUNDANCY or FOUR_IPS_REDUNDANCY), tunnels covering both HA VPN interfaces, a router
 * interface (the /30's first address) and BGP peer (its second) per tunnel on allocated link-local
 * /30s, custom route advertisement, generated keys, and a peer sheet for the peer's administrator.
 */
export class PeerHaVpn extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "PeerHaVpn";
  /** The HA VPN gateway. */
  public readonly haVpnGateway: ComputeHaVpnGateway;
  /** The Cloud Router. */
  public readonly cloudRouter: CloudRouter;
  /** The external VPN gateway (the peer). */
  public readonly externalGateway: ComputeExternalVpnGateway;
  /** The tunnels. */
  public readonly gcpTunnels: ComputeVpnTunnel[] = [];
  /** The plan of every tunnel. */
  public readonly tunnels: LinkTunnel[] = [];
  /** IKE settings. */
  public readonly ike: ResolvedIke;
  /** Availability the link can reach. */
  public readonly sla: SlaTier;
  /** Peer ranges. */
  public readonly peerRanges: string[];
  /** Peer ASN. */
  public readonly peerAsn: number;

  constructor(scope: Construct, id: string, props: PeerHaVpnProps) {
    super(scope, constructId(scope, id, "PeerHaVpn"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    const peerName = check(this, "peerName", props.peerName, checkDns1123Label);
    const addresses = props.peerAddresses;
    if (![1, 2, 4].includes(addresses.length)) {
      fail(this, "peerAddresses", addresses, {
        rule: "a peer gateway has 1, 2 or 4 public addresses (SINGLE_IP_INTERNALLY_REDUNDANT, TWO_IPS_REDUNDANCY, FOUR_IPS_REDUNDANCY)",
        fix: "give the addresses of the peer's VPN interfaces",
      });
    }
    checkPeerAddresses(this, "peerAddresses", addresses);
    const redundancy = ["SINGLE_IP_INTERNALLY_REDUNDANT", "TWO_IPS_REDUNDANCY", "", "FOUR_IPS_REDUNDANCY"][
      addresses.length - 1
    ];
    const tunnelCount = check(this, "tunnels", props.tunnels ?? (addresses.length === 4 ? 4 : 2), (n) => {
      const allowed = addresses.length === 4 ? [4] : [1, 2];
      return allowed.includes(n)
        ? undefined
        : {
            rule: `with ${addresses.length} peer address(es) the link has ${allowed.join(" or ")} tunnel(s), covering both HA VPN interfaces`,
            fix: `use ${allowed[allowed.length - 1]}`,
          };
    });
    this.cloudRouter = linkCloudRouter(this, props);
    this.peerAsn = check(this, "peerAsn", props.peerAsn, (asn) => {
      if (!Number.isInteger(asn) || asn < 1 || asn > 4294967294)
        return {
          rule: "a BGP ASN is a whole number from 1 to 4294967294",
          fix: "use the peer's ASN, e.g. 65001",
        };
      if (asn === this.cloudRouter.asn) {
        return {
          rule: `the two ends of a BGP session need different ASNs (eBGP), and the Cloud Router also uses ${asn}`,
          fix: "give the peer another ASN, e.g. 65001",
        };
      }
      return undefined;
    });
    if (!isPrivateAsn(this.peerAsn)) {
      Annotations.of(this).addWarning(
        `hybrid-mesh: peer ASN ${this.peerAsn} is not a private ASN; make sure it is the peer's own public ASN.`,
      );
    }
    this.peerRanges = props.peerRanges;
    if (props.peerRanges.length === 0) {
      fail(this, "peerRanges", props.peerRanges, {
        rule: "the peer's ranges are what its firewall rule admits and the peer sheet lists; none were given",
        fix: 'give the peer\'s ranges, e.g. ["172.16.232.0/24"]',
      });
    }
    checkEach(this, "peerRanges", props.peerRanges, checkPeerRange);
    const device = props.device;
    if (device) checkDevice(this, device, props.peerRanges);
    checkEach(this, "advertisedRanges", props.advertisedRanges, checkPeerRange);
    (props.advertisedRanges ?? []).forEach((r) => this.cloudRouter.advertise(r, `to ${peerName}`));
    this.ike = resolveIke(this, "ike", props.ike, IkeStrictness.PEER);
    const key = requireSecret(this, "presharedKey", props.presharedKey);
    const project = props.gcpNetwork.project;

    this.haVpnGateway = newHaVpnGateway(this, props.gcpNetwork, this.cloudRouter.region);
    this.externalGateway = new ComputeExternalVpnGateway(this, "ExternalGateway", {
      name: gcpName(this, { suffix: "peer" }),
      project,
      redundancyType: redundancy,
      description: `hybrid-mesh: ${peerName}`,
      interface: addresses.map((ipAddress, i) => ({ id: i, ipAddress })),
    });
    const cidrs = planInsideCidrs(this, props.insideCidrs, tunnelCount, [
      `cloud-router:${this.cloudRouter.node.path}`,
      ...(props.insideCidrScope ? [props.insideCidrScope] : []),
    ]);
    const keyOf = tunnelKeys(this, key, Secret.isSecret(props.presharedKey));
    const keys: BoundSecret[] = [];
    for (let t = 0; t < tunnelCount; t++) {
      // Both HA VPN interfaces: 2 tunnels → if0, if1; 4 tunnels → if0, if0, if1, if1.
      const gcpInterface = tunnelCount === 4 ? Math.floor(t / 2) : tunnelCount === 2 ? t : 0;
      const peerInterface = addresses.length === 1 ? 0 : t;
      const k = keyOf(t);
      keys.push(k);
      const { tunnel, plan } = newHaTunnel(this, project, {
        index: t,
        gcpInterface,
        peerGateway: this.externalGateway,
        peerInterface,
        insideCidr: cidrs[t],
        routerGetsFirst: true,
        key: k,
        checkKey: true,
        peerAsn: this.peerAsn,
        description: `hybrid-mesh: to ${peerName}, interface ${peerInterface}`,
      });
      this.gcpTunnels.push(tunnel);
      this.tunnels.push(plan);
    }
    this.sla = tunnelCount >= 2 ? SlaTier.HA_9999 : SlaTier.SINGLE_999;
    if (this.sla !== SlaTier.HA_9999) {
      Annotations.of(this).addWarning(
        `hybrid-mesh: the link to ${peerName} uses one HA VPN interface: it cannot reach the 99.99 % HA VPN SLA. Use 2 tunnels (both interfaces).`,
      );
    }
    if (props.gcpFirewall ?? true) props.gcpNetwork.allowFromPeer(peerName, props.peerRanges);

    const gcpRanges = () => routedGcpRanges(props.gcpNetwork, this.cloudRouter);
    publishPeerSheet(
      this,
      {
        link: gcpName(this),
        peer: peerName,
        kind: "HA VPN (BGP)",
        sla: this.sla,
        ike: this.ike,
        gcpAsn: this.cloudRouter.asn,
        peerAsn: this.peerAsn,
        bgpTimers: bgpTimersOf(this.cloudRouter),
        routes:
          device?.routes ??
          labelGcpRanges(
            props.gcpNetwork,
            gcpRanges(),
            "advertised by the Cloud Router: GCP, or a site beyond it",
          ),
        advertises: device?.advertises ?? props.peerRanges.map((cidr) => ({ cidr, label: peerName })),
        acceptsFrom: device?.acceptsFrom,
        firewall: device?.firewall,
        tunnels: this.tunnels.map((t) => ({
          number: t.index + 1,
          gcpAddress: this.haVpnGateway.vpnInterfaces.get(t.gcpInterface).ipAddress,
          peerAddress: addresses[t.peerInterface],
          gcpInsideAddress: t.gcpInsideAddress,
          peerInsideAddress: `${t.peerInsideAddress}/30`,
          keyOutput: terraformOutputName(this, `tunnel${t.index + 1}_key`),
        })),
      },
      keys.map((k) => k.value),
    );
    // The sheet lists what the Cloud Router advertises (its ranges can be added until synth).
    validateLater(this, () => {
      const problem =
        device && deviceRangesProblem(device.routes, gcpRanges(), "what the Cloud Router advertises");
      return problem ? [{ property: "device.routes", value: cidrsOf(device.routes), ...problem }] : [];
    });
    validateLater(this, () =>
      rangeOverlapProblems(
        [
          ...props.peerRanges.map((cidr) => ({ name: `${peerName} ${cidr}`, cidr })),
          ...gcpRanges().map((cidr) => ({ name: `GCP ${cidr}`, cidr })),
        ],
        "peerRanges",
        props.peerRanges,
        "renumber one side",
      ),
    );
  }
}
