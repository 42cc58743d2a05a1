export * from "./spec";
export * from "./address-planner";
export * from "./backend";
export * from "./diagram";
export * from "./hybrid-topology";
export * from "./testing";
// What a HybridTopology runs at synth, and its words: one import for a topology's user.
export * from "../analysis";
export * from "../checks";
export { FindingLevel } from "../core/vocabulary";
