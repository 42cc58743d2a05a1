// The Kubernetes objects of the mesh, by what they are for.
export * from "./namespaces";
export * from "./gateways";
export * from "./policies";
export * from "./reader-identity";
export * from "./secrets";
export * from "./east-west-gateway";
