import { Aspects, Fn, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { fail } from "./validation";
import { isUnresolved } from "./tokens";

/**
 * The tag/label every resource created by a hybrid-mesh construct carries.
 *
 * @internal
 */
export const MANAGED_BY_KEY = "managed-by";
/**
 * Value of {@link MANAGED_BY_KEY}.
 *
 * @internal
 */
export const MANAGED_BY_VALUE = "hybrid-mesh";
/**
 * The tag/label naming the site (AWS region/VPC, GCP project/VPC, on-premises location) a resource belongs to.
 *
 * @internal
 */
export const SITE_KEY = "site";

type StringMap = Record<string, string>;

/**
 * Turns a tag into a valid GCP label: keys and values lower case, characters other than
 * letters, digits, `_` and `-` replaced by `_`, at most 63 characters.
 *
 * @internal
 */
export function toGcpLabel(key: string, value: string): [string, string] {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  return [clean(key), clean(value)];
}

/** Tags added with `Tags.of(scope)`, per scope, in the order added. */
const tagsByScope = new WeakMap<IConstruct, Map<string, string>>();
/** Bumped by every tag added: the effective tags remembered before are stale. */
let tagsVersion = 0;
const NO_TAGS: ReadonlyMap<string, string> = new Map();
/** Effective tags by construct, valid while `tagsVersion` is the one they were built at. */
const effective = new WeakMap<IConstruct, { version: number; tags: ReadonlyMap<string, string> }>();
/** Stacks that already have the applier. */
const stacksWithApplier = new WeakSet<IConstruct>();

/**
 * Tags (AWS) and labels (GCP) for every resource under a scope.
 *
 * ```ts
 * Tags.of(app).add("team", "platform");
 * Tags.of(awsSite).add("cost-center", "1234");
 * ```
 *
 * One mechanism for both clouds: at synth, one aspect per stack visits every Terraform resource
 * once and
 * - on AWS resources merges the tags into `tags`, into the `tag` blocks of Auto Scaling groups
 *   (with `propagate_at_launch`, so instances get them) and into the instance, volume and
 *   network-interface `tag_specifications` of launch templates;
 * - on GCP resources merges them into `labels` (or `resource_labels` for GKE clusters), made
 *   valid for GCP: lower case, `[a-z0-9_-]`, at most 63 characters.
 *
 * Tags set directly on a resource win over tags from `Tags.of()`; among `Tags.of()` calls, the
 * one on the innermost scope wins. Every hybrid-mesh construct adds `managed-by=hybrid-mesh`; tag
 * a site's scope with `site=<name>` (HybridTopology does). Resources created through escape
 * hatches, or by users under the same scope, are tagged too.
 *
 * `Tags.of(app)` applies to the stacks of the app that exist when it is called and to every stack
 * that holds a hybrid-mesh construct.
 */
export class Tags {
  /** Tags for every resource under `scope`. */
  public static of(scope: IConstruct): Tags {
    return new Tags(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Adds a tag (AWS) / label (GCP) to every resource under the scope.
   *
   * @param key 1-128 characters, not starting with "aws:", and starting with a letter (GCP label keys must)
   * @param value at most 256 characters (shortened to 63 for GCP labels)
   */
  public add(key: string, value: string): void {
    if (typeof key !== "string" || key.length < 1 || key.length > 128 || !/^[A-Za-z]/.test(key)) {
      fail(this.scope, "tags", key, {
        rule: "a tag key is 1-128 characters and starts with a letter (GCP label keys must)",
        fix: 'use e.g. "team"',
      });
    }
    if (key.toLowerCase().startsWith("aws:")) {
      fail(this.scope, "tags", key, {
        rule: 'tag keys starting with "aws:" are reserved by AWS',
        fix: "drop the aws: prefix",
      });
    }
    if (typeof value !== "string" || value.length > 256) {
      fail(this.scope, `tags.${key}`, value, {
        rule: "a tag value is a string of at most 256 characters",
        fix: "shorten the value",
      });
    }
    let tags = tagsByScope.get(this.scope);
    if (!tags) {
      tags = new Map();
      tagsByScope.set(this.scope, tags);
    }
    tags.set(key, value);
    tagsVersion++;
    for (const stack of stacksOf(this.scope)) {
      if (stacksWithApplier.has(stack)) continue;
      stacksWithApplier.add(stack);
      Aspects.of(stack).add(APPLIER);
    }
  }
}

/** The stack of `scope`, or every stack under it (an App, or a construct above stacks). */
function stacksOf(scope: IConstruct): IConstruct[] {
  for (let node: IConstruct | undefined = scope; node; node = node.node.scope) {
    if (TerraformStack.isStack(node)) return [node];
  }
  return scope.node.findAll().filter((c) => TerraformStack.isStack(c));
}

/**
 * Tags of every scope from the root down to `node` (inner scopes override outer ones). Built from
 * the parent's, which is remembered until tags change: a synth asks for every resource's, and
 * resources share their ancestors.
 */
function effectiveTags(node: IConstruct): ReadonlyMap<string, string> {
  const known = effective.get(node);
  if (known && known.version === tagsVersion) return known.tags;
  const parent = node.node.scope;
  const own = tagsByScope.get(node);
  let tags = parent ? effectiveTags(parent) : NO_TAGS;
  if (own) {
    const merged = new Map(tags);
    for (const [k, v] of own) merged.set(k, v);
    tags = merged;
  }
  effective.set(node, { version: tagsVersion, tags });
  return tags;
}

type Resource = TerraformResource & Record<string, unknown>;

/** Applies the effective tags of each resource, once per synth (idempotent). */
class TagApplier implements IAspect {
  /** The resource's own tags, captured before the first change. */
  private readonly initial = new WeakMap<IConstruct, Record<string, unknown>>();

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const resource = node as Resource;
    const type = resource.terraformResourceType;
    const aws = type.startsWith("aws_");
    if (!aws && !type.startsWith("google_")) return;
    const tags = effectiveTags(node);
    if (tags.size === 0) return;
    if (aws) this.applyAws(resource, type, tags);
    else this.applyGoogle(resource, tags);
  }

  private own(resource: Resource, input: string): unknown {
    let saved = this.initial.get(resource);
    if (!saved) {
      saved = {};
      this.initial.set(resource, saved);
    }
    if (!(input in saved)) saved[input] = resource[input];
    return saved[input];
  }

  private applyAws(resource: Resource, type: string, tags: ReadonlyMap<string, string>): void {
    const applied = Object.fromEntries(tags);
    if (type === "aws_autoscaling_group") {
      const initial = this.own(resource, "tagInput");
      if (isUnresolved(initial)) return;
      const given = (Array.isArray(initial) ? initial : []) as Array<{ key: string }>;
      const explicit = new Set(given.map((t) => t.key));
      const added = [...tags]
        .filter(([k]) => !explicit.has(k))
        .map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
      (resource as unknown as { putTag(v: unknown): void }).putTag([...given, ...added]);
      return;
    }
    if (type === "aws_launch_template") {
      const initial = this.own(resource, "tagSpecificationsInput");
      if (!isUnresolved(initial)) {
        const given = (Array.isArray(initial) ? initial : []) as Array<{
          resourceType?: string;
          tags?: StringMap;
        }>;
        const kinds = ["instance", "volume", "network-interface"];
        const specs = kinds.map((resourceType) => ({
          resourceType,
          tags: { ...applied, ...(given.find((s) => s.resourceType === resourceType)?.tags ?? {}) },
        }));
        const others = given.filter((s) => !kinds.includes(s.resourceType ?? ""));
        (resource as unknown as { putTagSpecifications(v: unknown): void }).putTagSpecifications([
          ...specs,
          ...others,
        ]);
      }
    }
    if ("tagsInput" in resource) resource.tags = merge(applied, this.own(resource, "tagsInput"));
  }

  private applyGoogle(resource: Resource, tags: ReadonlyMap<string, string>): void {
    const labels = Object.fromEntries([...tags].map(([k, v]) => toGcpLabel(k, v)));
    if ("labelsInput" in resource) {
      resource.labels = merge(labels, this.own(resource, "labelsInput"));
    } else if ("resourceLabelsInput" in resource) {
      resource.resourceLabels = merge(labels, this.own(resource, "resourceLabelsInput"));
    }
  }
}

const APPLIER = new TagApplier();

function merge(applied: StringMap, initial: unknown): unknown {
  if (initial === undefined || initial === null) return applied;
  if (isUnresolved(initial)) return Fn.merge([applied, initial]);
  return { ...applied, ...(initial as StringMap) };
}
