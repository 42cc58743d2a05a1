// Typed props shapes (everything here is @internal): every public construct checks its props
// against a shape of kinds before it uses them (validateShape).
export type { Kind, RequiredKind, Shape, ShapeIssue } from "./types";
export * from "./kinds";
export { describeValue, validateShape } from "./validate";
export { constructId } from "./ids";
