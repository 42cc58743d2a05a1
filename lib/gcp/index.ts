export * from "./rules";
export * from "./firewall";
export * from "./network";
export * from "./cloud-router";
export * from "./gke-cluster";
export * from "./attached-cluster";
export * from "./fleet";
export * from "./mesh-gateway-address";
