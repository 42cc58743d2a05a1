import { Cidr } from "../core/net/ipv4";
import { TerraformModel, TfElement } from "../core/terraform/model";
import { bool, Json, many, num, one } from "../core/terraform/values";

// The network as it will be deployed, read from the synthesized Terraform: address spaces,
// route tables, BGP sessions and their advertisements, static routes, tunnels, firewalls,
// security groups, network ACLs and load balancers. The analysis walks it; it never looks at
// construct props.

/** A list of ranges, each parsed once. */
export type Ranges = Cidr[];

/** An AWS subnet. */
export interface AwsSubnetModel {
  /** The aws_subnet. */
  readonly element: TfElement;
  /** Its range, if literal. */
  readonly cidr?: Cidr;
  /** Its availability zone, if literal. */
  readonly zone?: string;
  /** Its route table (explicit association, else the VPC's main route table). */
  routeTable?: AwsRouteTableModel;
  /**
   * Its network ACL (explicit association, else the VPC's default ACL when Terraform manages it).
   * Undefined when Terraform does not manage one: the VPC's default ACL then allows everything.
   */
  networkAcl?: NetworkAclModel;
}

/** One rule of a network ACL (stateless: evaluated in rule-number order, first match wins). */
export interface NaclRuleModel {
  /** The resource defining it (the ACL for inline rules). */
  readonly element: TfElement;
  /** Rule number. */
  readonly number: number;
  /** Allow or deny. */
  readonly allow: boolean;
  /** Protocol ("-1" is every protocol). */
  readonly protocol: string;
  /** First port. */
  readonly fromPort?: number;
  /** Last port. */
  readonly toPort?: number;
  /** Peer range (IPv4); rules on IPv6 ranges only are not kept. */
  readonly cidr: Cidr;
}

/** A network ACL with its rules, each list sorted by rule number. */
export interface NetworkAclModel {
  /** The aws_network_acl or aws_default_network_acl. */
  readonly element: TfElement;
  /** Its name (the Name tag, else its construct path). */
  readonly name: string;
  /** Inbound rules. */
  readonly ingress: NaclRuleModel[];
  /** Outbound rules. */
  readonly egress: NaclRuleModel[];
}

/** Where an AWS route sends traffic: a VPN gateway, a transit gateway, or elsewhere. */
export interface AwsRouteTarget {
  /** Kind of target. */
  readonly kind: "vgw" | "tgw" | "internet" | "nat" | "other";
  /** Key of the target element, when known. */
  readonly key?: string;
}

/** A route of an AWS route table. */
export interface AwsRouteModel {
  /** Destination. */
  readonly dest: Cidr;
  /** Target. */
  readonly target: AwsRouteTarget;
  /** The aws_route (or the aws_route_table holding it inline). */
  readonly element: TfElement;
}

/** An AWS route table. */
export interface AwsRouteTableModel {
  /** The aws_route_table. */
  readonly element: TfElement;
  /** Its static routes. */
  readonly routes: AwsRouteModel[];
  /** Keys of virtual private gateways whose BGP routes propagate into it. */
  readonly propagations: string[];
}

/** An AWS VPC: a routing domain. */
export interface AwsVpcModel {
  /** Kind of domain. */
  readonly kind: "aws";
  /** Domain id: `aws:<key>`. */
  readonly id: string;
  /** The aws_vpc. */
  readonly element: TfElement;
  /** Its ranges (primary and associated). */
  readonly cidrs: Ranges;
  /** Its subnets. */
  readonly subnets: AwsSubnetModel[];
  /** Keys of the virtual private gateways attached. */
  readonly vgws: string[];
  /** Keys of the transit gateways attached. */
  readonly tgws: string[];
}

/** The gateway an AWS VPN connection ends on. */
export interface AwsVpnGatewayRef {
  /** Virtual private gateway or transit gateway. */
  readonly kind: "vgw" | "tgw";
  /** Its key. */
  readonly key: string;
}

/** An AWS VPN connection (two tunnels). */
export interface AwsVpnConnectionModel {
  /** The aws_vpn_connection. */
  readonly element: TfElement;
  /** The gateway it ends on. */
  readonly gateway?: AwsVpnGatewayRef;
  /** Whether it routes statically (no BGP). */
  readonly staticRoutesOnly: boolean;
  /** Its static routes (aws_vpn_connection_route). */
  readonly staticRoutes: Ranges;
}

/** A GCP subnet. */
export interface GcpSubnetModel {
  /** The google_compute_subnetwork. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Its region, if literal. */
  readonly region?: string;
  /** Its primary range, if literal. */
  readonly cidr?: Cidr;
  /** Its secondary ranges by name. */
  readonly secondary: Record<string, Cidr>;
}

/** A GCP firewall rule. */
export interface GcpFirewallModel {
  /** The google_compute_firewall. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Direction. */
  readonly direction: "INGRESS" | "EGRESS";
  /** Priority (lower wins). */
  readonly priority: number;
  /** Source ranges (ingress). */
  readonly sourceRanges: Ranges;
  /** Destination ranges (egress). */
  readonly destinationRanges: Ranges;
  /** Whether it names source tags or service accounts (which VPN traffic never carries). */
  readonly hasSourceTags: boolean;
  /** Target tags (empty: every instance). */
  readonly targetTags: string[];
  /** Allow or deny. */
  readonly action: "allow" | "deny";
  /** Protocols and ports. */
  readonly rules: GcpFirewallProtocol[];
  /** Whether it is disabled. */
  readonly disabled: boolean;
}

