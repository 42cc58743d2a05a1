import {
  arrayOf,
  bool,
  ClusterPlatform,
  ClusterRole,
  ControlPlaneMode,
  enumOf,
  GatewayExposure,
  int,
  ipv4Kind,
  MeshClusterInfo,
  obj,
  record,
  req,
  Shape,
  str,
} from "../core";

/** How the east-west gateway is described. */
export enum GatewayForm {
  /** An IstioOperator for `istioctl install -f` / asmcli: exactly what Istio's gen-eastwest-gateway.sh produces, plus namespace and annotations. */
  ISTIO_OPERATOR = "istio-operator",
  /** Values for the istio/gateway Helm chart (`networkGateway`, or explicit ports with fixed node ports). */
  HELM = "helm",
  /** Plain Kubernetes objects for kubectl or Config Sync: ServiceAccount, Role/RoleBinding, Deployment, Service, PodDisruptionBudget, HorizontalPodAutoscaler. */
  MANIFESTS = "manifests",
}

/** Node ports of a NodePort east-west gateway. */
export interface GatewayNodePorts {
  /** Node port of 15443 (cross-network traffic). @default 31443 */
  readonly crossNetwork?: number;
  /** Node port of 15012 (istiod). @default 31012 */
  readonly istiod?: number;
  /** Node port of 15017 (webhook). @default 31017 */
  readonly webhook?: number;
  /** Node port of 15021 (status). @default 31021 */
  readonly status?: number;
}

/** The east-west gateway of one cluster. */
export interface EastWestGatewayOptions {
  /**
   * How the Service is exposed.
   *
   * @default - GKE_INTERNAL_LOAD_BALANCER on GKE, NODE_PORT on AWS; elsewhere LOAD_BALANCER_IP with an address, else LOAD_BALANCER
   */
  readonly exposure?: GatewayExposure;
  /**
   * The gateway's address as other networks reach it: the fixed IP of the NLB or VIP
   * (NODE_PORT), the `loadBalancerIP` (LOAD_BALANCER_IP), or a reserved internal address on GKE.
   * When known at synth it goes into `meshNetworks`, so istiod does not depend on load-balancer status.
   *
   * @default - read from the Service's load-balancer status (GKE only)
   */
  readonly address?: string;
  /**
   * Further addresses of the same gateway, e.g. the load balancer's fixed IP in each other zone.
   * `meshNetworks` lists `address` and all of these, so that the loss of one zone leaves the
   * others (Istio spreads cross-network traffic over every gateway of a network).
   *
   * @default - none
   */
  readonly additionalAddresses?: string[];
  /**
   * Node ports (NODE_PORT).
   *
   * @default - 31443, 31012, 31017, 31021
   */
  readonly nodePorts?: GatewayNodePorts;
  /**
   * Extra Service annotations, merged with the platform's internal load-balancer annotation
   * (GKE: `networking.gke.io/load-balancer-type: "Internal"`; AWS load-balancer controller:
   * `service.beta.kubernetes.io/aws-load-balancer-scheme: "internal"`). An annotation that already
   * makes the load balancer internal (e.g. GKE's older `cloud.google.com/load-balancer-type:
   * "internal"`) stands in for the platform's; one that makes it external is an error.
   *
   * @default - none
   */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * Whether the GKE internal load balancer accepts clients from other regions (VPN tunnels in
   * another region).
   *
   * @default false
   */
  readonly gkeGlobalAccess?: boolean;
  /**
   * Fewest gateway replicas (HorizontalPodAutoscaler; a PodDisruptionBudget keeps one).
   *
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Most gateway replicas (at least minReplicas).
   *
   * @default 5
   */
  readonly maxReplicas?: number;
}

