import { Compliance, defineRule, RuleOutcome, SecurityRule } from "./rule";
import { Json } from "../core/terraform/values";
import {
  ClusterRole,
  ControlPlaneMode,
  FindingLevel,
  GatewayExposure,
  INTERNAL_LB_ANNOTATIONS,
  ISTIO_SYSTEM,
  K8sObject,
  MeshModel,
  MtlsMode,
  RootOfTrust,
} from "../core";

/** The mesh-wide settings mesh rules read. */
export interface MeshRuleMesh {
  /** Deployment model. */
  readonly model: MeshModel;
  /** Where certificates come from. */
  readonly rootOfTrust: RootOfTrust;
}

/** The settings of one cluster's east-west gateway that mesh rules read. */
export interface MeshRuleGateway {
  /** How the Service is exposed. */
  readonly exposure: GatewayExposure;
  /** Service annotations (the platform's merged with the user's). */
  readonly annotations: Record<string, string>;
  /** Every fixed address known at synth. */
  readonly addresses: string[];
}

/** The settings of one cluster that mesh rules read. */
export interface MeshRuleCluster {
  /** Cluster name. */
  readonly name: string;
  /** Role in the mesh. */
  readonly role: ClusterRole;
  /** Who runs its control plane. */
  readonly controlPlane: ControlPlaneMode;
  /**
   * Folder of its plug-in CA files (RootOfTrust.PLUGGED_IN).
   *
   * @default - none
   */
  readonly caCertsDirectory?: string;
  /** Its east-west gateway. */
  readonly gateway: MeshRuleGateway;
}

/**
 * What a mesh rule sees: one cluster's objects and settings. The mesh layer's resolved mesh and
 * clusters have this shape (and more); the checks read nothing else of the mesh.
 */
export interface MeshRuleConfig {
  /** The mesh. */
  readonly mesh: MeshRuleMesh;
  /** The cluster. */
  readonly cluster: MeshRuleCluster;
  /** The cluster's Kubernetes objects. */
  readonly objects: K8sObject[];
}

/** The type mesh rules apply to: one cluster's share of a mesh. */
export const MESH_RULE_TYPE = "k8s:mesh";

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./];

const view = (config: Record<string, Json>) => config as unknown as MeshRuleConfig;
const outcome = (found: string[]): RuleOutcome => (found.length ? found : Compliance.COMPLIANT);

