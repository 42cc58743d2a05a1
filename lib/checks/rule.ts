import { IConstruct } from "constructs";
import { Json } from "../core/terraform/values";
import { FindingLevel, TfElement } from "../core";

/** What a rule says about one resource. */
export enum Compliance {
  /** The resource follows the rule. */
  COMPLIANT = "compliant",
  /** The rule does not concern this resource. */
  NOT_APPLICABLE = "not-applicable",
}

/**
 * A rule's verdict: compliant, not applicable, or the findings (each a short detail such as
 * "tunnel1: SHA1"), which make the resource non-compliant.
 */
export type RuleOutcome = Compliance | string[];

/**
 * A resource of the same stack, resolved: an element of the core reader of synthesized Terraform
 * (`name` is its logical id, `config` its synthesized configuration, snake_case).
 */
export type StackResource = TfElement;

/**
 * The rest of the stack, for rules that look at more than one resource: the stack's resources,
 * resolved, as the core reader of synthesized Terraform reads them (a TerraformModel has this
 * shape). The pack resolves the resources of a type only when a rule first asks for that type.
 */
export interface StackView {
  /** The resources of a type ("aws_flow_log"), resolved. */
  ofType(type: string): StackResource[];
  /** The resource a value of a resource of `stack` refers to (any attribute), if it is a reference. */
  target(stack: string, value: unknown): StackResource | undefined;
}

/** What a rule evaluates. */
export interface RuleInput {
  /** Resource type ("aws_launch_template"), or "k8s:<Kind>" for Kubernetes objects. */
  readonly type: string;
  /** Logical id (Terraform) or object name (Kubernetes). */
  readonly name: string;
  /** Synthesized configuration: Terraform JSON (snake_case), or the Kubernetes object. */
  readonly config: Record<string, Json>;
  /**
   * The stack around it (Terraform rules): its resources, resolved when a rule first reads them.
   *
   * @default - none (mesh rules)
   */
  readonly stack?: StackView;
  /**
   * The construct that produced it (to read settings Terraform cannot express, such as IKE proposals).
   *
   * @default - none
   */
  readonly construct?: IConstruct;
}

/** A security rule, in the shape of cdk-nag v2's rules: a pure function with an id. */
export interface SecurityRule {
  /** Rule id, e.g. "HM-AWS-1". */
  readonly id: string;
  /** Short name, e.g. "LaunchTemplateImdsv2". */
  readonly name: string;
  /** Error or warning. */
  readonly level: FindingLevel;
  /** What it checks (one line). */
  readonly info: string;
  /** Why it matters and how to comply. */
  readonly explanation: string;
  /** The checkov / trivy / cdk-nag rules it corresponds to; empty when no scanner has it. */
  readonly maps: string[];
  /** Resource types it applies to ("aws_lb"; "k8s:mesh" for a cluster's whole mesh YAML). */
  readonly resourceTypes: string[];
  /** The verdict for one resource. */
  evaluate(input: RuleInput): RuleOutcome;
}

/** Builds a rule (keeps the definitions short). */
export function defineRule(definition: SecurityRule): SecurityRule {
  return Object.freeze(definition);
}
