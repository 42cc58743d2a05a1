export * from "./options";
export * from "./manifests";
export * from "./install";
export * from "./mesh";
export * from "./terraform";
