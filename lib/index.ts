export * from "./core";
export * from "./aws";
export * from "./gcp";
export * from "./vpn";
export * from "./mesh";
export * from "./analysis";
export * from "./checks";
export * from "./topology";
