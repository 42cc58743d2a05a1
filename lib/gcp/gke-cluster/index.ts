// GKE Standard clusters: the construct (cluster.ts), its props (props.ts), the checks of its
// ranges and versions (validation.ts) and its node pools (node-pools.ts).
export { GkeCluster } from "./cluster";
export type { GkeClusterProps, GkeNodePoolOptions, GkeTaint } from "./props";
export { ReleaseChannel } from "./props";
/** @internal */
export { checkControlPlaneCidr, checkGkeVersion } from "./validation";