/** A namespace whose workloads get sidecars. */
export interface InjectedNamespace {
  /** Namespace name. */
  readonly name: string;
  /**
   * Extra labels. Not `istio-injection` nor `istio.io/rev`: hybrid-mesh sets exactly one of them
   * (`istio.io/rev: <revision>` with a revision, else `istio-injection: enabled`).
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A cluster of the mesh. */
export interface MeshClusterOptions {
  /** The cluster (from GkeCluster.meshCluster, ControlPlane.meshCluster, or written by hand). */
  readonly cluster: MeshClusterInfo;
  /**
   * Its role.
   *
   * @default ClusterRole.PRIMARY
   */
  readonly role?: ClusterRole;
  /**
   * For a remote cluster: the name of the primary whose istiod serves it.
   *
   * @default - required for remote clusters
   */
  readonly primary?: string;
  /**
   * The east-west gateway.
   *
   * @default - exposure by platform, no fixed address
   */
  readonly gateway?: EastWestGatewayOptions;
  /**
   * Namespaces to label for sidecar injection.
   *
   * @default - none
   */
  readonly injectedNamespaces?: InjectedNamespace[];
  /**
   * Folder of the cluster's intermediate CA files (`ca-cert.pem`, `ca-key.pem`, `root-cert.pem`,
   * `cert-chain.pem`) for the `cacerts` Secret, with a root shared by every cluster. Read at apply
   * time by a generated script (YAML) or by Terraform's `file()` (Terraform delivery); never
   * written into files hybrid-mesh produces.
   *
   * @default - none: required with RootOfTrust.PLUGGED_IN, unused otherwise
   */
  readonly caCertsDirectory?: string;
  /**
   * Who runs the cluster's control plane (FLEET_MANAGED on GKE only).
   *
   * @default ControlPlaneMode.IN_CLUSTER
   */
  readonly controlPlane?: ControlPlaneMode;
}

const NODE_PORTS: Shape<GatewayNodePorts> = {
  crossNetwork: int("node port", "31443"),
  istiod: int("node port", "31012"),
  webhook: int("node port", "31017"),
  status: int("node port", "31021"),
};

const GATEWAY: Shape<EastWestGatewayOptions> = {
  exposure: enumOf(GatewayExposure, "GatewayExposure"),
  address: ipv4Kind(),
  additionalAddresses: arrayOf(ipv4Kind()),
  nodePorts: obj(NODE_PORTS, "node ports", "{ crossNetwork: 31443 }"),
  serviceAnnotations: record(str("annotation value", '"value"'), "object of annotation names and values"),
  gkeGlobalAccess: bool(),
  minReplicas: int("replica count", "2"),
  maxReplicas: int("replica count", "5"),
};

const CLUSTER_INFO: Shape<MeshClusterInfo> = {
  clusterName: req(str("cluster name", '"gke-cluster"')),
  meshNetwork: req(str("mesh network name", '"gcp-network"')),
  platform: req(enumOf(ClusterPlatform, "ClusterPlatform")),
  apiServerHost: req(str("host name or address", '"10.0.0.10"')),
  apiServerPort: req(int("port", "443")),
  meshId: str("mesh id", '"proj-123456789012"'),
  fleetManagedControlPlane: bool(),
};

/**
 * The shape of {@link MeshClusterOptions} (Mesh.addCluster).
 *
 * @internal
 */
export const MESH_CLUSTER_OPTIONS: Shape<MeshClusterOptions> = {
  cluster: req(obj(CLUSTER_INFO, "cluster", "gkeCluster.meshCluster")),
  role: enumOf(ClusterRole, "ClusterRole"),
  primary: str("cluster name", '"gke-cluster"'),
  gateway: obj(GATEWAY, "east-west gateway options", "{ exposure: GatewayExposure.LOAD_BALANCER }"),
  injectedNamespaces: arrayOf(
    obj<InjectedNamespace>(
      {
        name: req(str("namespace", '"shop"')),
        labels: record(str("label value", '"value"'), "object of label names and values"),
      },
      "namespace",
      '{ name: "shop" }',
    ),
  ),
  caCertsDirectory: str("folder", '"certs/gke-cluster"'),
  controlPlane: enumOf(ControlPlaneMode, "ControlPlaneMode"),
};
