import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkCidr,
  checkCloudRouterAsn,
  checkGcpName,
  countBetween,
  gcpName,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  Tags,
  checkGcpRegion,
  GOOGLE_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  req,
  str,
  int,
  bool,
  construct,
  cidrsKind,
  constructId,
} from "../core";
import { GcpNetwork } from "./network";

/** Properties of a {@link CloudRouter}. */
export interface CloudRouterProps {
  /** The network. */
  readonly network: GcpNetwork;
  /**
   * Region of the router (it serves VPN tunnels of that region).
   *
   * @default - the network's region
   */
  readonly region?: string;
  /**
   * Router name (RFC 1035, at most 63 characters).
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * BGP ASN of the router: a private ASN (64512-65534 or 4200000000-4294967294), the same for all
   * its sessions, different from every peer's.
   *
   * @default 64514
   */
  readonly asn?: number;
  /**
   * Whether to advertise every subnet of the network (primary ranges) besides the custom ranges.
   *
   * @default true
   */
  readonly advertiseAllSubnets?: boolean;
  /**
   * Extra ranges to advertise (e.g. GKE pod and service ranges that a peer must reach). More can be
   * added with `advertise()`.
   *
   * @default - none
   */
  readonly advertisedRanges?: string[];
  /**
   * BGP keepalive interval, seconds (20-60).
   *
   * @default 20
   */
  readonly keepaliveIntervalSeconds?: number;
}

const PROPS: Shape<CloudRouterProps> = {
  network: req(construct<GcpNetwork>("GcpNetwork", "network")),
  region: str("GCP region", '"europe-west1"'),
  name: str("router name", '"vpn-router"'),
  asn: int("private ASN", "64514"),
  advertiseAllSubnets: bool(),
  advertisedRanges: cidrsKind(),
  keepaliveIntervalSeconds: int("number of seconds", "20"),
};

/**
 * A Cloud Router for BGP sessions over HA VPN, with custom route advertisement: all subnets
 * and the extra ranges peers must reach (GKE secondary ranges are not advertised unless added).
 */
export class CloudRouter extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "CloudRouter";
  /** The router. */
  public readonly resource: ComputeRouter;
  /** Router name. */
  public readonly routerName: string;
  /** Region. */
  public readonly region: string;
  /** BGP ASN. */
  public readonly asn: number;
  /** The network. */
  public readonly network: GcpNetwork;
  /** Whether every subnet is advertised. */
  public readonly advertiseAllSubnets: boolean;
  private readonly ranges: { range: string; description: string }[] = [];

  constructor(scope: Construct, id: string, props: CloudRouterProps) {
    super(scope, constructId(scope, id, "CloudRouter"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    this.network = props.network;
    this.region = check(this, "region", props.region ?? props.network.region, checkGcpRegion);
    this.routerName = check(this, "name", props.name ?? gcpName(this), (n) => checkGcpName(n));
    this.asn = check(this, "asn", props.asn ?? 64514, checkCloudRouterAsn);
    const keepalive = check(
      this,
      "keepaliveIntervalSeconds",
      props.keepaliveIntervalSeconds ?? 20,
      countBetween(20, 60, "a BGP keepalive interval in seconds"),
    );
    this.advertiseAllSubnets = props.advertiseAllSubnets ?? true;
    (props.advertisedRanges ?? []).forEach((r, i) => this.advertise(r, `advertised range ${i + 1}`));
    this.resource = new ComputeRouter(this, "Resource", {
      name: this.routerName,
      project: props.network.project,
      region: this.region,
      network: props.network.networkId,
      description: "hybrid-mesh: BGP for Cloud VPN",
      bgp: {
        asn: this.asn,
        keepaliveInterval: keepalive,
        advertiseMode: "CUSTOM",
        advertisedGroups: this.advertiseAllSubnets ? ["ALL_SUBNETS"] : [],
        advertisedIpRanges: Lazy.anyValue({
          produce: () => (this.ranges.length > 0 ? this.ranges : undefined),
        }) as never,
      },
    });
  }

  /** The custom ranges advertised, in the order added. */
  public get advertisedRanges(): string[] {
    return this.ranges.map((r) => r.range);
  }

  /** Advertises a range to every BGP peer of the router (no-op if already advertised). */
  public advertise(cidr: string, description: string): void {
    check(this, `advertisedRanges (${description})`, cidr, checkCidr);
    if (this.ranges.some((r) => r.range === cidr)) return;
    this.ranges.push({ range: cidr, description });
  }
}
