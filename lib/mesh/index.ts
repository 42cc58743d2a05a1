// The mesh layer: mesh.ts (the Mesh construct), options.ts (what a cluster is added with),
// cluster.ts (one cluster, checked and resolved), problems.ts (what needs the whole mesh),
// resolved.ts (the mesh with every default applied), names.ts (the names of what it creates),
// release.ts (what differs between Istio releases), manifests/ (the Kubernetes objects), install/
// (istioctl's IstioOperators, Istio's Helm charts), delivery/ (the YAML files and scripts per
// cluster, the two Terraform stacks, the mesh CA).
export * from "./options";
export * from "./release";
export * from "./names";
export * from "./resolved";
export * from "./manifests";
export * from "./install";
export * from "./cluster";
export * from "./mesh";
export * from "./delivery";
// The mesh's words, defined once in core.
export {
  ClusterRole,
  ControlPlaneMode,
  GatewayExposure,
  MeshModel,
  MtlsMode,
  RootOfTrust,
} from "../core/vocabulary";
