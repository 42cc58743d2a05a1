export * from "./core";
export * from "./aws";
