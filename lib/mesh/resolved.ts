// The mesh with every default applied (what every output is rendered from), and what follows
// from it: which clusters run an istiod, which clusters' API servers each istiod watches.
import {
  ClusterPlatform,
  ClusterRole,
  ControlPlaneMode,
  GatewayExposure,
  MeshModel,
  MtlsMode,
  RootOfTrust,
} from "../core";
import { GatewayForm, GatewayNodePorts, InjectedNamespace } from "./options";
import { IstioRelease } from "./release";

/** A cluster's east-west gateway with every setting resolved (see Mesh). */
export interface ResolvedGateway {
  /** Exposure of the Service. */
  readonly exposure: GatewayExposure;
  /** Fixed address, if known at synth. */
  readonly address?: string;
  /** Every fixed address of the gateway known at synth (`address` first). */
  readonly addresses: string[];
  /** Node ports (NODE_PORT exposure). */
  readonly nodePorts: Required<GatewayNodePorts>;
  /** Service annotations: the platform's internal load-balancer annotation merged with the user's. */
  readonly annotations: Record<string, string>;
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Whether the replica counts were given (rather than defaulted). */
  readonly replicasGiven: boolean;
}

/** A cluster of the mesh with every setting resolved. */
export interface ResolvedCluster {
  /** Cluster name in the mesh. */
  readonly name: string;
  /** Mesh network. */
  readonly network: string;
  /** Platform. */
  readonly platform: ClusterPlatform;
  /** Role. */
  readonly role: ClusterRole;
  /** The primary serving a remote cluster. */
  readonly primary?: string;
  /** Who runs its control plane. */
  readonly controlPlane: ControlPlaneMode;
  /** API server host (may be a token). */
  readonly apiServerHost: string;
  /** API server port. */
  readonly apiServerPort: number;
  /** East-west gateway. */
  readonly gateway: ResolvedGateway;
  /** Namespaces to label for injection, with extra labels. */
  readonly injectedNamespaces: Required<InjectedNamespace>[];
  /** Folder of the cluster's CA files, if plugged in. */
  readonly caCertsDirectory?: string;
}

/** The mesh with every setting resolved. */
export interface ResolvedMesh {
  /** Mesh id. */
  readonly meshId: string;
  /** The Istio release every object is rendered for. */
  readonly release: IstioRelease;
  /** Trust domain. */
  readonly trustDomain: string;
  /** Istio revision ("" for the default revision). */
  readonly revision: string;
  /** Deployment model. */
  readonly model: MeshModel;
  /** Mesh-wide mTLS mode. */
  readonly mtls: MtlsMode;
  /** Whether a mesh-wide allow-nothing AuthorizationPolicy is emitted. */
  readonly defaultDeny: boolean;
  /** Namespace of the east-west gateways. */
  readonly gatewayNamespace: string;
  /** How the east-west gateway is described in the YAML delivery. */
  readonly gatewayForm: GatewayForm;
  /** Where certificates come from. */
  readonly rootOfTrust: RootOfTrust;
  /** Clusters. */
  readonly clusters: ResolvedCluster[];
}

/**
 * The primary serving a remote cluster.
 *
 * @internal
 */
export function primaryOf(mesh: ResolvedMesh, cluster: ResolvedCluster): ResolvedCluster | undefined {
  return mesh.clusters.find((c) => c.name === cluster.primary);
}

/**
 * Whether a cluster runs an istiod the mesh's outputs install (a primary on an in-cluster control plane).
 *
 * @internal
 */
export function installsIstiod(cluster: ResolvedCluster): boolean {
  return cluster.controlPlane === ControlPlaneMode.IN_CLUSTER;
}

/**
 * Whether a cluster reads the mesh's plug-in CA (`cacerts`): a primary running its own istiod.
 *
 * @internal
 */
export function holdsCacerts(cluster: ResolvedCluster): boolean {
  return installsIstiod(cluster) && cluster.role === ClusterRole.PRIMARY;
}

/**
 * The clusters whose API server `cluster`'s istiod watches (and so needs a remote secret for):
 * every other cluster in multi-primary; the remotes it serves for a primary in primary-remote.
 * Fleet-managed control planes discover the fleet's clusters themselves.
 *
 * @internal
 */
export function remoteSecretSources(mesh: ResolvedMesh, cluster: ResolvedCluster): ResolvedCluster[] {
  if (cluster.role === ClusterRole.REMOTE || cluster.controlPlane === ControlPlaneMode.FLEET_MANAGED)
    return [];
  if (mesh.model === MeshModel.MULTI_PRIMARY) return mesh.clusters.filter((c) => c.name !== cluster.name);
  return mesh.clusters.filter((c) => c.role === ClusterRole.REMOTE && c.primary === cluster.name);
}

/**
 * Whether some other cluster's istiod reads `cluster` (so it needs the reader identity).
 *
 * @internal
 */
export function isReadByOthers(mesh: ResolvedMesh, cluster: ResolvedCluster): boolean {
  return mesh.clusters.some(
    (other) => other !== cluster && remoteSecretSources(mesh, other).some((s) => s.name === cluster.name),
  );
}
