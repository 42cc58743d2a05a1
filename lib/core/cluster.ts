import { ClusterPlatform } from "./vocabulary";

/**
 * A cluster as the mesh and topology layers see it, whatever the platform: the names Istio needs
 * and where its API server is. GkeCluster, the AWS ControlPlane and on-premises descriptions
 * produce one; lib/mesh consumes it without importing any cloud-specific class.
 */
export interface MeshClusterInfo {
  /** Cluster name in the mesh (`global.multiCluster.clusterName`): a DNS-1123 label, unique in the mesh. */
  readonly clusterName: string;
  /** Mesh network of the cluster (`topology.istio.io/network`, `global.network`). */
  readonly meshNetwork: string;
  /** Platform the cluster runs on. */
  readonly platform: ClusterPlatform;
  /**
   * Host name or IP address of the Kubernetes API server (port 443 on GKE, 6443 elsewhere), for
   * remote secrets; may be a token.
   */
  readonly apiServerHost: string;
  /** Port of the API server. */
  readonly apiServerPort: number;
  /**
   * Mesh id (`global.meshID`), e.g. `proj-<project number>` for a GCP fleet; may be a token.
   *
   * @default - given by the mesh
   */
  readonly meshId?: string;
  /**
   * Whether the fleet's managed control plane runs the cluster's istiod (a GKE cluster registered
   * with the service mesh feature on MANAGEMENT_AUTOMATIC). A mesh then must not install its own.
   *
   * @default false
   */
  readonly fleetManagedControlPlane?: boolean;
}

/** Something that describes a cluster of the mesh. */
export interface IMeshClusterSource {
  /** The cluster, as the mesh sees it. */
  readonly meshCluster: MeshClusterInfo;
}
