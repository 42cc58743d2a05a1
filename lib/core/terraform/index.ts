// The one reader of synthesized Terraform JSON (the analysis, the checks and the test helpers).
export * from "./model";
export type { Json } from "./values";