/** A protocol (and ports) of a firewall rule. */
export interface GcpFirewallProtocol {
  /** Protocol ("tcp", "all", ...). */
  readonly protocol: string;
  /** Ports or ranges ("15443", "30000-32767"); undefined means every port. */
  readonly ports?: string[];
}

/** BGP advertisement settings (router or session). */
export interface AdvertisementModel {
  /** DEFAULT (subnets) or CUSTOM. */
  readonly mode: "DEFAULT" | "CUSTOM";
  /** Groups (ALL_SUBNETS). */
  readonly groups: string[];
  /** Custom ranges. */
  readonly ranges: Ranges;
}

/** A Cloud Router. */
export interface GcpRouterModel {
  /** The google_compute_router. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Its region, if literal. */
  readonly region?: string;
  /** Its ASN. */
  readonly asn?: number;
  /** What it advertises to its BGP peers by default. */
  readonly advertisement: AdvertisementModel;
}

/** A GKE cluster. */
export interface GkeClusterModel {
  /** The google_container_cluster. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Region or zone. */
  readonly location?: string;
  /** Whether it is zonal. */
  readonly zonal: boolean;
  /** Its subnet. */
  readonly subnet?: GcpSubnetModel;
  /** Pod range. */
  readonly podRange?: Cidr;
  /** Service range. */
  readonly serviceRange?: Cidr;
  /** Whether nodes are private. */
  readonly privateNodes: boolean;
  /** Whether the control plane has a private endpoint only. */
  readonly privateEndpointOnly: boolean;
  /** Control-plane /28 (private clusters). */
  readonly controlPlaneCidr?: Cidr;
  /** Master authorized networks, or undefined when the control plane admits every source. */
  readonly authorizedNetworks?: Ranges;
  /** Network tags of the nodes, per node pool. */
  readonly nodePoolTags: string[][];
  /** Whether the VPC exports its custom routes to the control plane's network. */
  readonly routesExported: boolean;
}

/** A GCP VPC network: a routing domain. */
export interface GcpNetworkModel {
  /** Kind of domain. */
  readonly kind: "gcp";
  /** Domain id: `gcp:<key>`. */
  readonly id: string;
  /** The google_compute_network. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Dynamic routing mode. */
  readonly routingMode: "REGIONAL" | "GLOBAL";
  /** Its subnets. */
  readonly subnets: GcpSubnetModel[];
  /** Its firewall rules. */
  readonly firewalls: GcpFirewallModel[];
  /** Its Cloud Routers. */
  readonly routers: GcpRouterModel[];
  /** Its static routes. */
  readonly staticRoutes: GcpStaticRouteModel[];
  /** Its GKE clusters. */
  readonly clusters: GkeClusterModel[];
}

/** A GCP static route. */
export interface GcpStaticRouteModel {
  /** The google_compute_route. */
  readonly element: TfElement;
  /** Destination. */
  readonly dest: Cidr;
  /** Key of the next-hop VPN tunnel, if that is the next hop. */
  readonly tunnel?: string;
  /** Instance tags it applies to (empty: all). */
  readonly tags: string[];
}

/** An on-premises network (outside Terraform: described by the topology). */
export interface OnPremNetworkModel {
  /** Kind of domain. */
  readonly kind: "onprem";
  /** Domain id: `onprem:<site>`. */
  readonly id: string;
  /** Site name. */
  readonly name: string;
  /** Its ranges. */
  readonly ranges: Ranges;
  /** Ranges its firewall admits. */
  readonly acceptsFrom: Ranges;
  /** Ranges it routes into its static (Classic VPN) tunnels: its peer sheet. */
  readonly staticRoutes: Ranges;
}

/** A routing domain: a VPC, a GCP network or an on-premises network. */
export type DomainModel = AwsVpcModel | GcpNetworkModel | OnPremNetworkModel;

/** The end of a tunnel that is not GCP. */
export interface TunnelPeer {
  /** An AWS VPN connection, or an on-premises device. */
  readonly kind: "aws" | "onprem";
  /** The AWS connection (kind "aws"). */
  readonly connection?: AwsVpnConnectionModel;
  /** Which of its two tunnels (kind "aws"). */
  readonly tunnel?: 1 | 2;
  /** The on-premises site (kind "onprem"). */
  readonly site?: string;
  /** The device's interface (HA VPN to an on-premises device). */
  readonly interface?: number;
}

/** The GCP gateway of a tunnel. */
export interface TunnelGateway {
  /** HA VPN or Classic VPN. */
  readonly kind: "ha" | "classic";
  /** Key of the gateway. */
  readonly key: string;
  /** Its name. */
  readonly label: string;
  /** HA VPN interface (0 or 1). */
  readonly interface?: number;
}

/** The BGP session over a tunnel. */
export interface TunnelBgp {
  /** The google_compute_router_peer. */
  readonly element: TfElement;
  /** Its Cloud Router. */
  readonly router?: GcpRouterModel;
  /** Whether the session is enabled. */
  readonly enabled: boolean;
  /** Its own advertisement (custom mode), overriding the router's. */
  readonly advertisement?: AdvertisementModel;
}

