import { Cidr, TerraformModel, TfElement } from "../../core";
import { bool, Json, many, num } from "../../core/terraform/values";
import type { NetworkAclModel } from "./network-acls";
import { ANY_PRESENCE } from "./presence";
import { cidrOf, Ranges, ranges } from "./ranges";

// AWS routing read from the Terraform: VPCs and their ranges, subnets, route tables (static and
// propagated routes), VPN gateways, transit gateways and VPN connections.

/**
 * An AWS subnet.
 *
 * @internal
 */
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

/**
 * Where an AWS route sends traffic: a VPN gateway, a transit gateway, or elsewhere.
 *
 * @internal
 */
export interface AwsRouteTarget {
  /** Kind of target. */
  readonly kind: "vgw" | "tgw" | "internet" | "nat" | "other";
  /** Key of the target element, when known. */
  readonly key?: string;
}

/**
 * A route of an AWS route table.
 *
 * @internal
 */
export interface AwsRouteModel {
  /** Destination. */
  readonly dest: Cidr;
  /** Target. */
  readonly target: AwsRouteTarget;
  /** The aws_route (or the aws_route_table holding it inline). */
  readonly element: TfElement;
}

/**
 * An AWS route table.
 *
 * @internal
 */
export interface AwsRouteTableModel {
  /** The aws_route_table. */
  readonly element: TfElement;
  /** Its static routes. */
  readonly routes: AwsRouteModel[];
  /** Keys of virtual private gateways whose BGP routes propagate into it. */
  readonly propagations: string[];
  /** Routes and propagations of it that Terraform does not (or may not) create: count 0 or unknown. */
  readonly notCreated: {
    /** Static routes (aws_route). */
    readonly routes: AwsRouteModel[];
    /** Propagations (aws_vpn_gateway_route_propagation): the gateway's key and the element. */
    readonly propagations: { readonly vgw: string; readonly element: TfElement }[];
  };
}

/**
 * An AWS VPC: a routing domain.
 *
 * @internal
 */
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

/**
 * The gateway an AWS VPN connection ends on.
 *
 * @internal
 */
export interface AwsVpnGatewayRef {
  /** Virtual private gateway or transit gateway. */
  readonly kind: "vgw" | "tgw";
  /** Its key. */
  readonly key: string;
}

/**
 * An AWS VPN connection (two tunnels). Read whatever its presence (a tunnel to an absent
 * connection is down).
 *
 * @internal
 */
export interface AwsVpnConnectionModel {
  /** The aws_vpn_connection. */
  readonly element: TfElement;
  /** The gateway it ends on. */
  readonly gateway?: AwsVpnGatewayRef;
  /** The gateway's element (aws_vpn_gateway or aws_ec2_transit_gateway). */
  readonly gatewayElement?: TfElement;
  /** The gateway's ASN (`amazon_side_asn`, 64512 when unset); undefined when computed at deploy. */
  readonly gatewayAsn?: number;
  /** The aws_customer_gateway (the GCP end). */
  readonly customerGateway?: TfElement;
  /** The customer gateway's ASN (`bgp_asn`), which must be the Cloud Router's; undefined unless literal. */
  readonly customerGatewayAsn?: number;
  /**
   * The inside CIDRs of its two tunnels (`tunnel1_inside_cidr`, `tunnel2_inside_cidr`) as written:
   * undefined when unset (AWS then picks a /30 at random).
   */
  readonly insideCidrs: readonly [unknown, unknown];
  /** Whether it routes statically (no BGP). */
  readonly staticRoutesOnly: boolean;
  /** Its static routes (aws_vpn_connection_route). */
  readonly staticRoutes: Ranges;
}

/**
 * A transit gateway and the VPCs attached to it.
 *
 * @internal
 */
export interface TransitGatewayModel {
  /** The aws_ec2_transit_gateway. */
  readonly element: TfElement;
  /** Its ASN (`amazon_side_asn`, 64512 when unset); undefined when computed at deploy. */
  readonly asn?: number;
  /** Domain ids of the attached VPCs. */
  readonly vpcs: string[];
}

