// What the mesh rules read of a mesh: the settings of the mesh and of one cluster, and the
// cluster's Kubernetes objects. The mesh layer's resolved mesh and clusters have this shape.
import {
  ClusterRole,
  ControlPlaneMode,
  GatewayExposure,
  K8sObject,
  MeshModel,
  RootOfTrust,
} from "../../../core";
import { Json } from "../../../core/terraform/values";

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

/**
 * The configuration a mesh rule is given, as what it is.
 *
 * @internal
 */
export const meshConfig = (config: Record<string, Json>) => config as unknown as MeshRuleConfig;
