import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";
import {
  arrayOf,
  AWS_PROVIDER,
  awsNameTag,
  bool,
  check,
  checkAwsLoadBalancerName,
  checkNotOpenRange,
  checkEach,
  checkNodePort,
  cidrsKind,
  construct,
  constructId,
  fail,
  fitName,
  int,
  ipv4Kind,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  MESH_PORTS,
  obj,
  req,
  requireProvider,
  Shape,
  str,
  suppressRules,
  Tags,
  validateShape,
} from "../core";
import { checkSubnetAddress, ControlPlane } from "./control-plane";
import { NodePool } from "./node-pool";
import { ClusterSecurityGroup, tcp } from "./security-group";
import { checkS3BucketName } from "./rules";

/** Node ports of the east-west gateway Service (type NodePort). */
export interface MeshGatewayNodePorts {
  /** Node port of 15443 (cross-network mTLS). @default 31443 */
  readonly crossNetwork?: number;
  /** Node port of 15012 (istiod). @default 31012 */
  readonly istiod?: number;
  /** Node port of 15017 (webhook). @default 31017 */
  readonly webhook?: number;
  /** Node port of 15021 (status, health checks). @default 31021 */
  readonly status?: number;
}

/** Properties of a {@link MeshGatewayLoadBalancer}. */
export interface MeshGatewayLoadBalancerProps {
  /** The cluster (network, node security group). */
  readonly controlPlane: ControlPlane;
  /** Node pools whose nodes run the gateway's pods (their Auto Scaling groups register in the target groups). */
  readonly nodePools: NodePool[];
  /**
   * Fixed private IPs, one per private subnet in zone order: the east-west gateway's address
   * for the other networks of the mesh.
   */
  readonly privateIpAddresses: string[];
  /** Ranges of the other mesh networks allowed to reach the gateway ports (never 0.0.0.0/0). */
  readonly allowedCidrs: string[];
  /**
   * Node ports of the gateway Service.
   *
   * @default - 31443, 31012, 31017, 31021
   */
  readonly nodePorts?: MeshGatewayNodePorts;
  /**
   * Load balancer name (at most 32 characters, not starting with "internal-").
   *
   * @default "<cluster>-mesh-gateway" (shortened with a hash if needed)
   */
  readonly name?: string;
  /**
   * Whether the load balancer is protected from deletion.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * S3 bucket for the load balancer's access logs (the bucket policy must let ELB write).
   *
   * @default - no access logs
   */
  readonly accessLogsBucket?: string;
  /**
   * Key prefix of the access logs.
   *
   * @default - none
   */
  readonly accessLogsPrefix?: string;
}

const PROPS: Shape<MeshGatewayLoadBalancerProps> = {
  controlPlane: req(construct<ControlPlane>("ControlPlane", "controlPlane")),
  nodePools: req(arrayOf(construct<NodePool>("NodePool", "nodePool"))),
  privateIpAddresses: req(arrayOf(ipv4Kind())),
  allowedCidrs: req(cidrsKind()),
  nodePorts: obj<MeshGatewayNodePorts>(
    {
      crossNetwork: int("node port", "31443"),
      istiod: int("node port", "31012"),
      webhook: int("node port", "31017"),
      status: int("node port", "31021"),
    },
    "node ports",
    "{ crossNetwork: 31443 }",
  ),
  name: str("load balancer name", '"cluster-mesh-gateway"'),
  deletionProtection: bool(),
  accessLogsBucket: str("S3 bucket name", '"my-logs"'),
  accessLogsPrefix: str("key prefix", '"nlb/"'),
};

/**
 * The east-west gateway's entrance on AWS: an internal Network Load Balancer with fixed private
 * IPs (one per private subnet) and a TCP listener per Istio port (15443, 15012, 15017, 15021)
 * forwarding to the gateway Service's node ports on the node pools, with health checks on the
 * gateway's readiness endpoint. Istio ignores a load balancer's DNS name as a gateway address
 * (istio#29359); the fixed IPs are what the mesh's `meshNetworks` and `remotePilotAddress` use.
 */
