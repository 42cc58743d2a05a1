// The control plane: its props (props.ts) and their checks (validation.ts), and the parts the
// construct (control-plane.ts) builds in order: security groups, the API load balancer, the SSM
// parameters the bootstrap reads, the replicas' role, and the replicas themselves.
export { ControlPlane } from "./control-plane";
export { ControlPlaneBootstrap, DEFAULT_CNI_MANIFEST_URL } from "./bootstrap";
/** @internal */
export type { ControlPlaneParameters } from "./parameters";
export type { ControlPlaneLoadBalancerOptions, ControlPlaneProps } from "./props";
export { ReplicaPlacement } from "./props";
export type { ControlPlaneReplica } from "./replicas";
/** @internal */
export { checkKubernetesVersion, checkSubnetAddress } from "./validation";
