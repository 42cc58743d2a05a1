// The network analysis: reads the synthesized Terraform into a network model and proves (or
// refutes) the address plan, the links and every path the mesh needs. `analyze` is the entry
// point. The folder:
//   input.ts, result.ts        what the analysis reads, and what it finds
//   model/                     the network model read from the Terraform, one file per kind
//   network-names.ts           how networks are named in hops (by site)
//   routing/                   learned routes, route tables, lookups per network, the walk across
//   filters/                   network ACLs, security groups, GCP firewall, load balancers
//   clusters.ts                a cluster's network and API port
//   sources.ts, endpoints.ts   where clusters send from, and the services they listen on
//   attempt.ts                 one source reaching one target, there and back
//   single-failures.ts         what single failure breaks a path
//   checks/                    address plan, links, paths, reachability, deployer
//   report/                    Markdown and JSON
//   analysis.ts                the coordinator
//   blocked.ts, memo.ts        small shared pieces
import { Analysis } from "./analysis";
import { AnalysisInput } from "./input";
import { AnalysisResult } from "./result";

/** @internal */
export { Analysis } from "./analysis";
export type {
  AnalysisInput,
  AnalysisOptions,
  AwsClusterInput,
  ClusterInput,
  ClusterInputBase,
  DeployerInput,
  GkeClusterInput,
  OnPremClusterInput,
} from "./input";
export { ExplanationCode, PathStatus } from "./result";
export type { AnalysisResult, Finding, LinkResult, PathResult, PlannedRange } from "./result";
/** @internal */
export { EPHEMERAL_PORTS, naclDenies } from "./filters/network-acls";
/** @internal */
export { NetworkModel } from "./model/network-model";
/** @internal */
export type { DomainModel } from "./model/network-model";
/** @internal */
export type { Ranges } from "./model/ranges";
/** @internal */
export type {
  AwsRouteModel,
  AwsRouteTableModel,
  AwsRouteTarget,
  AwsSubnetModel,
  AwsVpcModel,
  AwsVpnConnectionModel,
  AwsVpnGatewayRef,
  TransitGatewayModel,
} from "./model/aws";
/** @internal */
export type { NaclRuleModel, NetworkAclModel } from "./model/network-acls";
/** @internal */
export type { SecurityGroupModel, SgRuleModel } from "./model/security-groups";
/** @internal */
export type {
  AutoScalingGroupModel,
  ListenerModel,
  LoadBalancerModel,
  LoadBalancerNode,
  TargetGroupModel,
} from "./model/load-balancers";
/** @internal */
export type {
  AdvertisementModel,
  GcpFirewallModel,
  GcpFirewallProtocol,
  GcpNetworkModel,
  GcpRouterModel,
  GcpStaticRouteModel,
  GcpSubnetModel,
} from "./model/gcp";
/** @internal */
export type { GkeClusterModel } from "./model/gke";
export type { OnPremInput } from "./model/onprem";
/** @internal */
export type { OnPremNetworkModel } from "./model/onprem";
/** @internal */
export type { TunnelBgp, TunnelGateway, TunnelModel, TunnelPeer } from "./model/tunnels";
/** @internal */
export { renderAnalysisMarkdown } from "./report/markdown";
/** @internal */
export { renderAnalysisJson } from "./report/json";

/** Runs the analysis. */
export function analyze(input: AnalysisInput): AnalysisResult {
  return new Analysis(input).run();
}