export class MeshGatewayLoadBalancer extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "MeshGatewayLoadBalancer";
  /** The load balancer. */
  public readonly loadBalancer: Lb;
  /** Its security group. */
  public readonly securityGroup: ClusterSecurityGroup;
  /** Target groups by Istio port. */
  public readonly targetGroups: Record<number, LbTargetGroup> = {};
  /** The fixed addresses: the gateway's address is the first. */
  public readonly addresses: string[];
  /** Node ports by name. */
  public readonly nodePorts: Required<MeshGatewayNodePorts>;

  constructor(scope: Construct, id: string, props: MeshGatewayLoadBalancerProps) {
    super(scope, constructId(scope, id, "MeshGatewayLoadBalancer"));
    requireProvider(this, AWS_PROVIDER);
    validateShape(this, props, PROPS);
    check(this, "accessLogsBucket", props.accessLogsBucket, checkS3BucketName);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    const cp = props.controlPlane;
    const subnets = cp.network.privateSubnets;
    if (props.privateIpAddresses.length !== subnets.length) {
      fail(this, "privateIpAddresses", props.privateIpAddresses, {
        rule: `the load balancer has one fixed address per private subnet: ${subnets.length} subnets, ${props.privateIpAddresses.length} addresses`,
        fix: `give ${subnets.length} addresses, in zone order`,
      });
    }
    checkEach(this, "privateIpAddresses", props.privateIpAddresses, (ip, i) =>
      checkSubnetAddress(ip, subnets[i].cidr),
    );
    const lbIps = new Set(cp.endpointAddresses);
    checkEach(this, "privateIpAddresses", props.privateIpAddresses, (ip) =>
      lbIps.has(ip)
        ? {
            rule: "the address is already the control plane's load balancer's",
            fix: "pick another free address of the subnet",
          }
        : undefined,
    );
    checkEach(
      this,
      "allowedCidrs",
      props.allowedCidrs,
      checkNotOpenRange({
        rule: "the east-west gateway must not be open to the whole internet",
        fix: "list the other mesh networks' ranges",
      }),
    );
    this.nodePorts = {
      crossNetwork: check(
        this,
        "nodePorts.crossNetwork",
        props.nodePorts?.crossNetwork ?? 31443,
        checkNodePort,
      ),
      istiod: check(this, "nodePorts.istiod", props.nodePorts?.istiod ?? 31012, checkNodePort),
      webhook: check(this, "nodePorts.webhook", props.nodePorts?.webhook ?? 31017, checkNodePort),
      status: check(this, "nodePorts.status", props.nodePorts?.status ?? 31021, checkNodePort),
    };
    if (new Set(Object.values(this.nodePorts)).size !== 4) {
      fail(this, "nodePorts", this.nodePorts, {
        rule: "each gateway port needs its own node port",
        fix: "use four different node ports",
      });
    }
    const name = check(
      this,
      "name",
      props.name ?? fitName(`${cp.clusterName}-mesh-gateway`, 32),
      checkAwsLoadBalancerName,
    );
    this.addresses = props.privateIpAddresses;

    this.securityGroup = new ClusterSecurityGroup(this, "SecurityGroup", {
      vpcId: cp.network.vpcId,
      name: `${cp.clusterName}-mesh-gateway`,
      description: `hybrid-mesh: east-west gateway load balancer of ${cp.clusterName}`,
    });
    const ports: [string, number, number][] = [
      ["crossNetwork", MESH_PORTS.crossNetwork, this.nodePorts.crossNetwork],
      ["istiod", MESH_PORTS.istiod, this.nodePorts.istiod],
      ["webhook", MESH_PORTS.webhook, this.nodePorts.webhook],
      ["status", MESH_PORTS.status, this.nodePorts.status],
    ];
    for (const [i, cidr] of props.allowedCidrs.entries()) {
      if (cidr === undefined) continue; // a hole in a JavaScript caller's array, as forEach skipped it
      for (const [, port] of ports)
        this.securityGroup.allowFrom(
          { cidr, label: `mesh-${i + 1}` },
          tcp(port),
          `Istio port ${port} from mesh network ${cidr}`,
        );
    }
    this.securityGroup.allowAllOutbound();
    const lbPeer = { securityGroupId: this.securityGroup.securityGroupId, label: "mesh-gateway-lb" };
    for (const [, port, nodePort] of ports)
      cp.nodeSecurityGroup.allowFrom(
        lbPeer,
        tcp(nodePort),
        `East-west gateway node port ${nodePort} (Istio ${port}) from its load balancer`,
      );

    this.loadBalancer = new Lb(this, "Resource", {
      name,
      internal: true,
      loadBalancerType: "network",
      securityGroups: [this.securityGroup.securityGroupId],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.deletionProtection ?? true,
      subnetMapping: subnets.map((s, i) => ({
        subnetId: s.subnetId,
        privateIpv4Address: props.privateIpAddresses[i],
      })),
      accessLogs: props.accessLogsBucket
        ? { bucket: props.accessLogsBucket, prefix: props.accessLogsPrefix, enabled: true }
        : undefined,
      tags: { Name: awsNameTag(this) },
    });
    if (!props.accessLogsBucket) {
      suppressRules(this.loadBalancer, [
        {
          id: "HM-AWS-12",
          reason:
            "access logs need an S3 bucket the user owns and the load balancer may write to: set accessLogsBucket",
        },
      ]);
    }
    for (const [, port, nodePort] of ports) {
      const tg = new LbTargetGroup(this, `TargetGroup${port}`, {
        name: fitName(`${cp.clusterName}-ew-${port}`, 32),
        port: nodePort,
        protocol: "TCP",
        targetType: "instance",
        vpcId: cp.network.vpcId,
        deregistrationDelay: "30",
        healthCheck: {
          protocol: "HTTP",
          port: String(this.nodePorts.status),
          path: "/healthz/ready",
          healthyThreshold: 2,
          unhealthyThreshold: 2,
          interval: 10,
        },
      });
      new LbListener(this, `Listener${port}`, {
        loadBalancerArn: this.loadBalancer.arn,
        port,
        protocol: "TCP",
        defaultAction: [{ type: "forward", targetGroupArn: tg.arn }],
      });
      props.nodePools.forEach((pool) => pool.addTargetGroup(tg.arn));
      this.targetGroups[port] = tg;
    }
  }
}
