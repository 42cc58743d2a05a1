// Typed props shapes (everything here is @internal): every public construct checks its props
// against a shape of kinds before it uses them (validateShape).
/** @internal */
export type { Kind, RequiredKind, Shape, ShapeIssue } from "./types";
export * from "./kinds";
/** @internal */
export { describeValue, validateShape } from "./validate";
/** @internal */
export { constructId } from "./ids";
