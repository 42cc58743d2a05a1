import { bool, Json, many, one } from "../core/terraform/values";
import { Compliance, defineRule, RuleOutcome, SecurityRule } from "./rule";
import { FindingLevel } from "../core";

/** Node configs of a cluster (its default-pool config) or a node pool. */
function nodeConfig(config: Record<string, Json>): Record<string, Json> | undefined {
  return one(config.node_config);
}

/** Checks the node config of a cluster or node pool; clusters whose default pool is removed pass on it. */
function onNodes(
  config: Record<string, Json>,
  type: string,
  check: (n: Record<string, Json>) => string[],
): RuleOutcome {
  const n = nodeConfig(config);
  if (!n) return type === "google_container_node_pool" ? check({}) : Compliance.NOT_APPLICABLE;
  const found = check(n);
  return found.length ? found : Compliance.COMPLIANT;
}

/** GCP rules: GKE clusters, node pools, firewalls, subnets. */
export const GCP_RULES: readonly SecurityRule[] = [
  defineRule({
    id: "HM-GCP-1",
    name: "GkePrivateNodes",
    level: FindingLevel.ERROR,
    info: "GKE nodes have internal addresses only.",
    explanation:
      "Nodes with public addresses are reachable from the internet. Set private_cluster_config.enable_private_nodes.",
    maps: ["CKV_GCP_25", "CKV_GCP_64", "AVD-GCP-0059"],
    resourceTypes: ["google_container_cluster"],
    evaluate: ({ config }) =>
      bool(one(config.private_cluster_config)?.enable_private_nodes, false)
        ? Compliance.COMPLIANT
        : ["private nodes off"],
  }),
  defineRule({
    id: "HM-GCP-2",
    name: "GkeAuthorizedNetworks",
    level: FindingLevel.ERROR,
    info: "The GKE control plane admits only authorized networks, never 0.0.0.0/0.",
    explanation:
      "Without master authorized networks the API endpoint answers the internet. List the peer sites' ranges and operators (GkeCluster.allowApiFrom).",
    maps: ["CKV_GCP_20", "CKV_GCP_18", "AVD-GCP-0053", "AVD-GCP-0061"],
    resourceTypes: ["google_container_cluster"],
    evaluate: ({ config }) => {
      const man = one(config.master_authorized_networks_config);
      if (!man) return ["no master authorized networks"];
      const open = many(man.cidr_blocks).filter((b) => b.cidr_block === "0.0.0.0/0");
      return open.length ? ["0.0.0.0/0 is authorized"] : Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-GCP-3",
    name: "GkeLegacyAbacOff",
    level: FindingLevel.ERROR,
    info: "Legacy ABAC is off.",
    explanation: "ABAC grants broad rights outside RBAC. Set enable_legacy_abac = false.",
    maps: ["CKV_GCP_7", "AVD-GCP-0062"],
    resourceTypes: ["google_container_cluster"],
    evaluate: ({ config }) =>
      bool(config.enable_legacy_abac, false) ? ["legacy ABAC on"] : Compliance.COMPLIANT,
  }),
  defineRule({
    id: "HM-GCP-4",
    name: "GkeNetworkPolicy",
    level: FindingLevel.ERROR,
    info: "Network policy is enforced (Dataplane V2 or Calico).",
    explanation:
      "Without it every pod reaches every other pod, including the east-west gateway's and istiod's ports.",
    maps: ["CKV_GCP_12", "AVD-GCP-0056"],
    resourceTypes: ["google_container_cluster"],
    evaluate: ({ config }) =>
      config.datapath_provider === "ADVANCED_DATAPATH" || bool(one(config.network_policy)?.enabled, false)
        ? Compliance.COMPLIANT
        : ["no network policy"],
  }),
  defineRule({
    id: "HM-GCP-5",
    name: "GkeReleaseChannel",
    level: FindingLevel.WARNING,
    info: "The cluster follows a release channel.",
    explanation: "A pinned version outside channels stops receiving patches when it reaches end of life.",
    maps: ["CKV_GCP_70"],
    resourceTypes: ["google_container_cluster"],
    evaluate: ({ config }) => {
      const channel = one(config.release_channel)?.channel;
      return channel && channel !== "UNSPECIFIED"
        ? Compliance.COMPLIANT
        : ["no release channel (a pinned version)"];
    },
  }),
  defineRule({
    id: "HM-GCP-6",
    name: "GkeShieldedNodes",
    level: FindingLevel.ERROR,
    info: "Nodes are Shielded VMs with secure boot and integrity monitoring.",
    explanation: "Shielded nodes resist boot-level rootkits and let GKE verify node identity.",
    maps: ["CKV_GCP_71", "CKV_GCP_68", "CKV_GCP_72", "AVD-GCP-0055"],
    resourceTypes: ["google_container_cluster", "google_container_node_pool"],
    evaluate: ({ type, config }) => {
      if (type === "google_container_cluster" && !bool(config.enable_shielded_nodes, true))
        return ["shielded nodes off"];
      return onNodes(config, type, (n) => {
        const s = one(n.shielded_instance_config) ?? {};
        const out: string[] = [];
        if (!bool(s.enable_secure_boot, false)) out.push("secure boot off");
        if (!bool(s.enable_integrity_monitoring, true)) out.push("integrity monitoring off");
        return out;
      });
    },
  }),
  defineRule({
    id: "HM-GCP-7",
    name: "GkeWorkloadIdentity",
    level: FindingLevel.ERROR,
    info: "Nodes serve the GKE metadata server (Workload Identity), and legacy metadata endpoints are off.",
    explanation: "With the node's metadata server exposed, every pod can use the node's service account.",
    maps: ["CKV_GCP_69", "AVD-GCP-0057", "AVD-GCP-0048"],
    resourceTypes: ["google_container_cluster", "google_container_node_pool"],
    evaluate: ({ type, config }) => {
      if (type === "google_container_cluster" && !one(config.workload_identity_config)?.workload_pool)
        return ["no workload identity pool"];
      return onNodes(config, type, (n) => {
        const out: string[] = [];
        if (one(n.workload_metadata_config)?.mode !== "GKE_METADATA")
          out.push("metadata mode is not GKE_METADATA");
        if (one(n.metadata)?.["disable-legacy-endpoints"] === "false")
          out.push("legacy metadata endpoints on");
        return out;
      });
    },
  }),
  defineRule({
    id: "HM-GCP-8",
    name: "GkeNodeAutoRepairUpgrade",
    level: FindingLevel.ERROR,
    info: "Node pools repair and upgrade themselves.",
    explanation:
      "Without auto-repair a failed node stays in the load balancer's backends; without auto-upgrade nodes miss security patches.",
    maps: ["CKV_GCP_9", "CKV_GCP_10", "AVD-GCP-0063", "AVD-GCP-0058"],
    resourceTypes: ["google_container_node_pool"],
    evaluate: ({ config }) => {
      const m = one(config.management) ?? {};
      const out: string[] = [];
      if (!bool(m.auto_repair, true)) out.push("auto-repair off");
      if (!bool(m.auto_upgrade, true)) out.push("auto-upgrade off");
      return out.length ? out : Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-GCP-9",
    name: "GkeNoClientCertificate",
    level: FindingLevel.ERROR,
    info: "The cluster issues no client certificate.",
    explanation: "A client certificate is a long-lived cluster-admin credential that cannot be revoked.",
    maps: ["CKV_GCP_13", "AVD-GCP-0064"],
    resourceTypes: ["google_container_cluster"],
    evaluate: ({ config }) =>
      bool(one(one(config.master_auth)?.client_certificate_config)?.issue_client_certificate, false)
        ? ["client certificate issued"]
        : Compliance.COMPLIANT,
  }),
  defineRule({
    id: "HM-GCP-10",
    name: "GkeContainerOptimizedOs",
    level: FindingLevel.WARNING,
    info: "Nodes run Container-Optimized OS.",
    explanation: "COS has a minimal, read-only, verified root file system maintained by Google.",
    maps: ["CKV_GCP_22"],
    resourceTypes: ["google_container_cluster", "google_container_node_pool"],
    evaluate: ({ type, config }) =>
      onNodes(config, type, (n) =>
        !n.image_type || String(n.image_type).startsWith("COS") ? [] : [`image type ${n.image_type}`],
      ),
  }),
  defineRule({
    id: "HM-GCP-11",
    name: "GkeDedicatedNodeServiceAccount",
    level: FindingLevel.ERROR,
    info: "Nodes use a dedicated service account, not the Compute Engine default.",
    explanation: "The default compute service account has Editor on the project.",
    maps: ["AVD-GCP-0050"],
    resourceTypes: ["google_container_cluster", "google_container_node_pool"],
    evaluate: ({ type, config }) =>
      onNodes(config, type, (n) =>
        !n.service_account ||
        /-compute@developer\.gserviceaccount\.com$/.test(String(n.service_account)) ||
        n.service_account === "default"
          ? ["default compute service account"]
          : [],
      ),
  }),
  defineRule({
    id: "HM-GCP-12",
    name: "FirewallNoPublicIngress",
    level: FindingLevel.ERROR,
    info: "No firewall rule admits 0.0.0.0/0.",
    explanation:
      "Sites reach each other across the VPN from known ranges; an open rule exposes every instance it targets.",
    maps: ["CKV_GCP_2", "CKV_GCP_3", "CKV_GCP_75", "CKV_GCP_77", "CKV_GCP_88", "CKV_GCP_106", "AVD-GCP-0027"],
    resourceTypes: ["google_compute_firewall"],
    evaluate: ({ config }) => {
      if (
        (config.direction ?? "INGRESS") !== "INGRESS" ||
        many(config.deny).length ||
        bool(config.disabled, false)
      )
        return Compliance.NOT_APPLICABLE;
      const sources = many(config.source_ranges).map(String);
      if (sources.includes("0.0.0.0/0")) return ["source 0.0.0.0/0"];
      if (
        sources.length === 0 &&
        many(config.source_tags).length === 0 &&
        many(config.source_service_accounts).length === 0
      )
        return ["no source: 0.0.0.0/0 implied"];
      return Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-GCP-13",
    name: "SubnetFlowLogs",
    level: FindingLevel.ERROR,
    info: "Subnets record flow logs.",
    explanation: "Without flow logs nobody can tell which traffic crossed the VPN or was rejected.",
    maps: ["CKV_GCP_26", "AVD-GCP-0029"],
    resourceTypes: ["google_compute_subnetwork"],
    evaluate: ({ config }) =>
      one(config.log_config) || config.purpose === "REGIONAL_MANAGED_PROXY"
        ? Compliance.COMPLIANT
        : ["no flow logs"],
  }),
  defineRule({
    id: "HM-GCP-14",
    name: "SubnetPrivateGoogleAccess",
    level: FindingLevel.WARNING,
    info: "Subnets reach Google APIs privately.",
    explanation: "Private nodes without it reach Google APIs (image pulls, logging) only through Cloud NAT.",
    maps: ["CKV_GCP_74", "AVD-GCP-0076"],
    resourceTypes: ["google_compute_subnetwork"],
    evaluate: ({ config }) =>
      bool(config.private_ip_google_access, false) ? Compliance.COMPLIANT : ["private Google access off"],
  }),
];
