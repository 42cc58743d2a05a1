// The rule pack as an Aspect (cdk-nag v2's shape): it runs the rules on every Terraform resource
// and every cluster of a Mesh, annotates what fails and collects the findings for the reports.
import { Annotations, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { FindingLevel, TerraformModel } from "../core";
import { resolveTerraform } from "../core/cdktf-internals";
import { K8sObject } from "../core/kubernetes";
import { ruleSuppressionsOf, RuleSuppression, suppressRules } from "../core/rule-suppressions";
import { writeNextToStack } from "../core/synth-files";
import { Json } from "../core/terraform/values";
import { renderChecksCsv } from "./reports";
import { Compliance, RuleInput, SecurityRule, StackResource, StackView } from "./rule";
import { ALL_RULES } from "./rules";
import { MESH_RULE_TYPE, MeshRuleCluster, MeshRuleMesh } from "./rules/mesh";

/** One non-compliant (or suppressed) resource. */
export interface CheckFinding {
  /** Rule id. */
  readonly ruleId: string;
  /** Rule name. */
  readonly ruleName: string;
  /** Rule level. */
  readonly level: FindingLevel;
  /** What the rule checks. */
  readonly info: string;
  /** The scanner rules it corresponds to. */
  readonly maps: string[];
  /** Stack (empty for mesh findings outside a stack). */
  readonly stack: string;
  /** Construct path of the resource (or "<mesh path> (<cluster>)"). */
  readonly resource: string;
  /** Resource type. */
  readonly resourceType: string;
  /** What was found. */
  readonly detail: string;
  /**
   * The reason of the suppression that covers it.
   *
   * @default - not suppressed
   */
  readonly suppressed?: string;
}

/**
 * A mesh as the checks see it (the mesh layer's Mesh has this shape): its settings and, per
 * cluster, the Kubernetes objects it emits. The checks find meshes in the construct tree by this
 * shape, so that they depend on core alone.
 */
export interface IMeshSource extends IConstruct {
  /** "Mesh". */
  readonly hybridMeshType: string;
  /** Mesh-wide settings and the clusters'. */
  readonly resolved: MeshRuleMesh & {
    /** The clusters' settings. */
    readonly clusters: readonly MeshRuleCluster[];
  };
  /** Every Kubernetes object of a cluster. @internal */
  _objects(clusterName: string): K8sObject[];
}

function isMeshSource(node: IConstruct): node is IMeshSource {
  const candidate = node as Partial<IMeshSource>;
  return candidate.hybridMeshType === "Mesh" && typeof candidate._objects === "function";
}

/** Options of the rule pack. */
export interface SecurityChecksOptions {
  /**
   * Rules to run.
   *
   * @default ALL_RULES
   */
  readonly rules?: readonly SecurityRule[];
  /**
   * Whether the per-stack report (`hybrid-mesh-checks.csv` and `.json` next to `cdk.tf.json`)
   * is written.
   *
   * @default true
   */
  readonly reports?: boolean;
}

/**
 * hybrid-mesh's security rule pack, an Aspect in the shape of cdk-nag v2 packs: every
 * Terraform resource (and every cluster of a Mesh) is checked against the rules that apply to
 * its type. Non-compliant resources get an error or warning annotation (errors fail synth) unless
 * suppressed with a reason; a report lists every finding per stack.
 *
 * @example
 * Aspects.of(stack).add(new SecurityChecks());
 * SecurityChecks.suppress(vpn, [{ id: "HM-VPN-1", reason: "the on-premises device only speaks IKEv1" }]);
 */
export class SecurityChecks implements IAspect {
  /**
   * Suppresses rules for a construct and its children, with a reason of at least 10 characters
   * (an optional `appliesTo` narrows it to some findings).
   */
  public static suppress(scope: IConstruct, suppressions: RuleSuppression[]): void {
    suppressRules(scope, suppressions);
  }

  /** The rules run. */
  public readonly rules: readonly SecurityRule[];
  private readonly byType = new Map<string, SecurityRule[]>();
  private readonly findingsByStack = new Map<string, CheckFinding[]>();
  private readonly reports: boolean;
  private readonly views = new WeakMap<TerraformStack, StackView>();

  constructor(options: SecurityChecksOptions = {}) {
    this.rules = options.rules ?? ALL_RULES;
    this.reports = options.reports ?? true;
    for (const r of this.rules) {
      for (const t of r.resourceTypes) this.byType.set(t, [...(this.byType.get(t) ?? []), r]);
    }
  }

  /** Every finding so far (non-compliant and suppressed), by stack then resource order. */
  public get findings(): CheckFinding[] {
    return [...this.findingsByStack.values()].flat();
  }

  /** Findings that fail synth: error level, not suppressed. */
  public get errors(): CheckFinding[] {
    return this.findings.filter((f) => f.level === FindingLevel.ERROR && !f.suppressed);
  }

  public visit(node: IConstruct): void {
    if (node instanceof TerraformResource) {
      const rules = this.byType.get(node.terraformResourceType);
      if (rules) this.checkResource(node, rules);
    } else if (isMeshSource(node)) {
      this.checkMesh(node, true);
    }
  }

  /**
   * Checks every cluster of a mesh (its YAML). With `annotate`, findings also become
   * annotations on the mesh (for a mesh inside a stack).
   */
  public checkMesh(mesh: IMeshSource, annotate = false): CheckFinding[] {
    const rules = this.byType.get(MESH_RULE_TYPE) ?? [];
    const resolved = mesh.resolved;
    const found: CheckFinding[] = [];
    for (const cluster of resolved.clusters) {
      const input: RuleInput = {
        type: MESH_RULE_TYPE,
        name: cluster.name,
        config: { mesh: resolved, cluster, objects: mesh._objects(cluster.name) },
        construct: mesh,
      };
      for (const r of rules)
        found.push(
          ...this.apply(r, input, mesh, `${mesh.node.path} (${cluster.name})`, annotate ? mesh : undefined),
        );
    }
    const stack = stackName(mesh);
    this.findingsByStack.set(`${stack}#mesh:${mesh.node.path}`, found);
    return found;
  }

  private checkResource(node: TerraformResource, rules: SecurityRule[]): void {
    const stack = TerraformStack.of(node);
    const view = () => this.stackView(stack);
    const name = stack.getLogicalId(node);
    const input: RuleInput = {
      type: node.terraformResourceType,
      name,
      // Resolved now, after the aspects that ran on it before this one (tags, fix-ups).
      config: resolvedConfig(stack, node),
      // The rest of the stack is resolved type by type, for the rules that read it.
      get stack() {
        return view();
      },
      construct: node,
    };
    const found = rules.flatMap((r) => this.apply(r, input, node, node.node.path, node));
    if (!this.findingsByStack.has(stack.node.id)) {
      this.findingsByStack.set(stack.node.id, []);
      if (this.reports) {
        writeNextToStack(stack, "hybrid-mesh-checks.csv", () => {
          // The stack's rules have run (aspects come before its synthesis): its view can go.
          this.views.delete(stack);
          return renderChecksCsv(this.findingsByStack.get(stack.node.id) ?? []);
        });
        writeNextToStack(
          stack,
          "hybrid-mesh-checks.json",
          () => `${JSON.stringify(this.findingsByStack.get(stack.node.id) ?? [], null, 2)}\n`,
        );
      }
    }
    this.findingsByStack.get(stack.node.id)!.push(...found);
  }

  private apply(
    r: SecurityRule,
    input: RuleInput,
    scope: IConstruct,
    resource: string,
    annotate?: IConstruct,
  ): CheckFinding[] {
    let details: string[];
    try {
      const outcome = r.evaluate(input);
      if (outcome === Compliance.COMPLIANT || outcome === Compliance.NOT_APPLICABLE) return [];
      details = outcome;
    } catch (e) {
      // As cdk-nag: a rule that cannot run is a warning, never a crash.
      if (annotate)
        Annotations.of(annotate).addWarning(`[${r.id}] the rule could not run: ${(e as Error).message}`);
      return [];
    }
    const suppressions = ruleSuppressionsOf(scope).filter((s) => s.id === r.id);
    const base = {
      ruleId: r.id,
      ruleName: r.name,
      level: r.level,
      info: r.info,
      maps: r.maps,
      stack: stackName(scope),
      resource,
      resourceType: input.type,
    };
    return details.map((detail) => {
      const s = suppressions.find((x) => !x.appliesTo || x.appliesTo.some((a) => detail.includes(a)));
      if (s) return { ...base, detail, suppressed: s.reason };
      if (annotate) {
        const message = `[${r.id}] ${r.name}: ${detail}. ${r.info} ${r.explanation} (suppress with a reason if it does not apply)`;
        if (r.level === FindingLevel.ERROR) Annotations.of(annotate).addError(message);
        else Annotations.of(annotate).addWarning(message);
      }
      return { ...base, detail };
    });
  }

  /**
   * The stack's resources, resolved as `checkResource` resolves each, read with the core reader
   * of synthesized Terraform; a type is resolved when a rule first asks for it.
   */
  private stackView(stack: TerraformStack): StackView {
    let view = this.views.get(stack);
    if (!view) {
      view = new LazyStackView(stack);
      this.views.set(stack, view);
    }
    return view;
  }
}

function stackName(scope: IConstruct): string {
  try {
    return TerraformStack.of(scope).node.id;
  } catch {
    return "";
  }
}

/** A resource's synthesized configuration, resolved in its stack (snake_case, as in cdk.tf.json). */
function resolvedConfig(stack: TerraformStack, resource: TerraformResource): Record<string, Json> {
  const json = resolveTerraform(stack, resource.toTerraform()) as {
    resource?: Record<string, Record<string, Json>>;
  };
  return Object.values(json.resource?.[resource.terraformResourceType] ?? {})[0] ?? {};
}

const REFERENCE_TYPE = /^\$\{((?:data\.)?[a-z0-9_]+)\./;

/** The resources of a stack, resolved type by type as rules ask for them. */
class LazyStackView implements StackView {
  private readonly resource: Record<string, Record<string, Json>> = {};
  private model = TerraformModel.fromJson({});

  constructor(private readonly stack: TerraformStack) {}

  public ofType(type: string): StackResource[] {
    this.load(type);
    return this.model.ofType(type);
  }

  public target(stack: string, value: unknown): StackResource | undefined {
    const type = typeof value === "string" ? REFERENCE_TYPE.exec(value)?.[1] : undefined;
    if (type) this.load(type);
    return this.model.target(stack, value);
  }

  private load(type: string): void {
    if (this.resource[type] || type.startsWith("data.")) return;
    const byId: Record<string, Json> = {};
    for (const c of this.stack.node.findAll()) {
      if (!(c instanceof TerraformResource) || c.terraformResourceType !== type) continue;
      if (TerraformStack.of(c) !== this.stack) continue;
      byId[this.stack.getLogicalId(c)] = resolvedConfig(this.stack, c);
    }
    this.resource[type] = byId;
    this.model = TerraformModel.fromJson({ [this.stack.node.id]: { resource: this.resource } });
  }
}
