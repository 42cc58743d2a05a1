import { createHash } from "crypto";
import { IConstruct } from "constructs";
import { Problem } from "./errors";
import { fail } from "./validation";

const STACK = Symbol.for("cdktf/TerraformStack");
const CHART = Symbol.for("cdk8s.Chart");
/** Child ids left out of derived names: the primary resource of a construct ("Resource") and "Default". */
const HIDDEN_IDS = new Set(["Resource", "Default"]);

/**
 * Context key (in `cdktf.json` `context`, or `app.node.setContext`) that keeps the names of
 * hybrid-mesh 0.1: derived from the path below the stack, without the stack's id. Set it to `true`
 * in an app deployed with 0.1 so that no named resource is replaced; new apps leave it unset.
 */
export const STACK_RELATIVE_NAMES_CONTEXT = "hybrid-mesh:stackRelativeNames";

/**
 * The ids of `scope` and its parents that name its cloud resources, outermost first, without the
 * ids "Resource" and "Default": the construct path from the stack down, the stack's id included
 * (stack ids are unique in an app, so the same constructs in two stacks never get the same
 * names), or, inside a cdk8s chart, the path below the chart (Kubernetes names are per cluster).
 *
 * With the context {@link STACK_RELATIVE_NAMES_CONTEXT} set, the path stops below the stack, as in
 * hybrid-mesh 0.1.
 *
 * @internal
 */
export function namePath(scope: IConstruct): string[] {
  const ids: string[] = [];
  const stackRelative = scope.node.tryGetContext(STACK_RELATIVE_NAMES_CONTEXT) === true;
  let node: IConstruct | undefined = scope;
  while (node !== undefined && node.node.scope !== undefined && !(CHART in node)) {
    if (stackRelative && STACK in node) break;
    if (!HIDDEN_IDS.has(node.node.id)) ids.unshift(node.node.id);
    // A stack's id is unique in its app (it names the stack's working directory): stop there.
    if (STACK in node) break;
    node = node.node.scope;
  }
  return ids;
}

/**
 * A Terraform output name for `scope` and a suffix: the path below the stack (outputs are per
 * stack), lower-cased, with every character other than a letter or digit made "_", e.g.
 * `link_gcp_onprem_vpn_tunnel1_key` for `<stack>/link-gcp-onprem/Vpn` and "tunnel1_key".
 *
 * @internal
 */
export function terraformOutputName(scope: IConstruct, suffix: string): string {
  const ids: string[] = [];
  let node: IConstruct | undefined = scope;
  while (node !== undefined && node.node.scope !== undefined && !(STACK in node)) {
    if (!HIDDEN_IDS.has(node.node.id)) ids.unshift(node.node.id);
    node = node.node.scope;
  }
  return [...ids, suffix]
    .join("_")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * A short, stable hash of a construct path (8 hex digits of SHA-256).
 *
 * @internal
 */
export function pathHash(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 8);
}

/**
 * Shortens `name` to `maxLength` characters by cutting it and appending an 8-digit hash of the
 * whole name, so that two long names that share a beginning stay different. Names that fit are
 * returned unchanged.
 *
 * @internal
 */
export function fitName(name: string, maxLength: number, separator = "-"): string {
  if (name.length <= maxLength) return name;
  const hash = pathHash([name]);
  const head = name.slice(0, Math.max(0, maxLength - hash.length - separator.length)).replace(/[-_.]+$/, "");
  return `${head}${separator}${hash}`;
}

/** How a kind of name is built and what it may contain. */
interface NameRule {
  /** Longest name allowed. */
  readonly maxLength: number;
  /** Whether the name is lower-cased. */
  readonly lowerCase: boolean;
  /** Separator between path components. */
  readonly separator: string;
  /** Regex of one allowed character (after lower-casing if `lowerCase`). */
  readonly allowed: RegExp;
  /** Whether the name must start with a letter (RFC 1035). */
  readonly startWithLetter: boolean;
  /** Namespace for collision detection ("gcp", "aws-lb", ...). */
  readonly kind: string;
}

const RULES = {
  gcp: {
    maxLength: 63,
    lowerCase: true,
    separator: "-",
    allowed: /[a-z0-9-]/,
    startWithLetter: true,
    kind: "gcp",
  },
  awsLb: {
    maxLength: 32,
    lowerCase: true,
    separator: "-",
    allowed: /[a-z0-9-]/,
    startWithLetter: true,
    kind: "aws-lb",
  },
  aws: {
    maxLength: 64,
    lowerCase: false,
    separator: "-",
    allowed: /[A-Za-z0-9-]/,
    startWithLetter: true,
    kind: "aws",
  },
  k8s: {
    maxLength: 63,
    lowerCase: true,
    separator: "-",
    allowed: /[a-z0-9-]/,
    startWithLetter: false,
    kind: "k8s",
  },
} satisfies Record<string, NameRule>;

