// The network model the analysis walks, read from the synthesized Terraform (and the
// on-premises sites the topology describes): one file per kind of thing it holds.
export * from "./ranges";
export * from "./aws";
export * from "./network-acls";
export * from "./security-groups";
export * from "./load-balancers";
export * from "./gcp";
export * from "./gke";
export * from "./onprem";
export * from "./presence";
export * from "./bgp-sessions";
export * from "./tunnels";
export * from "./network-model";