/** Mesh rules (constraints-and-rules.md §C), on each cluster's YAML. */
export const MESH_RULES: readonly SecurityRule[] = [
  defineRule({
    id: "HM-MESH-1",
    name: "StrictMtls",
    level: FindingLevel.ERROR,
    info: "A mesh-wide PeerAuthentication in the root namespace sets mTLS to STRICT.",
    explanation:
      "Sidecars default to PERMISSIVE and accept plain text; across networks that is traffic in clear over the VPN. Emit one mesh-wide STRICT policy.",
    maps: ["IST-SEC", "IST-PA"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) => {
      // Remote clusters take their configuration from their primary's API server.
      if (view(config).cluster.role === ClusterRole.REMOTE) return Compliance.NOT_APPLICABLE;
      const pa = view(config).objects.filter(
        (o) =>
          o.kind === "PeerAuthentication" &&
          o.metadata.namespace === ISTIO_SYSTEM &&
          !(o.spec as Json)?.selector,
      );
      if (pa.length === 0) return ["no mesh-wide PeerAuthentication"];
      return outcome(
        pa
          .filter((o) => (o.spec as Json)?.mtls?.mode !== MtlsMode.STRICT)
          .map((o) => `${o.metadata.name}: ${(o.spec as Json)?.mtls?.mode ?? "unset"}`),
      );
    },
  }),
  defineRule({
    id: "HM-MESH-2",
    name: "DefaultDeny",
    level: FindingLevel.WARNING,
    info: "A mesh-wide allow-nothing AuthorizationPolicy denies what no policy allows.",
    explanation:
      "mTLS authenticates; it does not authorize. With allow-nothing every service needs an ALLOW policy naming its clients.",
    maps: ["IST-SEC"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) =>
      view(config).cluster.role === ClusterRole.REMOTE
        ? Compliance.NOT_APPLICABLE
        : view(config).objects.some(
              (o) =>
                o.kind === "AuthorizationPolicy" &&
                o.metadata.namespace === ISTIO_SYSTEM &&
                Object.keys((o.spec as object | undefined) ?? {}).length === 0,
            )
          ? Compliance.COMPLIANT
          : ["no allow-nothing policy"],
  }),
  defineRule({
    id: "HM-MESH-3",
    name: "CrossNetworkGatewayLocalHostsOnly",
    level: FindingLevel.ERROR,
    info: "Pass-through gateway servers expose only `*.local` hosts.",
    explanation:
      "AUTO_PASSTHROUGH on `*` forwards any SNI the client names, including hosts outside the mesh.",
    maps: ["IST-EW", "IST-SEC"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) =>
      outcome(
        view(config)
          .objects.filter((o) => o.kind === "Gateway")
          .flatMap((o) =>
            ((o.spec as Json)?.servers ?? [])
              .filter((s: Json) => s?.tls?.mode === "AUTO_PASSTHROUGH")
              .flatMap((s: Json) =>
                (s.hosts ?? []).filter((h: string) => !/(^|\.)local$/.test(h) && h !== "*.local"),
              )
              .map((h: string) => `${o.metadata.name}: host ${h}`),
          ),
      ),
  }),
  defineRule({
    id: "HM-MESH-4",
    name: "IstiodExposedOnlyForRemotes",
    level: FindingLevel.ERROR,
    info: "istiod (15012/15017) is exposed through the gateway only on a primary that serves remotes.",
    explanation:
      "Multi-primary clusters do not need istiod reachable from other networks; exposing it widens the attack surface.",
    maps: ["IST-EW", "IST-MPMN"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) => {
      const { mesh, cluster, objects } = view(config);
      const exposed = objects.some(
        (o) =>
          o.kind === "Gateway" &&
          ((o.spec as Json)?.servers ?? []).some((s: Json) => [15012, 15017].includes(s?.port?.number)),
      );
      const needed = mesh.model === MeshModel.PRIMARY_REMOTE && cluster.role === ClusterRole.PRIMARY;
      return exposed && !needed ? ["istiod exposed without remote clusters"] : Compliance.COMPLIANT;
    },
  }),
  defineRule({
    id: "HM-MESH-5",
    name: "InternalEastWestGateway",
    level: FindingLevel.ERROR,
    info: "East-west gateways are internal: a NodePort behind an internal load balancer, an internal load balancer, or a private VIP.",
    explanation:
      "Istio's sample gateway is a public load balancer. Across a VPN it must be reachable from the peer sites only.",
    maps: ["IST-MPMN", "GKE-ILB", "AWS-LBC"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) => {
      const g = view(config).cluster.gateway;
      if (
        g.exposure === GatewayExposure.NODE_PORT ||
        g.exposure === GatewayExposure.GKE_INTERNAL_LOAD_BALANCER
      )
        return Compliance.COMPLIANT;
      const internal = Object.entries(g.annotations).some(
        ([k, v]) =>
          INTERNAL_LB_ANNOTATIONS[k] !== undefined && INTERNAL_LB_ANNOTATIONS[k] === String(v).toLowerCase(),
      );
      if (internal) return Compliance.COMPLIANT;
      if (g.addresses.length && g.addresses.every((a) => PRIVATE.some((p) => p.test(a))))
        return Compliance.COMPLIANT;
      return [`${g.exposure} without an internal annotation or a private address`];
    },
  }),
  defineRule({
    id: "HM-MESH-6",
    name: "ReaderCannotReadSecrets",
    level: FindingLevel.ERROR,
    info: "The identity remote istiods read a cluster with cannot read Secrets.",
    explanation:
      "Its token sits in every other cluster (remote secret); with Secrets access, one stolen token reads them all.",
    maps: ["IST-RS"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) =>
      outcome(
        view(config)
          .objects.filter((o) => o.kind === "ClusterRole" || o.kind === "Role")
          .filter((o) => /reader/.test(o.metadata.name))
          .filter((o) =>
            ((o as Json).rules ?? []).some(
              (r: Json) =>
                (r.apiGroups ?? [""]).some((g: string) => g === "" || g === "*") &&
                (r.resources ?? []).some((x: string) => x === "secrets" || x === "*"),
            ),
          )
          .map((o) => `${o.kind} ${o.metadata.name} grants secrets`),
      ),
  }),
  defineRule({
    id: "HM-MESH-7",
    name: "OneRootOfTrust",
    level: FindingLevel.ERROR,
    info: "Every cluster of the mesh signs workload certificates under one root: the mesh's generated or plugged-in CA, or Google's managed CA on every cluster.",
    explanation:
      "With STRICT mTLS a sidecar trusts only its own root; a cluster signing under another (a fleet-managed control plane among self-managed istiods, or an istiod's self-signed root) breaks every cross-cluster connection at the TLS handshake.",
    maps: ["IST-BYB", "IST-CA", "IST-DM"],
    resourceTypes: [MESH_RULE_TYPE],
    evaluate: ({ config }) => {
      const { mesh, cluster } = view(config);
      if (cluster.role === ClusterRole.REMOTE) return Compliance.NOT_APPLICABLE;
      const managed = cluster.controlPlane === ControlPlaneMode.FLEET_MANAGED;
      if (mesh.rootOfTrust === RootOfTrust.MANAGED && !managed)
        return [
          "its own istiod cannot use Google's managed CA, which only the fleet's managed control plane configures",
        ];
      if (mesh.rootOfTrust !== RootOfTrust.MANAGED && managed)
        return [
          `the fleet's managed control plane signs with Google's CA, not the mesh's ${mesh.rootOfTrust} root`,
        ];
      if (mesh.rootOfTrust === RootOfTrust.PLUGGED_IN && !cluster.caCertsDirectory)
        return ["no CA files: its istiod would sign with its own self-signed root"];
      return Compliance.COMPLIANT;
    },
  }),
];