/**
 * The AWS routing of an app, by key.
 *
 * @internal
 */
export interface AwsNetworks {
  /** VPCs. */
  readonly vpcs: Map<string, AwsVpcModel>;
  /** Subnets. */
  readonly subnets: Map<string, AwsSubnetModel>;
  /** Transit gateways. */
  readonly transitGateways: Map<string, TransitGatewayModel>;
  /** VPN connections. */
  readonly connections: Map<string, AwsVpnConnectionModel>;
}

/**
 * The ASN of an AWS gateway (`amazon_side_asn`): 64512 when unset (AWS's default), undefined when
 * computed at deploy.
 *
 * @internal
 */
export function amazonSideAsn(e: TfElement | undefined): number | undefined {
  if (!e) return undefined;
  const v = e.config.amazon_side_asn;
  return v === undefined || v === null ? 64512 : num(v);
}

/**
 * Reads the VPCs, subnets, route tables, gateways and VPN connections that Terraform creates (and
 * the routes it does not, to explain a block).
 *
 * @internal
 */
export function readAwsNetworks(tf: TerraformModel): AwsNetworks {
  const subnets = new Map<string, AwsSubnetModel>();
  const transitGateways = new Map<string, TransitGatewayModel>();
  const connections = new Map<string, AwsVpnConnectionModel>();
  const vpcs = new Map<string, AwsVpcModel>();
  for (const e of tf.ofType("aws_vpc", "present")) {
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
  }
  const vpcOf = (e: TfElement, value: unknown) => {
    const t = tf.targetOf(e, value);
    return t ? vpcs.get(t.key) : undefined;
  };
  for (const e of tf.ofType("aws_vpc_ipv4_cidr_block_association", "present")) {
    const cidr = cidrOf(e.config.cidr_block);
    if (cidr) vpcOf(e, e.config.vpc_id)?.cidrs.push(cidr);
  }
  const tables = new Map<string, AwsRouteTableModel & { vpc?: AwsVpcModel }>();
  const targetOf = (e: TfElement, r: Json): AwsRouteTarget => {
    const pick = (field: string) => (r[field] ? tf.targetOf(e, r[field]) : undefined);
    const tgw = pick("transit_gateway_id");
    if (tgw) return { kind: "tgw", key: tgw.key };
    const gw = pick("gateway_id");
    if (gw?.type === "aws_vpn_gateway") return { kind: "vgw", key: gw.key };
    if (gw?.type === "aws_internet_gateway") return { kind: "internet", key: gw.key };
    const nat = pick("nat_gateway_id");
    if (nat) return { kind: "nat", key: nat.key };
    return { kind: "other" };
  };
  for (const e of tf.ofType("aws_route_table", "present")) {
    const table = {
      element: e,
      routes: [] as AwsRouteModel[],
      notCreated: {
        routes: [] as AwsRouteModel[],
        propagations: [] as { vgw: string; element: TfElement }[],
      },
      propagations: many(e.config.propagating_vgws)
        .map((v) => tf.targetOf(e, v)?.key)
        .filter((k): k is string => !!k),
      vpc: vpcOf(e, e.config.vpc_id),
    };
    for (const r of many(e.config.route)) {
      const dest = cidrOf(r.cidr_block);
      if (dest) table.routes.push({ dest, target: targetOf(e, r), element: e });
    }
    tables.set(e.key, table);
  }
  for (const e of tf.ofType("aws_route", ANY_PRESENCE)) {
    const table = tables.get(tf.targetOf(e, e.config.route_table_id)?.key ?? "");
    const dest = cidrOf(e.config.destination_cidr_block);
    const list = e.presence === "present" ? table?.routes : table?.notCreated.routes;
    if (list && dest) list.push({ dest, target: targetOf(e, e.config), element: e });
  }
  for (const e of tf.ofType("aws_vpn_gateway_route_propagation", ANY_PRESENCE)) {
    const table = tables.get(tf.targetOf(e, e.config.route_table_id)?.key ?? "");
    const vgw = tf.targetOf(e, e.config.vpn_gateway_id);
    if (!table || !vgw) continue;
    if (e.presence === "present") table.propagations.push(vgw.key);
    else table.notCreated.propagations.push({ vgw: vgw.key, element: e });
  }
  const mainTables = new Map<string, AwsRouteTableModel>();
  for (const e of tf.ofType("aws_main_route_table_association", "present")) {
    const vpc = vpcOf(e, e.config.vpc_id);
    const table = tables.get(tf.targetOf(e, e.config.route_table_id)?.key ?? "");
    if (vpc && table) mainTables.set(vpc.element.key, table);
  }
  for (const e of tf.ofType("aws_subnet", "present")) {
    const subnet: AwsSubnetModel = {
      element: e,
      cidr: cidrOf(e.config.cidr_block),
      zone: tf.literal(e.stack, e.config.availability_zone) ?? lookedUpZone(e.config.availability_zone),
    };
    subnets.set(e.key, subnet);
    vpcOf(e, e.config.vpc_id)?.subnets.push(subnet);
  }
  for (const e of tf.ofType("aws_route_table_association", "present")) {
    const subnet = subnets.get(tf.targetOf(e, e.config.subnet_id)?.key ?? "");
    const table = tables.get(tf.targetOf(e, e.config.route_table_id)?.key ?? "");
    if (subnet && table) subnet.routeTable = table;
  }
  for (const vpc of vpcs.values()) {
    for (const s of vpc.subnets) s.routeTable ??= mainTables.get(vpc.element.key);
  }
  for (const e of tf.ofType("aws_vpn_gateway", "present")) vpcOf(e, e.config.vpc_id)?.vgws.push(e.key);
  for (const e of tf.ofType("aws_vpn_gateway_attachment", "present")) {
    const vgw = tf.targetOf(e, e.config.vpn_gateway_id);
    const vpc = vpcOf(e, e.config.vpc_id);
    if (vgw && vpc && !vpc.vgws.includes(vgw.key)) vpc.vgws.push(vgw.key);
  }
  for (const e of tf.ofType("aws_ec2_transit_gateway", "present"))
    transitGateways.set(e.key, { element: e, asn: amazonSideAsn(e), vpcs: [] });
  for (const e of tf.ofType("aws_ec2_transit_gateway_vpc_attachment", "present")) {
    const tgw = transitGateways.get(tf.targetOf(e, e.config.transit_gateway_id)?.key ?? "");
    const vpc = vpcOf(e, e.config.vpc_id);
    if (tgw && vpc) {
      tgw.vpcs.push(vpc.id);
      vpc.tgws.push(tgw.element.key);
    }
  }
  for (const e of tf.ofType("aws_vpn_connection", ANY_PRESENCE)) {
    const vgw = tf.targetOf(e, e.config.vpn_gateway_id);
    const tgw = tf.targetOf(e, e.config.transit_gateway_id);
    const cgw = tf.targetOf(e, e.config.customer_gateway_id);
    connections.set(e.key, {
      element: e,
      gateway: vgw ? { kind: "vgw", key: vgw.key } : tgw ? { kind: "tgw", key: tgw.key } : undefined,
      gatewayElement: vgw ?? tgw,
      gatewayAsn: amazonSideAsn(vgw ?? tgw),
      customerGateway: cgw,
      customerGatewayAsn: num(cgw?.config.bgp_asn),
      insideCidrs: [e.config.tunnel1_inside_cidr, e.config.tunnel2_inside_cidr],
      staticRoutesOnly: bool(e.config.static_routes_only, false),
      staticRoutes: [],
    });
  }
  for (const e of tf.ofType("aws_vpn_connection_route", "present")) {
    const c = connections.get(tf.targetOf(e, e.config.vpn_connection_id)?.key ?? "");
    const dest = cidrOf(e.config.destination_cidr_block);
    if (c && dest) c.staticRoutes.push(dest);
  }
  return { vpcs, subnets, transitGateways, connections };
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
