import { Construct } from "constructs";
import { ALL_TRAFFIC, ClusterSecurityGroup, IP_IN_IP, tcp } from "../security-group";
import { KUBE_API_PORT } from "../../core";

/** The three security groups of a cluster. @internal */
export interface ClusterSecurityGroups {
  /** The API load balancer's. */
  readonly loadBalancer: ClusterSecurityGroup;
  /** The control-plane replicas'. */
  readonly controlPlane: ClusterSecurityGroup;
  /** The one every node pool of the cluster shares. */
  readonly nodes: ClusterSecurityGroup;
}

/**
 * Creates the security groups of the load balancer, the replicas and the nodes, and the rules
 * between them: the API from the VPC and `apiAllowedCidrs` to the load balancer; the API, etcd,
 * kubelet and Calico between replicas; everything between nodes; kubelet and Calico both ways
 * between replicas and nodes. Nothing is open to 0.0.0.0/0 inbound.
 *
 * @internal
 */
export function createClusterSecurityGroups(
  scope: Construct,
  o: {
    readonly clusterName: string;
    readonly vpcId: string;
    readonly vpcCidr: string;
    readonly apiAllowedCidrs: readonly string[];
  },
): ClusterSecurityGroups {
  const loadBalancer = new ClusterSecurityGroup(scope, "LoadBalancerSecurityGroup", {
    vpcId: o.vpcId,
    name: `${o.clusterName}-api-load-balancer`,
    description: `hybrid-mesh: Kubernetes API load balancer of ${o.clusterName}`,
  });
  const controlPlane = new ClusterSecurityGroup(scope, "SecurityGroup", {
    vpcId: o.vpcId,
    name: `${o.clusterName}-control-plane`,
    description: `hybrid-mesh: control-plane replicas of ${o.clusterName}`,
  });
  allowApi(loadBalancer, o.vpcCidr, "vpc");
  o.apiAllowedCidrs.forEach((cidr, i) => allowApi(loadBalancer, cidr, `allowed-${i + 1}`));
  const lbPeer = { securityGroupId: loadBalancer.securityGroupId, label: "load-balancer" };
  const self = { securityGroupId: controlPlane.securityGroupId, label: "control-plane" };
  loadBalancer.allowAllOutbound();
  controlPlane.allowFrom(
    lbPeer,
    tcp(KUBE_API_PORT),
    "Kubernetes API from the load balancer (and its health checks)",
  );
  controlPlane.allowFrom(self, tcp(KUBE_API_PORT), "Kubernetes API between replicas");
  controlPlane.allowFrom(self, tcp(2379, 2380), "etcd client and peer traffic, between replicas only");
  controlPlane.allowFrom(self, tcp(10250), "kubelet API, from the API servers");
  controlPlane.allowFrom(self, IP_IN_IP, "Calico pod traffic (IP-in-IP) between replicas");
  controlPlane.allowFrom(self, tcp(179), "Calico BGP between replicas");
  controlPlane.allowAllOutbound();

  const nodes = new ClusterSecurityGroup(scope, "NodeSecurityGroup", {
    vpcId: o.vpcId,
    name: `${o.clusterName}-nodes`,
    description: `hybrid-mesh: worker nodes of ${o.clusterName}`,
  });
  const nodePeer = { securityGroupId: nodes.securityGroupId, label: "nodes" };
  nodes.allowFrom(nodePeer, ALL_TRAFFIC, "Node-to-node traffic (pods, services, DNS)");
  nodes.allowFrom(self, tcp(10250), "kubelet API, from the API servers");
  nodes.allowFrom(self, IP_IN_IP, "Calico pod traffic (IP-in-IP) from the control plane (webhooks, metrics)");
  nodes.allowFrom(self, tcp(179), "Calico BGP from the control plane");
  nodes.allowAllOutbound();
  controlPlane.allowFrom(nodePeer, tcp(10250), "kubelet API, from nodes (metrics)");
  controlPlane.allowFrom(nodePeer, IP_IN_IP, "Calico pod traffic (IP-in-IP) from nodes");
  controlPlane.allowFrom(nodePeer, tcp(179), "Calico BGP from nodes");
  return { loadBalancer, controlPlane, nodes };
}

/**
 * Allows a range to reach the Kubernetes API (TCP 6443) on the load balancer's security group.
 *
 * @internal
 */
export function allowApi(loadBalancer: ClusterSecurityGroup, cidr: string, label: string): void {
  loadBalancer.allowFrom({ cidr, label }, tcp(KUBE_API_PORT), `Kubernetes API from ${label} (${cidr})`);
}