/** A VPN tunnel, as seen from its GCP end. */
export interface TunnelModel {
  /** The google_compute_vpn_tunnel. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Name and construct path. */
  readonly label: string;
  /** The link it belongs to (the full construct path of the VPN construct). */
  readonly link: string;
  /** Its GCP network. */
  readonly network?: GcpNetworkModel;
  /** Its region. */
  readonly region?: string;
  /** HA VPN gateway and its interface, or the Classic VPN gateway. */
  readonly gateway: TunnelGateway;
  /** The other end. */
  readonly peer?: TunnelPeer;
  /** The domain at the other end. */
  readonly peerDomain?: DomainModel;
  /** The BGP session over it, if any. */
  readonly bgp?: TunnelBgp;
  /** IKE version. */
  readonly ikeVersion?: number;
  /** What can fail and take the tunnel down with it. */
  readonly units: string[];
}

/** Security-group rule (ingress or egress). */
export interface SgRuleModel {
  /** The resource defining it. */
  readonly element: TfElement;
  /** Protocol ("-1" is every protocol). */
  readonly protocol: string;
  /** First port. */
  readonly fromPort?: number;
  /** Last port. */
  readonly toPort?: number;
  /** Peer range. */
  readonly cidr?: Cidr;
  /** Key of the peer security group. */
  readonly referencedGroup?: string;
}

/** A security group with its rules. */
export interface SecurityGroupModel {
  /** The aws_security_group. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Ingress rules. */
  readonly ingress: SgRuleModel[];
  /** Egress rules. */
  readonly egress: SgRuleModel[];
}

/** One address of a load balancer (a node per subnet). */
export interface LoadBalancerNode {
  /** The subnet. */
  readonly subnet?: AwsSubnetModel;
  /** Its fixed private address, if any. */
  readonly address?: string;
}

/** A listener of a load balancer. */
export interface ListenerModel {
  /** The aws_lb_listener. */
  readonly element: TfElement;
  /** Port. */
  readonly port?: number;
  /** Where it forwards. */
  readonly targetGroup?: TargetGroupModel;
}

/** An AWS load balancer with its listeners and targets. */
export interface LoadBalancerModel {
  /** The aws_lb. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Whether it is internal. */
  readonly internal: boolean;
  /** Its VPC. */
  readonly vpc?: AwsVpcModel;
  /** Its addresses: fixed private IPs per subnet, or the subnets (address assigned by AWS). */
  readonly nodes: LoadBalancerNode[];
  /** Keys of its security groups. */
  readonly securityGroups: string[];
  /** Its listeners. */
  readonly listeners: ListenerModel[];
}

/** A target group and the auto scaling groups registered in it. */
export interface TargetGroupModel {
  /** The aws_lb_target_group. */
  readonly element: TfElement;
  /** Target port. */
  readonly port?: number;
  /** Whether targets see the client's address. */
  readonly preserveClientIp: boolean;
  /** Auto scaling groups registered. */
  readonly groups: AutoScalingGroupModel[];
}

/** An auto scaling group: its subnets and the security groups of its instances. */
export interface AutoScalingGroupModel {
  /** The aws_autoscaling_group. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Its subnets. */
  readonly subnets: AwsSubnetModel[];
  /** Keys of its instances' security groups (from the launch template). */
  readonly securityGroups: string[];
  /** Keys of the target groups it registers in. */
  readonly targetGroups: string[];
}

/** A transit gateway and the VPCs attached to it. */
export interface TransitGatewayModel {
  /** The aws_ec2_transit_gateway. */
  readonly element: TfElement;
  /** Domain ids of the attached VPCs. */
  readonly vpcs: string[];
}

/** The on-premises sites the topology describes (they are not in Terraform). */
export interface OnPremInput {
  /** Site name. */
  readonly name: string;
  /** Its ranges. */
  readonly ranges: string[];
  /** Ranges its firewall admits. */
  readonly acceptsFrom: string[];
  /** Ranges it routes into Classic VPN tunnels (its peer sheet). */
  readonly staticRoutes: string[];
  /** Construct paths of the VPN constructs leading to it: their tunnels end there. */
  readonly links: string[];
}

/** Parsed ranges: the same strings recur thousands of times in a large topology. */
const parsed = new Map<string, Cidr | undefined>();

function cidrOf(text: unknown): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  if (parsed.has(text)) return parsed.get(text);
  const t = text.includes("/") ? text : `${text}/32`;
  const cidr = Cidr.isCidr(t) ? Cidr.parse(t) : undefined;
  if (parsed.size < 100_000) parsed.set(text, cidr);
  return cidr;
}

function ranges(list: unknown): Ranges {
  return many(list)
    .map((x) => cidrOf(typeof x === "object" && x !== null ? (x.range ?? x.cidr_block) : x))
    .filter((c): c is Cidr => c !== undefined);
}

/** The whole network model of an app. */
export class NetworkModel {
  /** Routing domains by id. */
  public readonly domains = new Map<string, DomainModel>();
  /** Tunnels. */
  public readonly tunnels: TunnelModel[] = [];
  /** AWS VPN connections by key. */
  public readonly connections = new Map<string, AwsVpnConnectionModel>();
  /** Security groups by key. */
  public readonly securityGroups = new Map<string, SecurityGroupModel>();
  /** Load balancers by key. */
  public readonly loadBalancers = new Map<string, LoadBalancerModel>();
  /** Auto scaling groups by key. */
  public readonly autoScalingGroups = new Map<string, AutoScalingGroupModel>();
  /** Transit gateways by key: VPCs attached and whether VPN routes propagate. */
  public readonly transitGateways = new Map<string, TransitGatewayModel>();
  /** GKE clusters by key. */
  public readonly gkeClusters = new Map<string, GkeClusterModel>();
  /** AWS network ACLs by key (aws_network_acl and aws_default_network_acl). */
  public readonly networkAcls = new Map<string, NetworkAclModel>();
  /** AWS subnets by key. */
  private readonly awsSubnets = new Map<string, AwsSubnetModel>();

