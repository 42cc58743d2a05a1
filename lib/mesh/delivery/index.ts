// How the mesh reaches its clusters: as YAML files per cluster (Mesh.writeYaml), or with Terraform
// (MeshInstallStack, then MeshStack); the mesh CA serves both.
export type { MeshFile } from "./yaml-files";
export * from "./scripts";
export * from "./readme";
export * from "./ca";
export * from "./connection";
export type { MeshDeliveryProps } from "./delivery-props";
export * from "./install-stack";
export * from "./mesh-stack";
