export * from "./rule";
export * from "./aws-rules";
export * from "./gcp-rules";
export * from "./vpn-rules";
export * from "./mesh-rules";
export * from "./pack";
