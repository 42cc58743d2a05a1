// What the AWS rules share: references between resources of a stack.
import { StackResource, StackView } from "../../rule";

/**
 * Whether a value of `resource` refers to the resource `<type>.<name>` of the same stack (any
 * attribute), as the core reader of synthesized Terraform follows references.
 *
 * @internal
 */
export function refersTo(
  stack: StackView,
  resource: StackResource,
  value: unknown,
  type: string,
  name: string,
): boolean {
  const target = stack.target(resource.stack, value);
  return target?.type === type && target.name === name;
}
