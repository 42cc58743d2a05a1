// The id given to a construct's constructor, checked before the construct exists.
import { IConstruct } from "constructs";
import { HybridMeshError } from "../errors";

/**
 * Checks the id given to a construct's constructor before the construct exists (call it in
 * `super(scope, constructId(scope, id, "AwsNetwork"))`): a non-empty string. The constructs
 * library would otherwise fail with a TypeError on a number, or accept "" only for the root.
 *
 * @internal
 */
export function constructId(scope: IConstruct, id: unknown, type: string): string {
  if (typeof id === "string" && id.length > 0) return id;
  const parent = typeof scope === "object" && scope !== null && "node" in scope ? scope : undefined;
  throw new HybridMeshError({
    scope: parent,
    property: `id (of a new ${type})`,
    value: id,
    rule: "a construct id is a non-empty string, unique among the constructs of its scope",
    fix: `give a name such as ${JSON.stringify(type.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase()))}`,
  });
}
