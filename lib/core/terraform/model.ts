import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import { Json } from "./values";

/**
 * Whether Terraform creates an element, from its `count` or `for_each`: "present" (no count or
 * for_each, a literal count above 0, a literal non-empty list or map), "absent" (a literal count of
 * 0, an empty list or map: Terraform creates nothing) or "unknown" (an expression known only at
 * plan time).
 */
export type Presence = "present" | "absent" | "unknown";

/** Presences of elements that Terraform creates or may create (every one but "absent"). */
const POSSIBLE: readonly Presence[] = ["present", "unknown"];

/** One resource or data source of the synthesized Terraform, as it will be deployed. */
export interface TfElement {
  /** Stack (Terraform working directory) holding it. */
  readonly stack: string;
  /** Resource type, e.g. "aws_vpc" (data sources: "data.aws_ssm_parameter"). */
  readonly type: string;
  /** Logical id in its stack. */
  readonly name: string;
  /** `<stack>:<type>.<name>`, unique in the app. */
  readonly key: string;
  /** Construct path inside its stack (from the synthesized metadata), or the logical id. */
  readonly path: string;
  /** Full construct path (from the synthesized metadata), or the logical id. */
  readonly fullPath: string;
  /** The synthesized configuration (snake_case, as in cdk.tf.json). */
  readonly config: Record<string, Json>;
  /** Whether Terraform creates it (its `count` or `for_each`). */
  readonly presence: Presence;
  /**
   * Its `count` or `for_each` as written, e.g. "count = 0" or "for_each = ${toset(var.zones)}".
   *
   * @default - none: Terraform creates one
   */
  readonly instances?: string;
}

/** A value with its cross-stack references followed. */
export interface FollowedValue {
  /** The stack the value is in (the producing stack of a cross-stack reference). */
  readonly stack: string;
  /** The value there. */
  readonly value: unknown;
}

/** A reference to an attribute of an element. */
export interface TfReference {
  /** The element referred to. */
  readonly element: TfElement;
  /** The attribute path after the element, e.g. "id" or "private_cluster_config[0].private_endpoint". */
  readonly attribute: string;
}

const RESOURCE_REF = /^\$\{((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([^}]+)\}$/;
const REMOTE_STATE_REF =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-(.+?)\.outputs\.([A-Za-z0-9_.-]+)\}$/;

/**
 * The key of a resource or data source (`<stack>:<type>.<logical id>`).
 *
 * @internal
 */
export function keyOf(element: TerraformResource | TerraformDataSource): string {
  const stack = TerraformStack.of(element);
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `${stack.node.id}:${prefix}${element.terraformResourceType}.${stack.getLogicalId(element)}`;
}

/**
 * Whether Terraform creates an element with this `count` and `for_each`, and how they read.
 *
 * @internal
 */
export function presenceOf(count: Json, forEach: Json): { presence: Presence; instances?: string } {
  if (count !== undefined && count !== null) {
    const instances = `count = ${typeof count === "string" ? count : JSON.stringify(count)}`;
    const n =
      typeof count === "number"
        ? count
        : typeof count === "string" && /^\s*\d+\s*$/.test(count)
          ? Number(count)
          : undefined;
    return { presence: n === undefined ? "unknown" : n > 0 ? "present" : "absent", instances };
  }
  if (forEach !== undefined && forEach !== null) {
    const instances = `for_each = ${typeof forEach === "string" ? forEach : JSON.stringify(forEach)}`;
    const size = literalSize(forEach);
    return { presence: size === undefined ? "unknown" : size > 0 ? "present" : "absent", instances };
  }
  return CREATED;
}

/** Presence of an element without count or for_each (shared: a large app has thousands). */
const CREATED = Object.freeze({ presence: "present" as Presence });

/**
 * The number of keys of a literal `for_each` (a list, a map, or `${toset([...])}` of literals, as
 * cdktf writes a TerraformIterator over a list); undefined when it is an expression.
 */
function literalSize(forEach: Json): number | undefined {
  if (Array.isArray(forEach)) return forEach.length;
  if (typeof forEach === "object") return Object.keys(forEach).length;
  if (typeof forEach !== "string") return undefined;
  const m = /^\$\{\s*(?:toset|tomap)?\(?\s*(\[[^$]*\]|\{[^$]*\})\s*\)?\s*\}$/.exec(forEach);
  if (!m) return undefined;
  if (/^\[\s*\]$|^\{\s*\}$/.test(m[1])) return 0;
  try {
    const v = JSON.parse(m[1]);
    return Array.isArray(v) ? new Set(v.map((x) => JSON.stringify(x))).size : Object.keys(v).length;
  } catch {
    return undefined;
  }
}