  constructor(
    /** The Terraform it was read from. */
    public readonly tf: TerraformModel,
    onPrem: readonly OnPremInput[] = [],
  ) {
    this.readAws();
    this.readGcp();
    for (const site of onPrem) {
      this.domains.set(`onprem:${site.name}`, {
        kind: "onprem",
        id: `onprem:${site.name}`,
        name: site.name,
        ranges: ranges(site.ranges),
        acceptsFrom: ranges(site.acceptsFrom),
        staticRoutes: ranges(site.staticRoutes),
      });
    }
    this.readTunnels(onPrem);
  }

  /** The AWS subnet with a key. */
  public awsSubnet(key: string): AwsSubnetModel | undefined {
    return this.awsSubnets.get(key);
  }

  /** The domain an element belongs to (its VPC or network). */
  public domainOf(key: string): DomainModel | undefined {
    return this.domains.get(`aws:${key}`) ?? this.domains.get(`gcp:${key}`);
  }

  private target(e: TfElement, value: unknown): TfElement | undefined {
    return this.tf.target(e.stack, value);
  }

  private readAws(): void {
    const tf = this.tf;
    const vpcs = new Map<string, AwsVpcModel>();
    for (const e of tf.ofType("aws_vpc")) {
      const vpc: AwsVpcModel = {
        kind: "aws",
        id: `aws:${e.key}`,
        element: e,
        cidrs: ranges([e.config.cidr_block]),
        subnets: [],
        vgws: [],
        tgws: [],
      };
      vpcs.set(e.key, vpc);
      this.domains.set(vpc.id, vpc);
    }
    const vpcOf = (e: TfElement, value: unknown) => {
      const t = this.target(e, value);
      return t ? vpcs.get(t.key) : undefined;
    };
    for (const e of tf.ofType("aws_vpc_ipv4_cidr_block_association")) {
      const cidr = cidrOf(e.config.cidr_block);
      if (cidr) vpcOf(e, e.config.vpc_id)?.cidrs.push(cidr);
    }
    const tables = new Map<string, AwsRouteTableModel & { vpc?: AwsVpcModel }>();
    const targetOf = (e: TfElement, r: Json): AwsRouteTarget => {
      const pick = (field: string) => (r[field] ? this.target(e, r[field]) : undefined);
      const tgw = pick("transit_gateway_id");
      if (tgw) return { kind: "tgw", key: tgw.key };
      const gw = pick("gateway_id");
      if (gw?.type === "aws_vpn_gateway") return { kind: "vgw", key: gw.key };
      if (gw?.type === "aws_internet_gateway") return { kind: "internet", key: gw.key };
      const nat = pick("nat_gateway_id");
      if (nat) return { kind: "nat", key: nat.key };
      return { kind: "other" };
    };
    for (const e of tf.ofType("aws_route_table")) {
      const table = {
        element: e,
        routes: [] as AwsRouteModel[],
        propagations: many(e.config.propagating_vgws)
          .map((v) => this.target(e, v)?.key)
          .filter((k): k is string => !!k),
        vpc: vpcOf(e, e.config.vpc_id),
      };
      for (const r of many(e.config.route)) {
        const dest = cidrOf(r.cidr_block);
        if (dest) table.routes.push({ dest, target: targetOf(e, r), element: e });
      }
      tables.set(e.key, table);
    }
    for (const e of tf.ofType("aws_route")) {
      const table = tables.get(this.target(e, e.config.route_table_id)?.key ?? "");
      const dest = cidrOf(e.config.destination_cidr_block);
      if (table && dest) table.routes.push({ dest, target: targetOf(e, e.config), element: e });
    }
    for (const e of tf.ofType("aws_vpn_gateway_route_propagation")) {
      const table = tables.get(this.target(e, e.config.route_table_id)?.key ?? "");
      const vgw = this.target(e, e.config.vpn_gateway_id);
      if (table && vgw) table.propagations.push(vgw.key);
    }
    const mainTables = new Map<string, AwsRouteTableModel>();
    for (const e of tf.ofType("aws_main_route_table_association")) {
      const vpc = vpcOf(e, e.config.vpc_id);
      const table = tables.get(this.target(e, e.config.route_table_id)?.key ?? "");
      if (vpc && table) mainTables.set(vpc.element.key, table);
    }
    for (const e of tf.ofType("aws_subnet")) {
      const subnet: AwsSubnetModel = {
        element: e,
        cidr: cidrOf(e.config.cidr_block),
        zone: tf.literal(e.stack, e.config.availability_zone) ?? lookedUpZone(e.config.availability_zone),
      };
      this.awsSubnets.set(e.key, subnet);
      vpcOf(e, e.config.vpc_id)?.subnets.push(subnet);
    }
    for (const e of tf.ofType("aws_route_table_association")) {
      const subnet = this.awsSubnets.get(this.target(e, e.config.subnet_id)?.key ?? "");
      const table = tables.get(this.target(e, e.config.route_table_id)?.key ?? "");
      if (subnet && table) subnet.routeTable = table;
    }
    for (const vpc of vpcs.values()) {
      for (const s of vpc.subnets) s.routeTable ??= mainTables.get(vpc.element.key);
    }
    for (const e of tf.ofType("aws_vpn_gateway")) vpcOf(e, e.config.vpc_id)?.vgws.push(e.key);
    for (const e of tf.ofType("aws_vpn_gateway_attachment")) {
      const vgw = this.target(e, e.config.vpn_gateway_id);
      const vpc = vpcOf(e, e.config.vpc_id);
      if (vgw && vpc && !vpc.vgws.includes(vgw.key)) vpc.vgws.push(vgw.key);
    }
    for (const e of tf.ofType("aws_ec2_transit_gateway"))
      this.transitGateways.set(e.key, { element: e, vpcs: [] });
    for (const e of tf.ofType("aws_ec2_transit_gateway_vpc_attachment")) {
      const tgw = this.transitGateways.get(this.target(e, e.config.transit_gateway_id)?.key ?? "");
      const vpc = vpcOf(e, e.config.vpc_id);
      if (tgw && vpc) {
        tgw.vpcs.push(vpc.id);
        vpc.tgws.push(tgw.element.key);
      }
    }
    for (const e of tf.ofType("aws_vpn_connection")) {
      const vgw = this.target(e, e.config.vpn_gateway_id);
      const tgw = this.target(e, e.config.transit_gateway_id);
      this.connections.set(e.key, {
        element: e,
        gateway: vgw ? { kind: "vgw", key: vgw.key } : tgw ? { kind: "tgw", key: tgw.key } : undefined,
        staticRoutesOnly: bool(e.config.static_routes_only, false),
        staticRoutes: [],
      });
    }
    for (const e of tf.ofType("aws_vpn_connection_route")) {
      const c = this.connections.get(this.target(e, e.config.vpn_connection_id)?.key ?? "");
      const dest = cidrOf(e.config.destination_cidr_block);
      if (c && dest) c.staticRoutes.push(dest);
    }

    this.readNetworkAcls(vpcs);

    // Security groups, load balancers, target groups, auto scaling groups.
    for (const e of tf.ofType("aws_security_group")) {
      const sg: SecurityGroupModel = {
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        ingress: [],
        egress: [],
      };
      const inline = (r: Json, list: SgRuleModel[]) => {
        const cidrs = ranges(r.cidr_blocks);
        const base = {
          element: e,
          protocol: String(r.protocol ?? "-1"),
          fromPort: num(r.from_port),
          toPort: num(r.to_port),
        };
        cidrs.forEach((cidr) => list.push({ ...base, cidr }));
        for (const g of many(r.security_groups))
          list.push({ ...base, referencedGroup: this.target(e, g)?.key });
      };
      many(e.config.ingress).forEach((r) => inline(r, sg.ingress));
      many(e.config.egress).forEach((r) => inline(r, sg.egress));
      this.securityGroups.set(e.key, sg);
    }
    const addRule = (
      e: TfElement,
      direction: "ingress" | "egress",
      c: Json,
      cidrField: string,
      refField: string,
    ) => {
      const sg = this.securityGroups.get(this.target(e, c.security_group_id)?.key ?? "");
      if (!sg) return;
      const rule: SgRuleModel = {
        element: e,
        protocol: String(c.ip_protocol ?? c.protocol ?? "-1"),
        fromPort: num(c.from_port),
        toPort: num(c.to_port),
        cidr: cidrOf(one(c[cidrField])),
        referencedGroup: c[refField] ? this.target(e, c[refField])?.key : undefined,
      };
      sg[direction].push(rule);
    };
    for (const e of tf.ofType("aws_vpc_security_group_ingress_rule"))
      addRule(e, "ingress", e.config, "cidr_ipv4", "referenced_security_group_id");
    for (const e of tf.ofType("aws_vpc_security_group_egress_rule"))
      addRule(e, "egress", e.config, "cidr_ipv4", "referenced_security_group_id");
    for (const e of tf.ofType("aws_security_group_rule")) {
      const dir = e.config.type === "egress" ? "egress" : "ingress";
      for (const cidr of many(e.config.cidr_blocks).length ? many(e.config.cidr_blocks) : [undefined])
        addRule(e, dir, { ...e.config, cidr_blocks: cidr }, "cidr_blocks", "source_security_group_id");
    }
    const templates = new Map<string, string[]>();
    for (const e of tf.ofType("aws_launch_template")) {
      const groups = [
        ...many(e.config.vpc_security_group_ids),
        ...many(e.config.network_interfaces).flatMap((n) => many(n.security_groups)),
      ]
        .map((g) => this.target(e, g)?.key)
        .filter((k): k is string => !!k);
      templates.set(e.key, groups);
    }
    for (const e of tf.ofType("aws_autoscaling_group")) {
      const lt =
        one(e.config.launch_template)?.id ??
        one(one(one(e.config.mixed_instances_policy)?.launch_template)?.launch_template_specification)
          ?.launch_template_id;
      const asg: AutoScalingGroupModel = {
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        subnets: many(e.config.vpc_zone_identifier)
          .map((s) => this.awsSubnets.get(this.target(e, s)?.key ?? ""))
          .filter((s): s is AwsSubnetModel => !!s),
        securityGroups: templates.get(this.target(e, lt)?.key ?? "") ?? [],
        targetGroups: many(e.config.target_group_arns)
          .map((t) => this.target(e, t)?.key)
          .filter((k): k is string => !!k),
      };
      this.autoScalingGroups.set(e.key, asg);
    }
    for (const e of tf.ofType("aws_autoscaling_attachment")) {
      const asg = this.autoScalingGroups.get(this.target(e, e.config.autoscaling_group_name)?.key ?? "");
      const tg = this.target(e, e.config.lb_target_group_arn);
      if (asg && tg) asg.targetGroups.push(tg.key);
    }
    const targetGroups = new Map<string, TargetGroupModel>();
    for (const e of tf.ofType("aws_lb_target_group")) {
      targetGroups.set(e.key, {
        element: e,
        port: num(e.config.port),
        preserveClientIp: bool(e.config.preserve_client_ip, e.config.target_type !== "ip"),
        groups: [...this.autoScalingGroups.values()].filter((g) => g.targetGroups.includes(e.key)),
      });
    }
    for (const e of tf.ofType("aws_lb")) {
      const mappings = many(e.config.subnet_mapping);
      const nodes = mappings.length
        ? mappings.map((m) => ({
            subnet: this.awsSubnets.get(this.target(e, m.subnet_id)?.key ?? ""),
            address: tf.literal(e.stack, m.private_ipv4_address),
          }))
        : many(e.config.subnets).map((s) => ({ subnet: this.awsSubnets.get(this.target(e, s)?.key ?? "") }));
      const vpc = [...vpcs.values()].find((v) => nodes.some((n) => n.subnet && v.subnets.includes(n.subnet)));
      this.loadBalancers.set(e.key, {
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        internal: bool(e.config.internal, false),
        vpc,
        nodes,
        securityGroups: many(e.config.security_groups)
          .map((g) => this.target(e, g)?.key)
          .filter((k): k is string => !!k),
        listeners: [],
      });
    }
    for (const e of tf.ofType("aws_lb_listener")) {
      const lb = this.loadBalancers.get(this.target(e, e.config.load_balancer_arn)?.key ?? "");
      if (!lb) continue;
      const action = many(e.config.default_action).find((a) => (a.type ?? "forward") === "forward");
      const tgKey = this.target(
        e,
        action?.target_group_arn ?? one(action?.forward)?.target_group?.[0]?.arn,
      )?.key;
      lb.listeners.push({ element: e, port: num(e.config.port), targetGroup: targetGroups.get(tgKey ?? "") });
    }
  }

