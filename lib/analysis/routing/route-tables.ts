import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import { AwsRouteTableModel, AwsVpcModel, notCreated, TunnelModel } from "../model";
import { LearnedRoutes } from "./learned-routes";

/**
 * A route of an AWS route table, static or propagated.
 *
 * @internal
 */
export interface TableRoute {
  /** The prefix. */
  readonly prefix: Cidr;
  /** Where it sends traffic. */
  readonly target: "vgw" | "tgw" | "internet" | "nat" | "other";
  /**
   * Key of the target.
   *
   * @default - unknown
   */
  readonly key?: string;
  /** The route's construct path, or "propagated". */
  readonly via: string;
  /**
   * For a propagated route, the tunnel that carries it.
   *
   * @default - a static route
   */
  readonly tunnel?: TunnelModel;
}

/**
 * A route a route table would have but does not: propagated over a BGP session that is down, or
 * a route or propagation that Terraform does not create.
 *
 * @internal
 */
export interface LostTableRoute {
  /** The prefix. */
  readonly prefix: Cidr;
  /** Why it is lost. */
  readonly blocked: Blocked;
}

/**
 * The AWS route tables as the analysis reads them: the identical ones merged (one stands for
 * all), named, and with the routes propagated from their VPC's VPN gateways.
 *
 * @internal
 */
export class RouteTables {
  private readonly canonicalOf = new Map<AwsRouteTableModel, AwsRouteTableModel>();
  private readonly bySignature = new Map<string, AwsRouteTableModel>();
  private readonly groups = new Map<AwsRouteTableModel, AwsRouteTableModel[]>();
  private readonly routesOf = new Map<AwsRouteTableModel, TableRoute[]>();
  private readonly lostOf = new Map<AwsRouteTableModel, LostTableRoute[]>();

  constructor(private readonly learned: LearnedRoutes) {}

  /**
   * The table that stands for `table`: route tables with the same routes behave the same (the
   * private subnets of a VPC, one per zone), so that their lookups and walks are shared.
   */
  public canonical(table: AwsRouteTableModel | undefined): AwsRouteTableModel | undefined {
    if (!table) return undefined;
    let rep = this.canonicalOf.get(table);
    if (!rep) {
      const signature = [
        // NAT and internet gateways differ per zone but route nothing across the VPN.
        ...table.routes.map(
          (r) =>
            `${r.dest}>${r.target.kind}:${r.target.kind === "vgw" || r.target.kind === "tgw" ? r.target.key : ""}`,
        ),
        ...table.propagations.map((p) => `propagated:${p}`),
        ...table.notCreated.routes.map((r) => `absent:${r.dest}>${r.target.kind}:${r.element.key}`),
        ...table.notCreated.propagations.map((p) => `absent-propagation:${p.element.key}`),
      ]
        .sort()
        .join("|");
      rep = this.bySignature.get(signature);
      if (!rep) this.bySignature.set(signature, (rep = table));
      this.canonicalOf.set(table, rep);
      const group = this.groups.get(rep) ?? [];
      group.push(table);
      this.groups.set(rep, group);
    }
    return rep;
  }

  /** How a (canonical) route table is named in a hop: with the identical ones it stands for. */
  public label(table: AwsRouteTableModel): string {
    const group = this.groups.get(table) ?? [table];
    return group.length > 1
      ? `route tables ${group.map((t) => t.element.path).join(", ")} (identical routes)`
      : `route table ${table.element.path}`;
  }

  /** The routes of a route table: its static routes and those propagated from its VPC's gateways. */
  public routes(table: AwsRouteTableModel, vpc: AwsVpcModel): TableRoute[] {
    let list = this.routesOf.get(table);
    if (list) return list;
    list = table.routes.map((r) => ({
      prefix: r.dest,
      target: r.target.kind,
      key: r.target.key,
      via: r.element.path,
    }));
    for (const vgw of table.propagations) {
      if (!vpc.vgws.includes(vgw)) continue;
      for (const e of this.learned.gatewayRoutes(vgw))
        list.push({ prefix: e.prefix, target: "vgw", key: vgw, via: "propagated", tunnel: e.tunnel });
    }
    this.routesOf.set(table, list);
    return list;
  }

  /** The routes a route table would have but does not (what explains a missing route). */
  public lost(table: AwsRouteTableModel): LostTableRoute[] {
    let list = this.lostOf.get(table);
    if (list) return list;
    list = [];
    for (const vgw of table.propagations)
      for (const l of this.learned.lostGatewayRoutes(vgw))
        list.push({ prefix: l.prefix, blocked: l.blocked });
    for (const p of table.notCreated.propagations) {
      const what = `route propagation ${p.element.path}`;
      for (const e of [...this.learned.gatewayRoutes(p.vgw), ...this.learned.lostGatewayRoutes(p.vgw)])
        list.push({
          prefix: e.prefix,
          blocked: notCreated(
            p.element,
            what,
            `it would propagate ${e.prefix} from the VPN gateway into ${this.label(table)}`,
          ),
        });
    }
    for (const r of table.notCreated.routes) {
      if (r.target.kind !== "vgw" && r.target.kind !== "tgw") continue;
      list.push({
        prefix: r.dest,
        blocked: notCreated(
          r.element,
          `route ${r.element.path}`,
          `it would send ${r.dest} to the ${r.target.kind === "vgw" ? "VPN" : "transit"} gateway`,
        ),
      });
    }
    this.lostOf.set(table, list);
    return list;
  }
}
