// Pure IPv4 math and planning: no cdktf, no constructs.
export * from "./ipv4";
export * from "./allocation";
export * from "./ranges";
export * from "./tunnel-cidrs";