  /**
   * Network ACLs: aws_network_acl (inline rules, subnet_ids), aws_network_acl_rule,
   * aws_network_acl_association, and aws_default_network_acl (which takes the subnets of its VPC
   * that no other ACL claims; without rules it denies everything).
   */
  private readNetworkAcls(vpcs: Map<string, AwsVpcModel>): void {
    const tf = this.tf;
    const acls = this.networkAcls;
    const inline = (e: TfElement, list: unknown, into: NaclRuleModel[]) => {
      for (const r of many(list)) {
        const cidr = cidrOf(r.cidr_block);
        if (!cidr) continue;
        into.push({
          element: e,
          number: num(r.rule_no) ?? 0,
          allow: String(r.action ?? "").toLowerCase() === "allow",
          protocol: String(r.protocol ?? "-1"),
          fromPort: num(r.from_port),
          toPort: num(r.to_port),
          cidr,
        });
      }
    };
    const nameOf = (e: TfElement) => tf.literal(e.stack, e.config.tags?.Name) ?? e.path;
    const claimed = new Set<AwsSubnetModel>();
    const associate = (e: TfElement, subnetRef: unknown, acl: NetworkAclModel) => {
      const subnet = this.awsSubnets.get(this.target(e, subnetRef)?.key ?? "");
      if (!subnet) return;
      subnet.networkAcl = acl;
      claimed.add(subnet);
    };
    const read = (e: TfElement) => {
      const acl: NetworkAclModel = { element: e, name: nameOf(e), ingress: [], egress: [] };
      inline(e, e.config.ingress, acl.ingress);
      inline(e, e.config.egress, acl.egress);
      acls.set(e.key, acl);
      for (const s of many(e.config.subnet_ids)) associate(e, s, acl);
      return acl;
    };
    tf.ofType("aws_network_acl").forEach(read);
    for (const e of tf.ofType("aws_network_acl_association")) {
      const acl = acls.get(this.target(e, e.config.network_acl_id)?.key ?? "");
      if (acl) associate(e, e.config.subnet_id, acl);
    }
    for (const e of tf.ofType("aws_default_network_acl")) {
      const acl = read(e);
      // default_network_acl_id is the VPC's attribute: "${aws_vpc.x.default_network_acl_id}".
      const vpc = vpcs.get(this.target(e, e.config.default_network_acl_id)?.key ?? "");
      for (const s of vpc?.subnets ?? []) if (!claimed.has(s)) s.networkAcl = acl;
    }
    for (const e of tf.ofType("aws_network_acl_rule")) {
      const acl = acls.get(this.target(e, e.config.network_acl_id)?.key ?? "");
      const cidr = cidrOf(e.config.cidr_block);
      if (!acl || !cidr) continue;
      (bool(e.config.egress, false) ? acl.egress : acl.ingress).push({
        element: e,
        number: num(e.config.rule_number) ?? 0,
        allow: String(e.config.rule_action ?? "").toLowerCase() === "allow",
        protocol: String(e.config.protocol ?? "-1"),
        fromPort: num(e.config.from_port),
        toPort: num(e.config.to_port),
        cidr,
      });
    }
    for (const acl of acls.values()) {
      acl.ingress.sort((a, b) => a.number - b.number);
      acl.egress.sort((a, b) => a.number - b.number);
    }
  }