/**
 * How many path segments lead to a stack (its own name last), from its elements' construct paths:
 * the last segment named like the stack within the prefix they all share.
 */
function stackPathDepth(stack: string, paths: string[]): number {
  const split = paths.filter((p) => p.includes("/")).map((p) => p.split("/"));
  if (split.length === 0) return 0;
  let common = split[0].length - 1;
  for (const segments of split) {
    let i = 0;
    while (i < common && i < segments.length - 1 && segments[i] === split[0][i]) i++;
    common = i;
  }
  for (let i = common - 1; i >= 0; i--) if (split[0][i] === stack) return i + 1;
  return 0;
}

/**
 * The Terraform of a whole app as one model: every element of every stack, with references
 * resolved across stacks (a cross-stack reference is a `terraform_remote_state` output of the
 * producing stack). This is what the analysis reads, so that overrides and escape hatches count.
 */
export class TerraformModel {
  /**
   * The model of stacks given as synthesized JSON, by stack name.
   */
  public static fromJson(stacks: Record<string, Json>): TerraformModel {
    return new TerraformModel(stacks);
  }

  /**
   * The model of what `cdktf synth` wrote into an output folder (`<outdir>/stacks/<stack>/cdk.tf.json`,
   * with cdktf's metadata, so that elements can be found by construct path), by stack name.
   */
  public static fromOutdir(outdir: string): TerraformModel {
    const stacks: Record<string, Json> = {};
    const dir = path.join(outdir, "stacks");
    for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
      const file = path.join(dir, name, "cdk.tf.json");
      if (existsSync(file)) stacks[name] = JSON.parse(readFileSync(file, "utf8"));
    }
    return new TerraformModel(stacks);
  }

  /**
   * The model of the stacks of an app as they will be synthesized (cross-stack references are
   * prepared first, as `app.synth()` does).
   */
  public static fromStacks(stacks: readonly TerraformStack[]): TerraformModel {
    stacks.forEach((s) => s.prepareStack());
    const json: Record<string, Json> = {};
    for (const s of stacks) json[s.node.id] = s.toTerraform();
    return new TerraformModel(json);
  }

  /** Every element, in stack order then synthesized order. */
  public readonly elements: TfElement[] = [];
  private readonly byKey = new Map<string, TfElement>();
  private readonly byType = new Map<string, TfElement[]>();
  /** Types with an element that is not (or may not be) created. */
  private readonly mixed = new Set<string>();

  private constructor(
    /** The synthesized JSON of every stack, by stack name. */
    public readonly stacks: Record<string, Json>,
  ) {
    for (const [stack, json] of Object.entries(stacks)) {
      const raw: { type: string; name: string; fullPath: string; config: Json }[] = [];
      const add = (prefix: string, group: Record<string, Record<string, Json>> | undefined) => {
        for (const [type, items] of Object.entries(group ?? {})) {
          for (const [name, config] of Object.entries(items ?? {})) {
            const fullPath = (config?.["//"]?.metadata?.path as string | undefined) ?? name;
            raw.push({ type: `${prefix}${type}`, name, fullPath, config: config ?? {} });
          }
        }
      };
      add("", json.resource);
      add("data.", json.data);
      const stackDepth = stackPathDepth(
        stack,
        raw.map((r) => r.fullPath),
      );
      for (const r of raw) {
        const element: TfElement = {
          stack,
          type: r.type,
          name: r.name,
          key: `${stack}:${r.type}.${r.name}`,
          path: stackDepth > 0 ? r.fullPath.split("/").slice(stackDepth).join("/") : r.fullPath,
          fullPath: r.fullPath,
          config: r.config,
          ...presenceOf(r.config.count, r.config.for_each),
        };
        this.elements.push(element);
        this.byKey.set(element.key, element);
        const list = this.byType.get(r.type) ?? [];
        list.push(element);
        this.byType.set(r.type, list);
        if (element.presence !== "present") this.mixed.add(r.type);
      }
    }
  }

  /**
   * Elements of a type ("aws_vpc", "data.aws_ssm_parameter") with one of the presences given: by
   * default every element Terraform creates or may create ("present" or "unknown"; an element with a
   * count of 0 or an empty for_each is skipped).
   */
  public ofType(type: string, presence: Presence | readonly Presence[] = POSSIBLE): TfElement[] {
    const all = this.byType.get(type) ?? [];
    const wanted: readonly Presence[] = typeof presence === "string" ? [presence] : presence;
    if (!this.mixed.has(type)) return wanted.includes("present") ? all : [];
    return all.filter((e) => wanted.includes(e.presence));
  }

  /**
   * The elements of a type whose construct path ends with `pathSuffix` ("site-aws/ControlPlane/LoadBalancer";
   * a final "/Resource" or "/Default", the ids cdktf leaves out of logical ids, is optional), in
   * every stack or in one, whatever their presence.
   */
  public find(type: string, pathSuffix: string, stack?: string): TfElement[] {
    const wanted = pathSuffix.replace(/\/(Resource|Default)$/, "");
    return (
      this.byType.get(type)?.filter((e) => {
        if (stack !== undefined && e.stack !== stack) return false;
        const p = e.fullPath.replace(/\/(Resource|Default)$/, "");
        return p === wanted || p.endsWith(`/${wanted}`);
      }) ?? []
    );
  }

  /** The one element of a type at a construct path (see `find`); throws when there is not exactly one. */
  public at(type: string, pathSuffix: string, stack?: string): TfElement {
    const found = this.find(type, pathSuffix, stack);
    if (found.length !== 1)
      throw new Error(
        `expected one ${type} at *${pathSuffix}${stack ? ` in ${stack}` : ""}, found ${found.length}`,
      );
    return found[0];
  }

  /** The element with a key. */
  public get(key: string): TfElement | undefined {
    return this.byKey.get(key);
  }

  /**
   * What a value of an element refers to: `${type.name.attr}` in the same stack, or a
   * cross-stack reference followed to the producing stack. Undefined for literals.
   */
  public ref(stack: string, value: unknown): TfReference | undefined {
    const followed = this.follow(stack, value);
    const m = typeof followed.value === "string" ? RESOURCE_REF.exec(followed.value) : null;
    const element = m ? this.byKey.get(`${followed.stack}:${m[1]}.${m[2]}`) : undefined;
    return element ? { element, attribute: m![3] } : undefined;
  }

  /** The element a value refers to (any attribute), if it is a reference. */
  public target(stack: string, value: unknown): TfElement | undefined {
    return this.ref(stack, value)?.element;
  }

  /**
   * A value with cross-stack references followed: a literal stays as it is; a reference to
   * another stack's output becomes what that output holds (possibly a reference in that stack).
   */
  public follow(stack: string, value: unknown): FollowedValue {
    for (let depth = 0; depth < 8 && typeof value === "string"; depth++) {
      const remote = REMOTE_STATE_REF.exec(value);
      if (!remote) break;
      stack = this.producer(remote[1]);
      value = this.stacks[stack]?.output?.[remote[2]]?.value;
    }
    return { stack, value };
  }

  /**
   * The stack a remote-state input reads: cdktf names it after the producing stack's path, with
   * "--" between the path's parts ("topology--topology-gcp"; a remote-state data source is
   * "cross-stack-reference-input-" and that name).
   */
  public producer(input: string): string {
    if (this.stacks[input]) return input;
    const names = Object.keys(this.stacks).filter((n) => input.endsWith(`--${n}`));
    return names.sort((a, b) => b.length - a.length)[0] ?? input;
  }

  /** An element's `name` when it is literal, else its construct path (how reports name it). */
  public nameOf(element: TfElement): string {
    return this.literal(element.stack, element.config.name) ?? element.path;
  }

  /** The element a value of `element`'s configuration refers to, in `element`'s stack. */
  public targetOf(element: TfElement, value: unknown): TfElement | undefined {
    return this.target(element.stack, value);
  }

  /** The literal string a value holds, or undefined when it is computed at deploy time. */
  public literal(stack: string, value: unknown): string | undefined {
    const v = this.follow(stack, value).value;
    if (typeof v === "number") return String(v);
    return typeof v === "string" && !v.includes("${") ? v : undefined;
  }
}
