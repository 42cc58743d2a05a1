import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { Construct } from "constructs";
import {
  check,
  checkNotOpenRange,
  checkEach,
  checkGcpName,
  countBetween,
  gcpName,
  oneOf,
  Problem,
  validateShape,
  Shape,
  req,
  str,
  arrayOf,
  int,
  bool,
  obj,
  cidrsKind,
  constructId,
} from "../core";

/** Google's health-check ranges for load balancers (GCP docs: "Probe IP ranges and firewall rules"). */
export const GOOGLE_HEALTH_CHECK_RANGES: readonly string[] = Object.freeze([
  "35.191.0.0/16",
  "130.211.0.0/22",
]);

// The mesh ports are part of the shared vocabulary; exported here too, where 0.1 had them.
export { MESH_PORTS } from "../core";

/** One protocol, and its ports, allowed by a firewall rule. */
export interface FirewallAllow {
  /** "tcp", "udp", "icmp", "esp", "ah", "sctp", "ipip" or "all". */
  readonly protocol: string;
  /**
   * Ports or ranges ("443", "30000-32767"); tcp, udp and sctp only.
   *
   * @default - every port
   */
  readonly ports?: string[];
}

/** An ingress firewall rule of a {@link GcpNetwork}. */
export interface FirewallRuleOptions {
  /** What the rule is for (kept as its description). */
  readonly description: string;
  /** Source ranges (IPv4 CIDRs). Never 0.0.0.0/0. */
  readonly sourceRanges: string[];
  /** What is allowed. */
  readonly allow: FirewallAllow[];
  /**
   * Network tags of the instances the rule applies to.
   *
   * @default - every instance of the network
   */
  readonly targetTags?: string[];
  /**
   * Priority, 0 (highest) to 65535. DENY beats ALLOW at equal priority.
   *
   * @default 1000
   */
  readonly priority?: number;
  /**
   * Whether to log connections the rule matches.
   *
   * @default true
   */
  readonly logging?: boolean;
  /**
   * Rule name (RFC 1035, at most 63 characters).
   *
   * @default - derived from the network name and the construct id
   */
  readonly name?: string;
}

const PROTOCOLS = ["tcp", "udp", "icmp", "esp", "ah", "sctp", "ipip", "all"];

function checkPortSpec(port: string): Problem | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(port);
  const from = m ? Number(m[1]) : NaN;
  const to = m && m[2] ? Number(m[2]) : from;
  if (m && from >= 1 && to <= 65535 && from <= to) return undefined;
  return {
    rule: 'a firewall port is a number 1-65535 or a range "from-to"',
    fix: 'use e.g. "443" or "30000-32767"',
  };
}

const OPTIONS: Shape<FirewallRuleOptions> = {
  description: req(str("description", '"mesh traffic from the peers"')),
  sourceRanges: req(cidrsKind()),
  allow: req(
    arrayOf(
      obj<FirewallAllow>(
        { protocol: req(str("protocol", '"tcp"')), ports: arrayOf(str("port or port range", '"443"')) },
        "allowed protocol and ports",
        '{ protocol: "tcp", ports: ["443"] }',
      ),
    ),
  ),
  targetTags: arrayOf(str("network tag", '"gke-node"')),
  priority: int("priority", "1000"),
  logging: bool(),
  name: str("rule name", '"allow-peers"'),
};

/**
 * An ingress rule on a network, validated: no 0.0.0.0/0 source, RFC 1035 name, known protocols,
 * ports only for port protocols, priority 0-65535; logging on by default.
 */
export class FirewallRule extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "FirewallRule";
  /** The rule. */
  public readonly resource: ComputeFirewall;
  /** Rule name. */
  public readonly ruleName: string;

  constructor(
    scope: Construct,
    id: string,
    props: FirewallRuleOptions & { network: string; project: string },
  ) {
    super(scope, constructId(scope, id, "FirewallRule"));
    validateShape(this, props, { ...OPTIONS, network: req(str()), project: req(str()) });
    this.ruleName = check(this, "name", props.name ?? gcpName(this), (n) => checkGcpName(n));
    if (props.sourceRanges.length === 0) {
      check(this, "sourceRanges", props.sourceRanges, () => ({
        rule: "an ingress rule needs at least one source range",
        fix: "list the ranges that need access",
      }));
    }
    checkEach(
      this,
      "sourceRanges",
      props.sourceRanges,
      checkNotOpenRange({
        rule: "hybrid-mesh never opens a firewall to the whole internet (checkov CKV_GCP_2/3/106, trivy AVD-GCP-0027)",
        fix: "list the peer ranges, Google's health-check ranges or the mesh networks that need access",
      }),
    );
    const priority = check(
      this,
      "priority",
      props.priority ?? 1000,
      countBetween(0, 65535, "a firewall priority"),
    );
    if (props.allow.length === 0) {
      check(this, "allow", props.allow, () => ({
        rule: "a rule allows at least one protocol",
        fix: 'use e.g. [{ protocol: "tcp", ports: ["443"] }]',
      }));
    }
    props.allow.forEach((a, i) => {
      check(this, `allow[${i}].protocol`, a.protocol, oneOf(PROTOCOLS, "a firewall protocol"));
      if (a.ports && !["tcp", "udp", "sctp"].includes(a.protocol)) {
        check(this, `allow[${i}].ports`, a.ports, () => ({
          rule: `ports apply to tcp, udp and sctp only, not ${a.protocol}`,
          fix: "remove the ports",
        }));
      }
      checkEach(this, `allow[${i}].ports`, a.ports, checkPortSpec);
    });
    this.resource = new ComputeFirewall(this, "Resource", {
      name: this.ruleName,
      project: props.project,
      network: props.network,
      description: props.description,
      direction: "INGRESS",
      priority,
      sourceRanges: props.sourceRanges,
      targetTags: props.targetTags,
      allow: props.allow.map((a) => ({ protocol: a.protocol, ports: a.ports })),
      logConfig: props.logging === false ? undefined : { metadata: "INCLUDE_ALL_METADATA" },
    });
  }
}
