import { Aspects, Fn, IAspect, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { fail } from "./errors";
import { isUnresolved } from "./tokens";

/** The tag/label every resource created by a hybrid-mesh construct carries. */
export const MANAGED_BY_KEY = "managed-by";
/** Value of {@link MANAGED_BY_KEY}. */
export const MANAGED_BY_VALUE = "hybrid-mesh";
/** The tag/label naming the site (AWS region/VPC, GCP project/VPC, on-premises location) a resource belongs to. */
export const SITE_KEY = "site";

type StringMap = Record<string, string>;

/**
 * Turns a tag into a valid GCP label: keys and values lower case, characters other than
 * letters, digits, `_` and `-` replaced by `_`, at most 63 characters.
 */
export function toGcpLabel(key: string, value: string): [string, string] {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  return [clean(key), clean(value)];
}

interface TagState {
  readonly initial: unknown;
  readonly applied: StringMap;
}

/**
 * Tags (AWS) and labels (GCP) for every resource under a scope.
 *
 * ```ts
 * Tags.of(app).add("team", "platform");
 * Tags.of(awsSite).add("cost-center", "1234");
 * ```
 *
 * One mechanism for both clouds: an aspect visits every Terraform resource under the scope at
 * synth time and
 * - on AWS resources merges the tags into `tags`, into the `tag` blocks of Auto Scaling groups
 *   (with `propagate_at_launch`, so instances get them) and into the instance, volume and
 *   network-interface `tag_specifications` of launch templates;
 * - on GCP resources merges them into `labels` (or `resource_labels` for GKE clusters), made
 *   valid for GCP: lower case, `[a-z0-9_-]`, at most 63 characters (see {@link toGcpLabel}).
 *
 * Tags set directly on a resource win over tags from `Tags.of()`; among `Tags.of()` calls, the
 * one on the innermost scope wins. Every hybrid-mesh construct adds `managed-by=hybrid-mesh`,
 * and the site constructs add `site=<name>`. Resources created through escape hatches, or by
 * users under the same scope, are tagged too.
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
    Aspects.of(this.scope).add(new TagAspect(key, value));
  }
}

/** Tag state per resource and per attribute (a launch template has both `tags` and `tag_specifications`). */
const states = new WeakMap<IConstruct, Map<string, TagState>>();

/** Applies one tag to every AWS/GCP resource it visits. */
class TagAspect implements IAspect {
  constructor(
    private readonly key: string,
    private readonly value: string,
  ) {}

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const resource = node as TerraformResource & Record<string, unknown>;
    const type = resource.terraformResourceType;
    if (type.startsWith("aws_")) {
      this.visitAws(resource, type);
    } else if (type.startsWith("google_")) {
      this.visitGoogle(resource);
    }
  }

  private visitAws(resource: TerraformResource & Record<string, unknown>, type: string): void {
    if (type === "aws_autoscaling_group") {
      const state = this.record(resource, "tagInput", [this.key, this.value]);
      const initial = Array.isArray(state.initial) ? (state.initial as Array<{ key: string }>) : [];
      if (isUnresolved(state.initial)) return;
      const explicit = new Set(initial.map((t) => t.key));
      const added = Object.entries(state.applied)
        .filter(([k]) => !explicit.has(k))
        .map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
      (resource as unknown as { putTag(v: unknown): void }).putTag([...initial, ...added]);
      return;
    }
    if (type === "aws_launch_template") {
      const state = this.record(resource, "tagSpecificationsInput", [this.key, this.value]);
      if (isUnresolved(state.initial)) return;
      const initial = (Array.isArray(state.initial) ? state.initial : []) as Array<{
        resourceType?: string;
        tags?: StringMap;
      }>;
      const kinds = ["instance", "volume", "network-interface"];
      const specs = kinds.map((resourceType) => {
        const given = initial.find((s) => s.resourceType === resourceType);
        return { resourceType, tags: { ...state.applied, ...(given?.tags ?? {}) } };
      });
      const others = initial.filter((s) => !kinds.includes(s.resourceType ?? ""));
      (resource as unknown as { putTagSpecifications(v: unknown): void }).putTagSpecifications([
        ...specs,
        ...others,
      ]);
    }
    if (hasInput(resource, "tagsInput")) {
      const state = this.record(resource, "tagsInput", [this.key, this.value], "tags");
      resource.tags = merge(state);
    }
  }

  private visitGoogle(resource: TerraformResource & Record<string, unknown>): void {
    const label = toGcpLabel(this.key, this.value);
    if (hasInput(resource, "labelsInput")) {
      resource.labels = merge(this.record(resource, "labelsInput", label));
    } else if (hasInput(resource, "resourceLabelsInput")) {
      resource.resourceLabels = merge(this.record(resource, "resourceLabelsInput", label));
    }
  }

  private record(
    resource: Record<string, unknown>,
    input: string,
    [key, value]: [string, string],
    slot = input,
  ): TagState {
    const key0 = resource as unknown as IConstruct;
    let byInput = states.get(key0);
    if (!byInput) {
      byInput = new Map();
      states.set(key0, byInput);
    }
    let state = byInput.get(slot);
    if (!state) {
      state = { initial: resource[input], applied: {} };
      byInput.set(slot, state);
    }
    state.applied[key] = value;
    return state;
  }
}

function hasInput(resource: object, input: string): boolean {
  return input in resource;
}

function merge(state: TagState): unknown {
  if (state.initial === undefined || state.initial === null) return { ...state.applied };
  if (isUnresolved(state.initial)) return Fn.merge([state.applied, state.initial]);
  return { ...state.applied, ...(state.initial as StringMap) };
}
