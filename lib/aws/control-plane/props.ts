import {
  arrayOf,
  bool,
  cidrKind,
  cidrsKind,
  construct,
  enumOf,
  instanceOf,
  int,
  ipv4Kind,
  obj,
  req,
  secretKind,
  Secret,
  Shape,
  str,
} from "../../core";
import { IAwsNetwork } from "../interfaces";
import { MachineImage } from "../machine-image";
import { ControlPlaneBootstrap } from "./bootstrap";

/** How control-plane replicas are placed over the availability zones. */
export enum ReplicaPlacement {
  /** Replica i in zone i (round robin when there are more replicas than zones). */
  SPREAD = "spread",
  /**
   * Every replica in one zone (the "existing infrastructure" shape of Anthos clusters on AWS):
   * simpler networking, but losing that zone loses the control plane.
   */
  SINGLE_ZONE = "single-zone",
}

/** Options of the control plane's internal Network Load Balancer. */
export interface ControlPlaneLoadBalancerOptions {
  /**
   * Load balancer name (1-32 letters, digits, hyphens; not starting with "internal-").
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Whether the load balancer is protected from deletion. Set to false before `terraform destroy`.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * S3 bucket for access logs (its policy must allow Elastic Load Balancing log delivery).
   *
   * @default - no access logs
   */
  readonly accessLogsBucket?: string;
  /**
   * Key prefix for access logs in the bucket.
   *
   * @default - the bucket root
   */
  readonly accessLogsPrefix?: string;
  /**
   * Fixed private IPs, one per private subnet in zone order, so that other sites can route and
   * firewall to known addresses; they are added to the API server certificate. Each must lie in
   * its subnet, outside the 4 first and the last address AWS reserves.
   *
   * @default - addresses picked by AWS; use `endpoint` (the DNS name)
   */
  readonly privateIpAddresses?: string[];
}

/** Properties of a {@link ControlPlane}. */
export interface ControlPlaneProps {
  /** The network: replicas and the load balancer go in its private subnets. */
  readonly network: IAwsNetwork;
  /**
   * Kubernetes cluster name (a DNS-1123 label): names the SSM parameters, tags
   * (`kubernetes.io/cluster/<name>`) and the mesh cluster.
   *
   * @default - derived from the construct path
   */
  readonly clusterName?: string;
  /**
   * Number of control-plane replicas: 1, 3, 5 or 7 (etcd keeps quorum with an odd number of members).
   *
   * @default 3
   */
  readonly replicas?: number;
  /**
   * How replicas are spread over the zones of the network.
   *
   * @default ReplicaPlacement.SPREAD
   */
  readonly placement?: ReplicaPlacement;
  /**
   * Zone (index into the network's zones) of every replica with `ReplicaPlacement.SINGLE_ZONE`.
   *
   * @default 0
   */
  readonly zoneIndex?: number;
  /**
   * EC2 instance type of the replicas.
   *
   * @default "m5.large"
   */
  readonly instanceType?: string;
  /**
   * Image of the replicas.
   *
   * @default MachineImage.ubuntu() (24.04 LTS, amd64)
   */
  readonly machineImage?: MachineImage;
  /**
   * Kubernetes minor version ("1.31" or later): the pkgs.k8s.io repository the bootstrap installs from.
   *
   * @default "1.31"
   */
  readonly kubernetesVersion?: string;
  /**
   * Pod range. It must not overlap the VPC or the service range; it is not routed outside the
   * cluster (the mesh crosses networks through east-west gateways).
   *
   * @default "192.168.0.0/16"
   */
  readonly podCidr?: string;
  /**
   * Service range (/12 to /24).
   *
   * @default "10.96.0.0/12"
   */
  readonly serviceCidr?: string;
  /**
   * Ranges allowed to reach the API (TCP 6443) through the load balancer, besides the VPC: the
   * peer networks across the VPN, where a remote istiod or operators run. Never 0.0.0.0/0.
   *
   * @default - the VPC only
   */
  readonly apiAllowedCidrs?: string[];
  /**
   * Size of each replica's root volume, GiB (gp3, encrypted).
   *
   * @default 50
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Size of each replica's etcd volume, GiB (gp3, encrypted; at least 8, etcd's suggested largest database).
   *
   * @default 20
   */
  readonly etcdVolumeSizeGiB?: number;
  /**
   * KMS key for the root and etcd volumes. Its key policy must let the Auto Scaling service-linked
   * role use it; the instance role gets the grants needed to attach the etcd volume.
   *
   * @default - the account's default EBS key (aws/ebs)
   */
  readonly kmsKeyArn?: string;
  /**
   * Instance metadata hop limit (IMDSv2 is always required). 2 lets containerized agents read
   * instance metadata; 1 keeps it to the host (stricter; checkov CKV_AWS_341).
   *
   * @default 2
   */
  readonly metadataHopLimit?: number;
  /**
   * The internal Network Load Balancer in front of the API servers.
   *
   * @default - internal, in every private subnet, cross-zone, deletion protection on
   */
  readonly loadBalancer?: ControlPlaneLoadBalancerOptions;
  /**
   * How instances are bootstrapped.
   *
   * @default ControlPlaneBootstrap.kubeadm()
   */
  readonly bootstrap?: ControlPlaneBootstrap;
  /**
   * kubeadm bootstrap token (`[a-z0-9]{6}.[a-z0-9]{16}`) nodes join with. Never a plain string.
   *
   * @default Secret.generate()
   */
  readonly joinToken?: Secret;
  /**
   * Key (64 hex digits) encrypting the control-plane certificates that joining replicas download. Never a plain string.
   *
   * @default Secret.generate()
   */
  readonly certificateKey?: Secret;
  /**
   * Version of the secret SSM parameters' write-only values (`value_wo_version`): the join token and
   * the certificate key are sent to SSM through write-only attributes, never kept in Terraform state
   * (Terraform 1.11 or later; see the `hybrid-mesh:writeOnlySecrets` context key for older ones).
   * Terraform re-sends them only when this number changes: raise it after rotating a secret.
   *
   * @default 1
   */
  readonly secretsVersion?: number;
  /**
   * Whether instances may be reached with AWS Systems Manager Session Manager (no SSH key, no open
   * port): an inline policy with only the Session Manager channel actions (`ssmmessages:*Channel`,
   * `ssm:UpdateInstanceInformation`), not the managed AmazonSSMManagedInstanceCore, whose
   * `ssm:GetParameter*` on every parameter would let a replica read other clusters' secrets.
   *
   * @default true
   */
  readonly sessionManager?: boolean;
  /**
   * Whether instances have detailed (1-minute) CloudWatch monitoring.
   *
   * @default true
   */
  readonly detailedMonitoring?: boolean;
  /**
   * Mesh network of the cluster (`topology.istio.io/network`).
   *
   * @default "<clusterName>-network"
   */
  readonly meshNetwork?: string;
}