  private readGcp(): void {
    const tf = this.tf;
    const networks = new Map<string, GcpNetworkModel>();
    for (const e of tf.ofType("google_compute_network")) {
      const n: GcpNetworkModel = {
        kind: "gcp",
        id: `gcp:${e.key}`,
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        routingMode: e.config.routing_mode === "GLOBAL" ? "GLOBAL" : "REGIONAL",
        subnets: [],
        firewalls: [],
        routers: [],
        staticRoutes: [],
        clusters: [],
      };
      networks.set(e.key, n);
      this.domains.set(n.id, n);
    }
    const netOf = (e: TfElement, value: unknown) => networks.get(this.target(e, value)?.key ?? "");
    const subnets = new Map<string, GcpSubnetModel>();
    for (const e of tf.ofType("google_compute_subnetwork")) {
      const secondary: Record<string, Cidr> = {};
      for (const r of many(e.config.secondary_ip_range)) {
        const c = cidrOf(r.ip_cidr_range);
        if (c && typeof r.range_name === "string") secondary[r.range_name] = c;
      }
      const s: GcpSubnetModel = {
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        region: tf.literal(e.stack, e.config.region),
        cidr: cidrOf(e.config.ip_cidr_range),
        secondary,
      };
      subnets.set(e.key, s);
      netOf(e, e.config.network)?.subnets.push(s);
    }
    for (const e of tf.ofType("google_compute_firewall")) {
      const allow = many(e.config.allow);
      const deny = many(e.config.deny);
      netOf(e, e.config.network)?.firewalls.push({
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        direction: e.config.direction === "EGRESS" ? "EGRESS" : "INGRESS",
        priority: num(e.config.priority) ?? 1000,
        sourceRanges: ranges(e.config.source_ranges),
        destinationRanges: ranges(e.config.destination_ranges),
        hasSourceTags:
          many(e.config.source_tags).length > 0 || many(e.config.source_service_accounts).length > 0,
        targetTags: many(e.config.target_tags).map(String),
        action: deny.length ? "deny" : "allow",
        rules: (deny.length ? deny : allow).map((r) => ({
          protocol: String(r.protocol),
          ports: r.ports ? many(r.ports).map(String) : undefined,
        })),
        disabled: bool(e.config.disabled, false),
      });
    }
    const routers = new Map<string, GcpRouterModel>();
    for (const e of tf.ofType("google_compute_router")) {
      const bgp = one(e.config.bgp) ?? {};
      const r: GcpRouterModel = {
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        region: tf.literal(e.stack, e.config.region),
        asn: num(bgp.asn),
        advertisement: advertisementOf(bgp.advertise_mode, bgp.advertised_groups, bgp.advertised_ip_ranges),
      };
      routers.set(e.key, r);
      netOf(e, e.config.network)?.routers.push(r);
    }
    const gke = new Map<string, GkeClusterModel & { network?: GcpNetworkModel }>();
    for (const e of tf.ofType("google_container_cluster")) {
      const subnet = subnets.get(this.target(e, e.config.subnetwork)?.key ?? "");
      const ipa = one(e.config.ip_allocation_policy) ?? {};
      const pcc = one(e.config.private_cluster_config);
      const man = one(e.config.master_authorized_networks_config);
      const location = tf.literal(e.stack, e.config.location);
      const c = {
        element: e,
        name: tf.literal(e.stack, e.config.name) ?? e.path,
        location,
        zonal: !!location && /-[a-z]$/.test(location),
        subnet,
        podRange: subnet?.secondary[ipa.cluster_secondary_range_name] ?? cidrOf(ipa.cluster_ipv4_cidr_block),
        serviceRange:
          subnet?.secondary[ipa.services_secondary_range_name] ?? cidrOf(ipa.services_ipv4_cidr_block),
        privateNodes: bool(pcc?.enable_private_nodes, false),
        privateEndpointOnly: bool(pcc?.enable_private_endpoint, false),
        controlPlaneCidr: cidrOf(pcc?.master_ipv4_cidr_block),
        authorizedNetworks: man ? ranges(many(man.cidr_blocks)) : undefined,
        nodePoolTags: [] as string[][],
        routesExported: false,
        network: netOf(e, e.config.network),
      };
      gke.set(e.key, c);
      this.gkeClusters.set(e.key, c);
      c.network?.clusters.push(c);
    }
    for (const e of tf.ofType("google_container_node_pool")) {
      const c = gke.get(this.target(e, e.config.cluster)?.key ?? "");
      if (c) c.nodePoolTags.push(many(one(e.config.node_config)?.tags).map(String));
    }
    for (const c of gke.values()) {
      if (c.nodePoolTags.length === 0)
        c.nodePoolTags.push(many(one(c.element.config.node_config)?.tags).map(String));
    }
    for (const e of tf.ofType("google_compute_network_peering_routes_config")) {
      const c = gke.get(this.target(e, e.config.peering)?.key ?? "");
      if (c && bool(e.config.export_custom_routes, false))
        (c as { routesExported: boolean }).routesExported = true;
    }
    for (const e of tf.ofType("google_compute_route")) {
      const dest = cidrOf(e.config.dest_range);
      const tunnel = this.target(e, e.config.next_hop_vpn_tunnel)?.key;
      if (dest)
        netOf(e, e.config.network)?.staticRoutes.push({
          element: e,
          dest,
          tunnel,
          tags: many(e.config.tags).map(String),
        });
    }
  }

