// A pool of worker nodes: its props (props.ts), their checks (validation.ts) and the construct
// (node-pool.ts: role, launch template, Auto Scaling group).
export { NodePool } from "./node-pool";
export type { InstanceRefreshOptions, NodePoolProps, SpotOptions, Taint } from "./props";
export { NodePoolBootstrap } from "./props";
/** @internal */
export { checkLabelKey } from "./validation";