const LOAD_BALANCER_OPTIONS: Shape<ControlPlaneLoadBalancerOptions> = {
  name: str("load balancer name", '"cluster-api"'),
  deletionProtection: bool(),
  accessLogsBucket: str("S3 bucket name", '"my-logs"'),
  accessLogsPrefix: str("key prefix", '"nlb/"'),
  privateIpAddresses: arrayOf(ipv4Kind()),
};

/**
 * The JavaScript shape of {@link ControlPlaneProps}, checked before anything else.
 *
 * @internal
 */
export const CONTROL_PLANE_PROPS: Shape<ControlPlaneProps> = {
  network: req(construct<IAwsNetwork>("AwsNetwork", 'new AwsNetwork(stack, "Network", { ... })')),
  clusterName: str("cluster name", '"aws-cluster"'),
  replicas: int("replica count", "3"),
  placement: enumOf(ReplicaPlacement, "ReplicaPlacement"),
  zoneIndex: int("zone index", "0"),
  instanceType: str("EC2 instance type", '"m5.large"'),
  machineImage: instanceOf(MachineImage, "MachineImage.ubuntu()"),
  kubernetesVersion: str("Kubernetes minor version", '"1.31"'),
  podCidr: cidrKind(),
  serviceCidr: cidrKind(),
  apiAllowedCidrs: cidrsKind(),
  rootVolumeSizeGiB: int("size in GiB", "50"),
  etcdVolumeSizeGiB: int("size in GiB", "20"),
  kmsKeyArn: str("KMS key ARN", '"arn:aws:kms:eu-west-1:123456789012:key/..."'),
  metadataHopLimit: int("hop limit", "2"),
  loadBalancer: obj(LOAD_BALANCER_OPTIONS, "load balancer options", "{ deletionProtection: true }"),
  bootstrap: instanceOf(ControlPlaneBootstrap, "ControlPlaneBootstrap.kubeadm()"),
  joinToken: secretKind(),
  certificateKey: secretKind(),
  secretsVersion: int("version", "1"),
  sessionManager: bool(),
  detailedMonitoring: bool(),
  meshNetwork: str("mesh network name", '"aws-network"'),
};
