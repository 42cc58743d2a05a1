import { Cidr } from "../../core";
import { Blocked } from "../blocked";
import { LoadBalancerModel, NetworkModel, notCreated } from "../model";
import { ExplanationCode } from "../result";
import { naclRoundTrip } from "./network-acls";
import { sgAdmits, sgBlocked, sgNames } from "./security-groups";

/**
 * Whether an AWS load balancer admits `src` on `port` and gets the request to its targets: a
 * listener on the port, its security groups, the network ACLs of its subnets, a target group with
 * registered auto scaling groups, and the targets' security groups and network ACLs.
 *
 * @internal
 */
export function admitLoadBalancer(
  net: NetworkModel,
  lb: LoadBalancerModel,
  src: Cidr,
  port: number,
): Blocked | undefined {
  const listener = lb.listeners.find((l) => l.port === port);
  if (!listener) {
    const uncreated = lb.notCreatedListeners.find((l) => l.port === port);
    if (uncreated)
      return notCreated(
        uncreated.element,
        `listener ${port} of load balancer ${lb.name}`,
        `it would accept tcp ${port} on the load balancer`,
      );
    return {
      hop: `load balancer ${lb.name}`,
      reason: `it has no listener on port ${port} (listeners: ${lb.listeners.map((l) => l.port).join(", ") || "none"})`,
      fix: `add a listener on ${port}`,
      code: ExplanationCode.LISTENER,
    };
  }
  if (lb.securityGroups.length && !sgAdmits(net, lb.securityGroups, "ingress", port, { cidr: src })) {
    return sgBlocked(
      net,
      lb.securityGroups,
      "ingress",
      port,
      { cidr: src },
      {
        hop: `security group ${sgNames(net, lb.securityGroups)} of load balancer ${lb.name}`,
        reason: `no ingress rule admits tcp ${port} from ${src}`,
        fix: `admit ${src} on tcp ${port} (ControlPlane allowApiFrom / MeshGatewayLoadBalancer allowedCidrs)`,
        code: ExplanationCode.SECURITY_GROUP,
      },
    );
  }
  const acls = net.networkAcls.size > 0;
  for (const n of acls ? lb.nodes : []) {
    const b = naclRoundTrip("serves", n.subnet, src, port, `requests to load balancer ${lb.name}`);
    if (b) return b;
  }
  const tg = listener.targetGroup;
  if (!tg || tg.groups.length === 0) {
    return {
      hop: `listener ${port} of ${lb.name}`,
      reason: tg ? "its target group has no auto scaling group registered" : "it forwards to no target group",
      fix: "register the node or control-plane groups in the target group",
      code: ExplanationCode.NO_TARGET,
    };
  }
  const tgPort = tg.port ?? port;
  const lbAddresses = lb.nodes.map((n) => n.subnet?.cidr).filter((c): c is Cidr => !!c);
  if (
    lb.securityGroups.length &&
    !lbAddresses.every((a) => sgAdmits(net, lb.securityGroups, "egress", tgPort, { cidr: a }))
  ) {
    const vpcCidrs = lb.vpc?.cidrs ?? [];
    if (!vpcCidrs.some((v) => sgAdmits(net, lb.securityGroups, "egress", tgPort, { cidr: v }))) {
      return sgBlocked(
        net,
        lb.securityGroups,
        "egress",
        tgPort,
        { cidr: vpcCidrs[0] },
        {
          hop: `security group ${sgNames(net, lb.securityGroups)} of load balancer ${lb.name}`,
          reason: `no egress rule lets the load balancer reach its targets on tcp ${tgPort}`,
          fix: "allow egress to the targets",
          code: ExplanationCode.SECURITY_GROUP,
        },
      );
    }
  }
  for (const g of tg.groups) {
    const ok =
      sgAdmits(net, g.securityGroups, "ingress", tgPort, { groups: lb.securityGroups }) ||
      (tg.preserveClientIp
        ? sgAdmits(net, g.securityGroups, "ingress", tgPort, { cidr: src })
        : lbAddresses.length > 0 &&
          lbAddresses.every((a) => sgAdmits(net, g.securityGroups, "ingress", tgPort, { cidr: a })));
    if (!ok) {
      return sgBlocked(
        net,
        g.securityGroups,
        "ingress",
        tgPort,
        { groups: lb.securityGroups, cidr: tg.preserveClientIp ? src : lbAddresses[0] },
        {
          hop: `security groups ${sgNames(net, g.securityGroups)} of ${g.name}`,
          reason: `no ingress rule admits tcp ${tgPort} from the load balancer ${lb.name}${tg.preserveClientIp ? ` (client ${src})` : ""}`,
          fix: "admit the load balancer's security group on the target port",
          code: ExplanationCode.SECURITY_GROUP,
        },
      );
    }
    // Network ACLs between the load balancer's subnets and the targets' (AWS's recommended
    // rules for a Network Load Balancer); traffic within one subnet does not cross its ACL.
    for (const t of acls ? g.subnets : []) {
      for (const n of lb.nodes) {
        if (!n.subnet?.cidr || !t.cidr || n.subnet === t) continue;
        const b =
          naclRoundTrip(
            "calls",
            n.subnet,
            t.cidr,
            tgPort,
            `load balancer ${lb.name} to its targets in ${g.name}`,
          ) ??
          naclRoundTrip(
            "serves",
            t,
            tg.preserveClientIp ? src : n.subnet.cidr,
            tgPort,
            `requests from load balancer ${lb.name}${tg.preserveClientIp ? ` (client ${src})` : ""}`,
          );
        if (b) return b;
      }
    }
  }
  return undefined;
}
