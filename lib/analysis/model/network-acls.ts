import { Cidr, TerraformModel, TfElement } from "../../core";
import { bool, many, num } from "../../core/terraform/values";
import type { AwsSubnetModel, AwsVpcModel } from "./aws";
import { cidrOf } from "./ranges";

/**
 * One rule of a network ACL (stateless: evaluated in rule-number order, first match wins).
 *
 * @internal
 */
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

/**
 * A network ACL with its rules, each list sorted by rule number.
 *
 * @internal
 */
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

/**
 * Reads the network ACLs, by key: aws_network_acl (inline rules, subnet_ids), aws_network_acl_rule,
 * aws_network_acl_association, and aws_default_network_acl (which takes the subnets of its VPC
 * that no other ACL claims; without rules it denies everything). Sets each subnet's ACL.
 *
 * @internal
 */
export function readNetworkAcls(
  tf: TerraformModel,
  vpcs: Map<string, AwsVpcModel>,
  subnets: Map<string, AwsSubnetModel>,
): Map<string, NetworkAclModel> {
  const acls = new Map<string, NetworkAclModel>();
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
    const subnet = subnets.get(tf.targetOf(e, subnetRef)?.key ?? "");
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
  tf.ofType("aws_network_acl", "present").forEach(read);
  for (const e of tf.ofType("aws_network_acl_association", "present")) {
    const acl = acls.get(tf.targetOf(e, e.config.network_acl_id)?.key ?? "");
    if (acl) associate(e, e.config.subnet_id, acl);
  }
  for (const e of tf.ofType("aws_default_network_acl", "present")) {
    const acl = read(e);
    // default_network_acl_id is the VPC's attribute: "${aws_vpc.x.default_network_acl_id}".
    const vpc = vpcs.get(tf.targetOf(e, e.config.default_network_acl_id)?.key ?? "");
    for (const s of vpc?.subnets ?? []) if (!claimed.has(s)) s.networkAcl = acl;
  }
  for (const e of tf.ofType("aws_network_acl_rule", "present")) {
    const acl = acls.get(tf.targetOf(e, e.config.network_acl_id)?.key ?? "");
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
  return acls;
}