/**
 * Options for derived names.
 *
 * @internal
 */
export interface NameOptions {
  /**
   * Appended to the construct path, for a construct that names several resources
   * (e.g. "router" and "nat" under one network).
   *
   * @default - no suffix
   */
  readonly suffix?: string;
  /**
   * Longest name allowed, when lower than the cloud's own limit (e.g. 40 for a GKE cluster).
   *
   * @default - the limit of the kind of name (63 for GCP and Kubernetes, 32 for AWS load balancers, 64 for other AWS names)
   */
  readonly maxLength?: number;
}

const registries = new WeakMap<IConstruct, Map<string, string>>();

function register(scope: IConstruct, kind: string, name: string, path: string): void {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    registry = new Map();
    registries.set(root, registry);
  }
  const key = `${kind}\u0000${name}`;
  const owner = registry.get(key);
  if (owner !== undefined && owner !== path) {
    fail(scope, "name", name, {
      rule: `the derived ${kind} name "${name}" is already used by ${owner}; names must be unique`,
      fix: "give one of the two constructs a different id, or set its name explicitly",
    });
  }
  registry.set(key, path);
}

function derive(scope: IConstruct, rule: NameRule, options: NameOptions = {}): string {
  const parts = namePath(scope);
  if (options.suffix) parts.push(options.suffix);
  if (parts.length === 0) parts.push(scope.node.id || "resource");
  const maxLength = Math.min(options.maxLength ?? rule.maxLength, rule.maxLength);
  const raw = parts.join(rule.separator);
  let human = [...(rule.lowerCase ? raw.toLowerCase() : raw)]
    .map((ch) => (rule.allowed.test(ch) ? ch : rule.separator))
    .join("");
  human = human.split(rule.separator).filter(Boolean).join(rule.separator);
  if (rule.startWithLetter && !/^[A-Za-z]/.test(human)) human = `hm${rule.separator}${human}`;
  human = human.replace(new RegExp(`\\${rule.separator}+$`), "");
  const lossy = human.toLowerCase() !== raw.toLowerCase();
  let name = human;
  if (lossy || human.length > maxLength) {
    const hash = pathHash(parts);
    const room = maxLength - hash.length - rule.separator.length;
    const head = human.slice(0, room).replace(new RegExp(`\\${rule.separator}+$`), "");
    name = `${head}${rule.separator}${hash}`;
  }
  register(
    scope,
    rule.kind,
    name,
    options.suffix ? `${scope.node.path} (${options.suffix})` : scope.node.path,
  );
  return name;
}

/**
 * A GCP resource name for `scope`: RFC 1035 (lower case letters, digits and hyphens, starting
 * with a letter, ending with a letter or digit), at most 63 characters.
 *
 * Built from the construct path, e.g. `hybrid-gcp-network-router` for
 * `hybrid/gcp/Network/Router` (see {@link namePath}). When the path is too long, or had characters that are not
 * allowed, it is shortened and gets an 8-digit hash of the full path, so that two constructs never
 * get the same name; a remaining clash (two paths that read the same) fails at synth.
 *
 * @internal
 */
export function gcpName(scope: IConstruct, options?: NameOptions): string {
  return derive(scope, RULES.gcp, options);
}

/**
 * An AWS Elastic Load Balancing name (load balancer or target group) for `scope`: at most 32
 * characters, letters, digits and hyphens, never starting with "internal-".
 *
 * @internal
 */
export function awsLoadBalancerName(scope: IConstruct, options?: NameOptions): string {
  const name = derive(scope, RULES.awsLb, options);
  return name.startsWith("internal-") ? `lb-${name}`.slice(0, 32).replace(/-+$/, "") : name;
}

/**
 * A name for other AWS resources that take one (IAM role, launch template, Auto Scaling group,
 * security group): letters, digits and hyphens, at most 64 characters unless `maxLength` says less.
 *
 * @internal
 */
export function awsName(scope: IConstruct, options?: NameOptions): string {
  return derive(scope, RULES.aws, options);
}

/**
 * The value of an AWS `Name` tag for `scope`: the construct path (stack included, so the
 * console shows where a resource comes from), without "Resource"/"Default" ids.
 *
 * @internal
 */
export function awsNameTag(scope: IConstruct): string {
  const parts = scope.node.scopes.slice(1).map((c) => c.node.id);
  const shown = parts.filter((id) => !HIDDEN_IDS.has(id));
  return (shown.length > 0 ? shown : parts).join("/").slice(0, 255);
}

