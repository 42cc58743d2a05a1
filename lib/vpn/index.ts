export * from "./ike";
export * from "./common";
export * from "./peer-sheet";
export * from "./peer-device";
export type { HaVpnProps } from "./ha-vpn";
export { AwsVpnGatewayKind } from "./aws-vpn-gateway";
export * from "./aws-ha-vpn";
export * from "./peer-ha-vpn";
export * from "./classic-vpn";
// Defined once in core.
export { SlaTier } from "../core/vocabulary";
