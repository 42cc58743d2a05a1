// The GCP rules, one file each, in id order.
import { SecurityRule } from "../../rule";
import { GkePrivateNodes } from "./gke-private-nodes";
import { GkeAuthorizedNetworks } from "./gke-authorized-networks";
import { GkeLegacyAbacOff } from "./gke-legacy-abac-off";
import { GkeNetworkPolicy } from "./gke-network-policy";
import { GkeReleaseChannel } from "./gke-release-channel";
import { GkeShieldedNodes } from "./gke-shielded-nodes";
import { GkeWorkloadIdentity } from "./gke-workload-identity";
import { GkeNodeAutoRepairUpgrade } from "./gke-node-auto-repair-upgrade";
import { GkeNoClientCertificate } from "./gke-no-client-certificate";
import { GkeContainerOptimizedOs } from "./gke-container-optimized-os";
import { GkeDedicatedNodeServiceAccount } from "./gke-dedicated-node-service-account";
import { FirewallNoPublicIngress } from "./firewall-no-public-ingress";
import { SubnetFlowLogs } from "./subnet-flow-logs";
import { SubnetPrivateGoogleAccess } from "./subnet-private-google-access";

/** GCP rules: GKE clusters, node pools, firewalls, subnets. */
export const GCP_RULES: readonly SecurityRule[] = [
  GkePrivateNodes,
  GkeAuthorizedNetworks,
  GkeLegacyAbacOff,
  GkeNetworkPolicy,
  GkeReleaseChannel,
  GkeShieldedNodes,
  GkeWorkloadIdentity,
  GkeNodeAutoRepairUpgrade,
  GkeNoClientCertificate,
  GkeContainerOptimizedOs,
  GkeDedicatedNodeServiceAccount,
  FirewallNoPublicIngress,
  SubnetFlowLogs,
  SubnetPrivateGoogleAccess,
];
