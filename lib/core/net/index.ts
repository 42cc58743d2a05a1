// Pure IPv4 math and planning: no cdktf, no constructs.
export * from "./ipv4";
export * from "./address-plan";
export * from "./ranges";
export * from "./tunnel-cidrs";
