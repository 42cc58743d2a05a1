export * from "./errors";
export * from "./tokens";
export * from "./ipv4";
export * from "./address-plan";
export * from "./tunnel-cidrs";
export * from "./names";
export * from "./validators";
export * from "./tags";
