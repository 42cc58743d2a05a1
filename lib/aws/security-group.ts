import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { awsName, awsNameTag, checkCidr, fail, isUnresolved } from "../core";

/** Where traffic comes from: an IPv4 range or another security group. */
export interface SecurityGroupPeer {
  /** IPv4 range (never 0.0.0.0/0 for ingress). */
  readonly cidr?: string;
  /** Id of a security group. */
  readonly securityGroupId?: string;
  /** Short label for construct ids and the rule description, e.g. "vpc", "nodes", "gcp-pods". */
  readonly label: string;
}

/** A port range of a rule. */
export interface PortRange {
  /** `tcp`, `udp`, or an IP protocol number as a string ("4" is IP-in-IP, used by Calico). */
  readonly protocol: string;
  /** First port (tcp/udp only). */
  readonly fromPort?: number;
  /** Last port (tcp/udp only). @default - fromPort */
  readonly toPort?: number;
}

/** Properties of a {@link ClusterSecurityGroup}. */
export interface ClusterSecurityGroupProps {
  /** VPC of the group. */
  readonly vpcId: string;
  /** What the group protects (the AWS description; shown in the console). */
  readonly description: string;
  /**
   * Group name (at most 255 characters, not starting with "sg-").
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * A security group whose rules are separate `aws_vpc_security_group_ingress_rule` /
 * `_egress_rule` resources, each with a description, so that other layers (VPN, mesh) can add
 * rules to it later without replacing it. Ingress from 0.0.0.0/0 is refused.
 */
export class ClusterSecurityGroup extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "ClusterSecurityGroup";
  /** The security group. */
  public readonly resource: AwsSecurityGroup;
  /** Its id. */
  public readonly securityGroupId: string;
  private readonly ruleIds = new Set<string>();

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupProps) {
    super(scope, id);
    this.resource = new AwsSecurityGroup(this, "Resource", {
      name: props.name ?? awsName(this, { maxLength: 255 }),
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: awsNameTag(this) },
    });
    this.securityGroupId = this.resource.id;
  }

  /**
   * Allows inbound traffic from a peer on a port range. Adding the same rule twice is a no-op.
   *
   * @param description why the traffic is allowed (kept on the rule)
   */
  public allowFrom(peer: SecurityGroupPeer, ports: PortRange, description: string): void {
    const id = ruleId("From", peer.label, ports);
    if (this.ruleIds.has(id)) return;
    if (peer.cidr !== undefined && !isUnresolved(peer.cidr)) {
      const problem = checkCidr(peer.cidr);
      if (problem) fail(this, `ingress from ${peer.label}`, peer.cidr, problem);
      if (peer.cidr.endsWith("/0")) {
        fail(this, `ingress from ${peer.label}`, peer.cidr, {
          rule: "hybrid-mesh never opens a security group to the whole internet (checkov CKV_AWS_277, cdk-nag AwsSolutions-EC23)",
          fix: "allow the ranges that need access: the VPC, and the peer networks across the VPN",
        });
      }
    }
    this.ruleIds.add(id);
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.securityGroupId,
      description,
      ipProtocol: ports.protocol,
      fromPort: ports.fromPort,
      toPort: ports.fromPort === undefined ? undefined : (ports.toPort ?? ports.fromPort),
      cidrIpv4: peer.cidr,
      referencedSecurityGroupId: peer.securityGroupId,
      tags: { Name: `${peer.label} ${portText(ports)}` },
    });
  }

  /**
   * Allows all outbound IPv4 traffic (package mirrors, container registries and cloud APIs,
   * through the NAT gateways). Scanners flag this (trivy AVD-AWS-0104); instances that must not
   * reach the internet belong in a network without NAT.
   */
  public allowAllOutbound(): void {
    new VpcSecurityGroupEgressRule(this, "EgressAll", {
      securityGroupId: this.securityGroupId,
      description: "All outbound traffic (NAT for packages and images; VPN peers)",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
  }
}

/** TCP on one port or a range. */
export function tcp(fromPort: number, toPort?: number): PortRange {
  return { protocol: "tcp", fromPort, toPort };
}

/** UDP on one port or a range. */
export function udp(fromPort: number, toPort?: number): PortRange {
  return { protocol: "udp", fromPort, toPort };
}

/** Every protocol and port. */
export const ALL_TRAFFIC: PortRange = Object.freeze({ protocol: "-1" });

/** IP-in-IP (protocol 4), which Calico uses to carry pod traffic between nodes. */
export const IP_IN_IP: PortRange = Object.freeze({ protocol: "4" });

function portText(ports: PortRange): string {
  if (ports.protocol === "-1") return "all";
  if (ports.fromPort === undefined) return `proto-${ports.protocol}`;
  const to = ports.toPort ?? ports.fromPort;
  return `${ports.protocol}-${ports.fromPort}${to !== ports.fromPort ? `-${to}` : ""}`;
}

function ruleId(direction: string, label: string, ports: PortRange): string {
  return `${direction}-${label}-${portText(ports)}`.replace(/[^A-Za-z0-9-]/g, "-");
}
