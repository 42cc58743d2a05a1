import { TunnelModel } from "./model";
import { Crossing } from "./routing/walk";

/**
 * What single failure breaks a path (a tunnel, an HA VPN interface or Classic VPN gateway, an AWS
 * tunnel, a peer device or its interface, a zone): one that takes down its target's zone, or
 * every tunnel of one of its crossings.
 *
 * @internal
 */
export class SingleFailures {
  /** Units by crossing (a crossing's tunnel list is shared by every walk over it). */
  private readonly byTunnels = new WeakMap<TunnelModel[], string[]>();

  /** What can fail and break one path: its target's zone, or every tunnel of one of its crossings. */
  public ofPath(crossings: Crossing[], returnCrossings: Crossing[], zone?: string): string[] {
    const list: string[] = [];
    for (const c of crossings)
      for (const u of this.ofCrossing(c.tunnels)) if (!list.includes(u)) list.push(u);
    for (const c of returnCrossings)
      for (const u of this.ofCrossing(c.tunnels)) if (!list.includes(u)) list.push(u);
    if (zone) list.push(`zone ${zone}`);
    return list;
  }

  /** What can fail and take down every tunnel of a crossing. */
  private ofCrossing(tunnels: TunnelModel[]): string[] {
    let list = this.byTunnels.get(tunnels);
    if (!list) {
      list = tunnels[0] ? tunnels[0].units.filter((u) => tunnels.every((t) => t.units.includes(u))) : [];
      this.byTunnels.set(tunnels, list);
    }
    return list;
  }
}
