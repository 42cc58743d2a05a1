export * from "./spec/spec";
/** @internal */
export { SITE_SHAPES } from "./spec/shapes";
/** @internal */
export { planAddresses } from "./plan/addresses";
export type { AddressPlan, AwsSitePlan, GcpSitePlan } from "./plan/addresses";
export * from "./backend";
export * from "./diagram/render";
export { StackLayout } from "./props";
export type { AwsSite, GcpSite, HybridTopologyProps, Link, TopologyDiagram } from "./props";
export * from "./hybrid-topology";
export * from "./testing";
// What a HybridTopology runs at synth, and its words: one import for a topology's user.
export * from "../analysis";
export * from "../checks";
export { FindingLevel } from "../core";