  private readTunnels(onPrem: readonly OnPremInput[]): void {
    const tf = this.tf;
    const interfaces = new Map<string, TfElement>(); // tunnel key -> router interface
    for (const e of tf.ofType("google_compute_router_interface")) {
      const t = this.target(e, e.config.vpn_tunnel);
      if (t) interfaces.set(t.key, e);
    }
    const peers = new Map<string, TfElement>(); // interface key -> router peer
    for (const e of tf.ofType("google_compute_router_peer")) {
      const i = this.target(e, e.config.interface);
      if (i) peers.set(i.key, e);
    }
    const routerByKey = new Map<string, GcpRouterModel>();
    for (const d of this.domains.values())
      if (d.kind === "gcp") d.routers.forEach((r) => routerByKey.set(r.element.key, r));
    const siteOfPath = (e: TfElement) =>
      onPrem.find((s) => s.links.some((l) => e.fullPath.startsWith(`${l}/`)));

    for (const e of tf.ofType("google_compute_vpn_tunnel")) {
      const ha = this.target(e, e.config.vpn_gateway);
      const classic = this.target(e, e.config.target_vpn_gateway);
      const gatewayElement = ha ?? classic;
      const network = gatewayElement
        ? (this.domains.get(`gcp:${this.target(gatewayElement, gatewayElement.config.network)?.key}`) as
            GcpNetworkModel | undefined)
        : undefined;
      const gcpInterface = num(e.config.vpn_gateway_interface) ?? (ha ? 0 : undefined);
      const gatewayLabel = gatewayElement
        ? (tf.literal(gatewayElement.stack, gatewayElement.config.name) ?? gatewayElement.path)
        : "unknown gateway";
      const name = tf.literal(e.stack, e.config.name) ?? e.path;
      const units = [`tunnel ${name}`];
      if (ha && gcpInterface !== undefined) units.push(`HA VPN interface ${gcpInterface} of ${gatewayLabel}`);
      if (classic) units.push(`Classic VPN gateway ${gatewayLabel}`);

      // The other end.
      let peer: TunnelPeer | undefined;
      let peerDomain: DomainModel | undefined;
      const ext = this.target(e, e.config.peer_external_gateway);
      const peerInterface = num(e.config.peer_external_gateway_interface) ?? 0;
      if (ext) {
        const iface = many(ext.config.interface).find((i) => (num(i.id) ?? 0) === peerInterface);
        const ref = iface ? tf.ref(ext.stack, iface.ip_address) : undefined;
        const conn = ref ? this.connections.get(ref.element.key) : undefined;
        if (conn) {
          const tunnelNo = /tunnel2_/.test(ref!.attribute) ? 2 : 1;
          peer = { kind: "aws", connection: conn, tunnel: tunnelNo };
          units.push(`AWS tunnel ${tunnelNo} of ${conn.element.path}`);
          if (conn.gateway?.kind === "vgw") {
            peerDomain = [...this.domains.values()].find(
              (d) => d.kind === "aws" && d.vgws.includes(conn.gateway!.key),
            );
          } else if (conn.gateway?.kind === "tgw") {
            const vpcs = this.transitGateways.get(conn.gateway.key)?.vpcs ?? [];
            peerDomain = vpcs.length ? this.domains.get(vpcs[0]) : undefined;
          }
        }
      }
      if (!peer) {
        const site = siteOfPath(e);
        if (site) {
          peer = { kind: "onprem", site: site.name, interface: ext ? peerInterface : undefined };
          peerDomain = this.domains.get(`onprem:${site.name}`);
          if (ext) units.push(`interface ${peerInterface} of ${site.name}'s VPN device`);
          else units.push(`${site.name}'s VPN device`);
        }
      }

      const iface = interfaces.get(e.key);
      const bgpPeer = iface ? peers.get(iface.key) : undefined;
      const router =
        routerByKey.get(this.target(e, e.config.router)?.key ?? "") ??
        (iface ? routerByKey.get(this.target(iface, iface.config.router)?.key ?? "") : undefined);
      const linkPath = e.fullPath.includes("/")
        ? e.fullPath.slice(0, e.fullPath.lastIndexOf("/"))
        : e.fullPath;
      this.tunnels.push({
        element: e,
        name,
        label: `${name} (${e.path})`,
        link: linkPath,
        network,
        region: tf.literal(e.stack, e.config.region),
        gateway: {
          kind: ha ? "ha" : "classic",
          key: gatewayElement?.key ?? "",
          label: gatewayLabel,
          interface: gcpInterface,
        },
        peer,
        peerDomain,
        bgp: bgpPeer
          ? {
              element: bgpPeer,
              router,
              enabled: bool(bgpPeer.config.enable, true),
              advertisement:
                bgpPeer.config.advertise_mode === "CUSTOM"
                  ? advertisementOf(
                      "CUSTOM",
                      bgpPeer.config.advertised_groups,
                      bgpPeer.config.advertised_ip_ranges,
                    )
                  : undefined,
            }
          : undefined,
        ikeVersion: num(e.config.ike_version) ?? 2,
        units,
      });
    }
  }
}

function advertisementOf(mode: unknown, groups: unknown, advertised: unknown): AdvertisementModel {
  return {
    mode: mode === "CUSTOM" ? "CUSTOM" : "DEFAULT",
    groups: many(groups).map(String),
    ranges: ranges(advertised),
  };
}

/**
 * A zone looked up at plan time (`${element(data.aws_availability_zones.<name>.names, <i>)}`, where
 * zone letters differ per account): named by its position, so that subnets at different positions
 * count as different zones and the reports say the names are known only at plan time.
 */
function lookedUpZone(value: unknown): string | undefined {
  const m =
    typeof value === "string"
      ? /element\(data\.aws_availability_zones\.[^.]+\.names,\s*(\d+)\)/.exec(value)
      : null;
  return m ? `zone ${Number(m[1]) + 1} (looked up at plan time)` : undefined;
}
