import {
  AwsNetwork,
  ControlPlane,
  MeshGatewayLoadBalancer,
  MeshGatewayLoadBalancerProps,
  NodePool,
} from "../../lib/aws";
import { ClusterPlatform } from "../../lib/core";
import { awsStack, byPath, ofType, refOf, synthJson } from "../util";

function build(props: Partial<MeshGatewayLoadBalancerProps> = {}) {
  const stack = awsStack("mgw");
  const network = new AwsNetwork(stack, "Network", {
    cidr: "10.10.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
  });
  const controlPlane = new ControlPlane(stack, "ControlPlane", {
    network,
    clusterName: "aws-cluster",
    replicas: 1,
    loadBalancer: { privateIpAddresses: ["10.10.128.10", "10.10.192.10"] },
  });
  const pool = new NodePool(stack, "Workers", { controlPlane, name: "general" });
  const gw = new MeshGatewayLoadBalancer(stack, "MeshGateway", {
    controlPlane,
    nodePools: [pool],
    privateIpAddresses: ["10.10.128.20", "10.10.192.20"],
    allowedCidrs: ["10.20.0.0/20"],
    ...props,
  });
  return { controlPlane, gw, json: () => synthJson(stack) };
}

describe("MeshGatewayLoadBalancer", () => {
  test("an internal NLB on fixed IPs with a TCP listener per Istio port to the gateway's node ports", () => {
    const { json, gw } = build();
    const j = json();
    expect(byPath(j, "aws_lb", "MeshGateway")).toMatchObject({
      internal: true,
      load_balancer_type: "network",
      enable_cross_zone_load_balancing: true,
      subnet_mapping: [
        { subnet_id: refOf(j, "aws_subnet", "Network/PrivateSubnet1"), private_ipv4_address: "10.10.128.20" },
        { subnet_id: refOf(j, "aws_subnet", "Network/PrivateSubnet2"), private_ipv4_address: "10.10.192.20" },
      ],
    });
    const listeners = ofType(j, "aws_lb_listener").filter(
      (l) => l.load_balancer_arn === refOf(j, "aws_lb", "MeshGateway", "arn"),
    );
    expect(listeners.map((l) => l.port).sort()).toEqual([15012, 15017, 15021, 15443]);
    const tg = byPath(j, "aws_lb_target_group", "MeshGateway/TargetGroup15443");
    expect(tg).toMatchObject({
      port: 31443,
      protocol: "TCP",
      target_type: "instance",
      health_check: { protocol: "HTTP", port: "31021", path: "/healthz/ready" },
    });
    expect(gw.addresses[0]).toBe("10.10.128.20");
  });

  test("node pools register in every target group; the node group admits the node ports from the load balancer only", () => {
    const j = build().json();
    const asg = byPath(j, "aws_autoscaling_group", "Workers/AutoScalingGroup");
    expect(asg.target_group_arns).toHaveLength(4);
    const lbSg = refOf(j, "aws_security_group", "MeshGateway/SecurityGroup");
    const nodeSg = refOf(j, "aws_security_group", "ControlPlane/NodeSecurityGroup");
    const rules = ofType(j, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.security_group_id === nodeSg && r.referenced_security_group_id === lbSg,
    );
    expect(rules.map((r) => r.from_port).sort()).toEqual([31012, 31017, 31021, 31443]);
    const onLb = ofType(j, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === lbSg);
    // One rule per Istio port from the one allowed range, and nothing else.
    expect(onLb.map((r) => r.from_port).sort()).toEqual([15012, 15017, 15021, 15443]);
    expect(onLb.every((r) => r.cidr_ipv4 === "10.20.0.0/20")).toBe(true);
  });

  test("ControlPlane.meshCluster gives the mesh its name, network and API server (the load balancer's DNS name, every zone)", () => {
    const { controlPlane } = build();
    expect(controlPlane.meshCluster).toEqual({
      clusterName: "aws-cluster",
      meshNetwork: "aws-cluster-network",
      platform: ClusterPlatform.AWS,
      apiServerHost: controlPlane.endpoint,
      apiServerPort: 6443,
    });
  });

  describe("bad input", () => {
    test("addresses: one per subnet, inside it, not the control plane's", () => {
      expect(() => build({ privateIpAddresses: ["10.10.128.20"] })).toThrow(
        "the load balancer has one fixed address per private subnet: 2 subnets, 1 addresses",
      );
      expect(() => build({ privateIpAddresses: ["10.10.128.20", "10.10.128.21"] })).toThrow(
        'privateIpAddresses[1] = "10.10.128.21": the address must lie in its subnet 10.10.192.0/18',
      );
      expect(() => build({ privateIpAddresses: ["10.10.128.10", "10.10.192.20"] })).toThrow(
        "the address is already the control plane's load balancer's",
      );
    });

    test("open to the internet, or node ports outside the range or repeated", () => {
      expect(() => build({ allowedCidrs: ["0.0.0.0/0"] })).toThrow(
        'allowedCidrs[0] = "0.0.0.0/0": the east-west gateway must not be open to the whole internet',
      );
      expect(() => build({ nodePorts: { crossNetwork: 443 } })).toThrow(
        "nodePorts.crossNetwork = 443: a Kubernetes NodePort is a whole number in the default node-port range 30000-32767",
      );
      expect(() => build({ nodePorts: { crossNetwork: 31021 } })).toThrow(
        "each gateway port needs its own node port",
      );
    });
  });
});
