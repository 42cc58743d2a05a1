import { Cidr, TerraformModel, TfElement } from "../../core";
import { Json, many, num, one } from "../../core/terraform/values";
import { ANY_PRESENCE } from "./presence";
import { cidrOf, ranges } from "./ranges";

/**
 * Security-group rule (ingress or egress).
 *
 * @internal
 */
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

/**
 * A security group with its rules.
 *
 * @internal
 */
export interface SecurityGroupModel {
  /** The aws_security_group. */
  readonly element: TfElement;
  /** Its name. */
  readonly name: string;
  /** Ingress rules. */
  readonly ingress: SgRuleModel[];
  /** Egress rules. */
  readonly egress: SgRuleModel[];
  /** Rules of it (separate resources) that Terraform does not (or may not) create. */
  readonly notCreated: {
    /** Ingress rules. */
    readonly ingress: SgRuleModel[];
    /** Egress rules. */
    readonly egress: SgRuleModel[];
  };
}

/**
 * Reads the security groups, by key, with their rules (inline, aws_security_group_rule, and
 * aws_vpc_security_group_ingress_rule / egress_rule).
 *
 * @internal
 */
export function readSecurityGroups(tf: TerraformModel): Map<string, SecurityGroupModel> {
  const securityGroups = new Map<string, SecurityGroupModel>();
  for (const e of tf.ofType("aws_security_group", "present")) {
    const sg: SecurityGroupModel = {
      element: e,
      name: tf.nameOf(e),
      ingress: [],
      egress: [],
      notCreated: { ingress: [], egress: [] },
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
        list.push({ ...base, referencedGroup: tf.targetOf(e, g)?.key });
    };
    many(e.config.ingress).forEach((r) => inline(r, sg.ingress));
    many(e.config.egress).forEach((r) => inline(r, sg.egress));
    securityGroups.set(e.key, sg);
  }
  const addRule = (
    e: TfElement,
    direction: "ingress" | "egress",
    c: Json,
    cidrField: string,
    refField: string,
  ) => {
    const sg = securityGroups.get(tf.targetOf(e, c.security_group_id)?.key ?? "");
    if (!sg) return;
    const rule: SgRuleModel = {
      element: e,
      protocol: String(c.ip_protocol ?? c.protocol ?? "-1"),
      fromPort: num(c.from_port),
      toPort: num(c.to_port),
      cidr: cidrOf(one(c[cidrField])),
      referencedGroup: c[refField] ? tf.targetOf(e, c[refField])?.key : undefined,
    };
    (e.presence === "present" ? sg : sg.notCreated)[direction].push(rule);
  };
  for (const e of tf.ofType("aws_vpc_security_group_ingress_rule", ANY_PRESENCE))
    addRule(e, "ingress", e.config, "cidr_ipv4", "referenced_security_group_id");
  for (const e of tf.ofType("aws_vpc_security_group_egress_rule", ANY_PRESENCE))
    addRule(e, "egress", e.config, "cidr_ipv4", "referenced_security_group_id");
  for (const e of tf.ofType("aws_security_group_rule", ANY_PRESENCE)) {
    const dir = e.config.type === "egress" ? "egress" : "ingress";
    for (const cidr of many(e.config.cidr_blocks).length ? many(e.config.cidr_blocks) : [undefined])
      addRule(e, dir, { ...e.config, cidr_blocks: cidr }, "cidr_blocks", "source_security_group_id");
  }
  return securityGroups;
}
