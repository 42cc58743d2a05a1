export * from "./rules";
export * from "./firewall";
/** @internal */
export { checkMaxPodsPerNode, checkSubnetRange, nodePodPrefix, podRangePrefix } from "./subnet-ranges";
export type {
  GcpSubnet,
  GcpSubnetOptions,
  NamedRange,
  PodRangeOptions,
  SecondaryRangeOptions,
  SubnetFlowLogOptions,
} from "./subnet";
export * from "./network";
export * from "./cloud-router";
export * from "./gke-cluster";
export * from "./attached-cluster";
export * from "./fleet";
export * from "./mesh-gateway-address";
