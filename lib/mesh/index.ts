export * from "./options";
export * from "./release";
export * from "./model";
export * from "./manifests";
export * from "./install";
export * from "./scripts";
export * from "./cluster";
export * from "./mesh";
export * from "./ca";
export * from "./terraform";
// The mesh's words, defined once in core.
export {
  ClusterRole,
  ControlPlaneMode,
  GatewayExposure,
  MeshModel,
  MtlsMode,
  RootOfTrust,
} from "../core/vocabulary";
