export * from "./network-model";
export * from "./analysis";
export * from "./report";
