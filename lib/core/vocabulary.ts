// The words every layer shares: where clusters run and what they do in the mesh, how findings
// count, what availability a link can reach. Defined once here; the layers that introduce them to
// users (mesh, vpn, topology) re-export them from their entry points.

/** Where a Kubernetes cluster runs. */
export enum ClusterPlatform {
  /** Google Kubernetes Engine. */
  GKE = "gke",
  /** Self-managed Kubernetes on AWS (hybrid-mesh's ControlPlane and NodePools). */
  AWS = "aws",
  /** A cluster on premises (bare metal or VMware). */
  ON_PREMISES = "on-premises",
  /** Another conformant cluster attached to the fleet (EKS, AKS, ...). */
  ATTACHED = "attached",
}

/** Istio's multicluster deployment model. */
export enum MeshModel {
  /** Every cluster runs istiod and watches every other cluster's API server. */
  MULTI_PRIMARY = "multi-primary",
  /** Remote clusters have no istiod: a primary's istiod, exposed through its east-west gateway, serves them. */
  PRIMARY_REMOTE = "primary-remote",
}

/** A cluster's role in the mesh. */
export enum ClusterRole {
  /** Runs istiod. */
  PRIMARY = "primary",
  /** Served by a primary's istiod (primary-remote model). */
  REMOTE = "remote",
}

/** Mutual TLS mode of the mesh-wide PeerAuthentication. */
export enum MtlsMode {
  /** Only mTLS traffic is accepted (the hybrid-mesh default). */
  STRICT = "STRICT",
  /** mTLS and plaintext are accepted (for migrations only). */
  PERMISSIVE = "PERMISSIVE",
}

/** Where the mesh's workload certificates come from: one root for every cluster, or mTLS fails across clusters. */
export enum RootOfTrust {
  /**
   * A mesh-wide CA generated as code (Istio's plug-in CA): a root and one intermediate per
   * cluster, made with Terraform's tls provider (MeshCa) and delivered as the `cacerts` Secret of
   * every cluster before its istiod starts. The private keys live in Terraform state only.
   */
  GENERATED = "generated",
  /**
   * Istio's plug-in CA from files you made (each cluster's `caCertsDirectory`: its intermediate
   * under a root shared by every cluster), read at apply time, never written into the output.
   */
  PLUGGED_IN = "plugged-in",
  /**
   * Google's managed CA (Mesh CA): only when every cluster's control plane is managed by the fleet
   * (ControlPlaneMode.FLEET_MANAGED), which is what configures that CA on each of them.
   */
  MANAGED = "managed",
}

/** Who runs a cluster's Istio control plane: one of them, never both. */
export enum ControlPlaneMode {
  /**
   * istiod in the cluster, installed from the mesh's files or Terraform (istioctl or Helm, at the
   * mesh's Istio release); on GKE the fleet's service mesh feature is set to manual management.
   */
  IN_CLUSTER = "in-cluster",
  /**
   * GKE only: the fleet's managed control plane (Cloud Service Mesh, `MANAGEMENT_AUTOMATIC`), with
   * Google's CA; the mesh's outputs hold no istiod for the cluster, only its data plane
   * (namespaces, east-west gateway, mesh configuration).
   */
  FLEET_MANAGED = "fleet-managed",
}

/** How the east-west gateway's Service gets an address other networks can reach. */
export enum GatewayExposure {
  /** A GKE internal passthrough Network Load Balancer (`networking.gke.io/load-balancer-type: "Internal"`). */
  GKE_INTERNAL_LOAD_BALANCER = "gke-internal-load-balancer",
  /** A LoadBalancer Service with a fixed `loadBalancerIP` (on premises: the cluster's load-balancer pool). */
  LOAD_BALANCER_IP = "load-balancer-ip",
  /**
   * A LoadBalancer Service with only the annotations given (e.g. the worked example's
   * `cloud.google.com/load-balancer-type: internal`), its address assigned by the platform.
   */
  LOAD_BALANCER = "load-balancer",
  /**
   * A NodePort Service on fixed node ports behind a load balancer outside the cluster (AWS: the
   * internal NLB with fixed private IPs that MeshGatewayLoadBalancer creates; on premises: an
   * external VIP), so that the gateway's address is a fixed IP.
   */
  NODE_PORT = "node-port",
}

/** Availability a link can reach, from its shape. */
export enum SlaTier {
  /** HA VPN with tunnels on both interfaces and BGP: 99.99 %. */
  HA_9999 = "99.99%",
  /** A single HA VPN interface, or Classic VPN: 99.9 %. */
  SINGLE_999 = "99.9%",
}

/** How a finding counts, for the network analysis and the security checks alike. */
export enum FindingLevel {
  /** Fails synth (an error annotation). */
  ERROR = "error",
  /** Reported only (a warning annotation and a report line). */
  WARNING = "warning",
}

/** Istio ports an east-west gateway must accept from the other networks of the mesh. */
export const MESH_PORTS = Object.freeze({
  /** Cross-network mTLS traffic (AUTO_PASSTHROUGH, SNI routed). */
  crossNetwork: 15443,
  /** istiod XDS and CA, through the gateway, for remote clusters (primary-remote). */
  istiod: 15012,
  /** istiod's webhook, through the gateway, for remote clusters (primary-remote). */
  webhook: 15017,
  /** Gateway status (health) port. */
  status: 15021,
});

/**
 * The Kubernetes API port of a kubeadm cluster (hybrid-mesh's AWS control planes).
 *
 * @internal
 */
export const KUBE_API_PORT = 6443;