/**
 * A Kubernetes object name for `scope`: a DNS-1123 label (lower case, digits, hyphens; at most 63).
 *
 * @internal
 */
export function k8sName(scope: IConstruct, options?: NameOptions): string {
  return derive(scope, RULES.k8s, options);
}

// ---------------------------------------------------------------------------------------------
// Validators for names given by users. Each returns a problem or undefined.
// ---------------------------------------------------------------------------------------------

const RFC1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Shortens a name to a valid RFC 1035 suggestion for error messages. */
function suggestRfc1035(name: string, maxLength: number): string {
  const cleaned = String(name)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return cleaned || "my-name";
}

/**
 * Checks a GCP resource name (network, subnet, router, tunnel, gateway, firewall rule, ...):
 * RFC 1035, 1 to 63 characters, `^[a-z]([-a-z0-9]*[a-z0-9])?$`.
 *
 * @param maxLength a lower limit for resources that have one
 *
 * @internal
 */
export function checkGcpName(name: string, maxLength = 63): Problem | undefined {
  if (typeof name === "string" && name.length <= maxLength && RFC1035.test(name)) return undefined;
  return {
    rule: `a GCP resource name is 1-${maxLength} characters: a lower-case letter first, then lower-case letters, digits or hyphens, not ending with a hyphen (RFC 1035)`,
    fix: `use e.g. "${suggestRfc1035(name, maxLength)}"`,
  };
}

/**
 * Checks a GKE cluster name: at most 40 characters, RFC 1035.
 *
 * @internal
 */
export function checkGkeClusterName(name: string): Problem | undefined {
  const problem = checkGcpName(name, 40);
  return problem && { ...problem, rule: problem.rule.replace("a GCP resource name", "a GKE cluster name") };
}

/**
 * Checks an AWS load balancer or target group name: 1 to 32 characters, letters, digits and
 * hyphens, not starting or ending with a hyphen, not starting with "internal-".
 *
 * @internal
 */
export function checkAwsLoadBalancerName(name: string): Problem | undefined {
  if (
    typeof name !== "string" ||
    !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name) ||
    name.length > 32
  ) {
    return {
      rule: "an AWS load balancer name is 1-32 letters, digits or hyphens, not starting or ending with a hyphen",
      fix: `use e.g. "${suggestRfc1035(name, 32)}"`,
    };
  }
  if (name.toLowerCase().startsWith("internal-")) {
    return {
      rule: 'an AWS load balancer name must not start with "internal-" (AWS uses that prefix for internal DNS names)',
      fix: `use e.g. "${name.slice("internal-".length) || "api"}-int"`,
    };
  }
  return undefined;
}

/**
 * Checks a DNS-1123 label (Kubernetes namespace, Service or cluster name; Istio cluster and
 * network names): 1 to 63 lower-case letters, digits or hyphens, starting and ending with a
 * letter or digit.
 *
 * @internal
 */
export function checkDns1123Label(name: string): Problem | undefined {
  if (typeof name === "string" && name.length <= 63 && DNS1123_LABEL.test(name)) return undefined;
  return {
    rule: "a DNS-1123 label is 1-63 lower-case letters, digits or hyphens, starting and ending with a letter or digit",
    fix: `use e.g. "${suggestRfc1035(name, 63)}"`,
  };
}

/**
 * Checks a DNS-1123 subdomain (most Kubernetes object names): at most 253 characters, one or
 * more DNS-1123 labels separated by dots.
 *
 * @internal
 */
export function checkDns1123Subdomain(name: string): Problem | undefined {
  if (
    typeof name === "string" &&
    name.length <= 253 &&
    name.split(".").every((label) => DNS1123_LABEL.test(label))
  ) {
    return undefined;
  }
  return {
    rule: "a DNS-1123 subdomain is at most 253 characters: lower-case letters, digits and hyphens, in labels separated by dots",
    fix: `use e.g. "${suggestRfc1035(name, 63)}"`,
  };
}

/**
 * Checks a Kubernetes label value (e.g. `topology.istio.io/network`, `istio.io/rev`): at most
 * 63 characters, empty or starting and ending with a letter or digit, with `-`, `_` and `.` between.
 *
 * @internal
 */
export function checkK8sLabelValue(value: string): Problem | undefined {
  if (
    typeof value === "string" &&
    value.length <= 63 &&
    (value === "" || /^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$/.test(value))
  ) {
    return undefined;
  }
  return {
    rule: "a Kubernetes label value is at most 63 characters: letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    fix: `use e.g. "${suggestRfc1035(value, 63)}"`,
  };
}
