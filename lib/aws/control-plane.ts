import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Annotations, Fn, Token } from "cdktf";
import { Construct } from "constructs";
import {
  awsNameTag,
  check,
  checkAwsLoadBalancerName,
  checkCidr,
  checkDns1123Label,
  checkEach,
  Cidr,
  ClusterPlatform,
  countBetween,
  fail,
  findOverlaps,
  fitName,
  IMeshClusterSource,
  k8sName,
  MANAGED_BY_KEY,
  MeshClusterInfo,
  MANAGED_BY_VALUE,
  oneOf,
  Problem,
  requireSecret,
  Secret,
  SecretCharset,
  suppressRules,
  Tags,
  AWS_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  req,
  cidrKind,
  cidrsKind,
  ipv4Kind,
  str,
  arrayOf,
  int,
  bool,
  enumOf,
  obj,
  instanceOf,
  construct,
  checkRoutableRange,
  checkIpv4Address,
  secretKind,
  constructId,
} from "../core";
import { controlPlaneCloudConfig, KubeadmClusterSettings } from "./bootstrap/kubeadm";
import { InstanceRole, PolicyStatement } from "./instance-role";
import { checkInstanceBasics, secureInstanceSettings } from "./instance-template";
import { AwsSubnet, IAwsClusterNetworking, IAwsNetwork } from "./interfaces";
import { checkInstanceType, MachineImage } from "./machine-image";
import { ALL_TRAFFIC, ClusterSecurityGroup, IP_IN_IP, tcp } from "./security-group";
import { checkS3BucketName } from "./rules";

/** The Kubernetes API port. */
export const KUBE_API_PORT = 6443;

/** Default CNI: Calico's manifest for kubeadm clusters (IP-in-IP between nodes, pod range read from kubeadm). */
export const DEFAULT_CNI_MANIFEST_URL =
  "https://raw.githubusercontent.com/projectcalico/calico/v3.28.2/manifests/calico.yaml";

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

/** How instances are bootstrapped. */
export class ControlPlaneBootstrap {
  /**
   * The built-in kubeadm bootstrap (cloud-init): containerd and kubeadm from pkgs.k8s.io,
   * `kubeadm init` on replica 0, `kubeadm join --control-plane` on the others through the load
   * balancer, etcd data on each replica's EBS volume, secrets read from SSM at boot.
   *
   * @param cniManifestUrl CNI manifest applied once by replica 0 ("" for none). Default: Calico v3.28.2.
   */
  public static kubeadm(cniManifestUrl: string = DEFAULT_CNI_MANIFEST_URL): ControlPlaneBootstrap {
    return new ControlPlaneBootstrap("kubeadm", cniManifestUrl, undefined);
  }

  /**
   * Your own user data per replica (cloud-config or script). It is written as given: do not put
   * secrets in it; read them at boot from the SSM parameters this construct creates
   * (`parameters`), which the instance role may read.
   */
  public static custom(userData: (replicaIndex: number) => string): ControlPlaneBootstrap {
    return new ControlPlaneBootstrap("custom", "", userData);
  }

  private constructor(
    /** "kubeadm" or "custom". */
    public readonly kind: "kubeadm" | "custom",
    /** CNI manifest URL (kubeadm). */
    public readonly cniManifestUrl: string,
    /** User data per replica (custom). */
    public readonly userData: ((replicaIndex: number) => string) | undefined,
  ) {}
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
   * Whether instances may be reached with AWS Systems Manager Session Manager (adds the managed
   * policy AmazonSSMManagedInstanceCore; no SSH key, no open port).
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

const PROPS: Shape<ControlPlaneProps> = {
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
  sessionManager: bool(),
  detailedMonitoring: bool(),
  meshNetwork: str("mesh network name", '"aws-network"'),
};

/** One control-plane replica: its volume, launch template and Auto Scaling group. */
export interface ControlPlaneReplica {
  /** Replica index, from 0. */
  readonly index: number;
  /** The private subnet (and zone) the replica is pinned to. */
  readonly subnet: AwsSubnet;
  /** The replica's etcd volume, in the subnet's zone. */
  readonly etcdVolume: EbsVolume;
  /** The replica's launch template. */
  readonly launchTemplate: LaunchTemplate;
  /** The replica's Auto Scaling group (min = max = desired = 1). */
  readonly autoScalingGroup: AutoscalingGroup;
}

/** The SSM parameters the bootstrap reads. */
export interface ControlPlaneParameters {
  /** Deploy-time settings (String): the endpoint and the etcd volume ids. */
  readonly config: SsmParameter;
  /** kubeadm bootstrap token (SecureString). */
  readonly joinToken: SsmParameter;
  /** Certificate key (SecureString). */
  readonly certificateKey: SsmParameter;
  /** CA certificate hash published by replica 0 (String; "pending" until then). */
  readonly caCertHash: SsmParameter;
}

/**
 * A Kubernetes control plane on AWS shaped like Anthos clusters on AWS: replicas in private
 * subnets behind an internal Network Load Balancer, each replica in its own Auto Scaling group
 * (min = max = desired = 1) pinned to one subnet, so that the replica and its etcd EBS volume
 * stay in one zone and the group restarts the instance if it terminates.
 *
 * Security defaults: IMDSv2 required; root and etcd volumes encrypted; no public IP; API (6443)
 * reachable only from the VPC and the ranges in `apiAllowedCidrs`; etcd (2379-2380) only between
 * replicas; kubelet (10250) from the replicas and nodes; nothing open to 0.0.0.0/0; secrets
 * (bootstrap token, certificate key) kept in SSM SecureString parameters, never in user data or
 * synthesized output.
 *
 * The instance role allows only: reading this cluster's four SSM parameters and writing the CA
 * hash one (bootstrap); attaching this cluster's etcd volumes to instances tagged with this
 * cluster, and describing volumes (AttachVolume/DescribeVolumes; DescribeVolumes has no
 * resource-level permissions); using the KMS key to attach volumes encrypted with it, if one is
 * given; and, with `sessionManager`, AmazonSSMManagedInstanceCore. It has no permission to create
 * or change AWS resources (no cloud controller manager).
 *
 * Replacing a replica: its Auto Scaling group starts a new instance in the same zone, which
 * reattaches the etcd volume and joins through the load balancer as a new member (certificates
 * stay uploaded by an hourly timer). Remove the old member first
 * (`kubeadm reset` is not possible on a lost instance: run `etcdctl member remove <id>` on a
 * healthy replica), as for any kubeadm cluster.
 */
export class ControlPlane extends Construct implements IAwsClusterNetworking, IMeshClusterSource {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "ControlPlane";
  /** Kubernetes cluster name. */
  public readonly clusterName: string;
  /** Pod range. */
  public readonly podCidr: string;
  /** Service range. */
  public readonly serviceCidr: string;
  /** The network. */
  public readonly network: IAwsNetwork;
  /** DNS name of the load balancer: the API endpoint (port 6443). */
  public readonly endpoint: string;
  /** Fixed private IPs of the load balancer, when given. */
  public readonly endpointAddresses: string[];
  /** The internal Network Load Balancer. */
  public readonly loadBalancer: Lb;
  /** The target group every replica's Auto Scaling group registers in. */
  public readonly targetGroup: LbTargetGroup;
  /** The TCP 6443 listener. */
  public readonly listener: LbListener;
  /** Security group of the replicas. */
  public readonly securityGroup: ClusterSecurityGroup;
  /** Security group of the load balancer. */
  public readonly loadBalancerSecurityGroup: ClusterSecurityGroup;
  /** Security group id of the replicas. */
  public readonly controlPlaneSecurityGroupId: string;
  /** Security group id of the load balancer. */
  public readonly loadBalancerSecurityGroupId: string;
  /**
   * Security group shared by the nodes of every node pool of the cluster: node-to-node traffic,
   * and the control-plane traffic nodes must accept (kubelet, Calico). The mesh layer opens the
   * east-west gateway's node ports on it.
   */
  public readonly nodeSecurityGroup: ClusterSecurityGroup;
  /** Id of {@link ControlPlane.nodeSecurityGroup}. */
  public readonly nodeSecurityGroupId: string;
  /** The replicas. */
  public readonly replicas: ControlPlaneReplica[] = [];
  /** The instance role and profile of the replicas. */
  public readonly role: InstanceRole;
  /** The SSM parameters the bootstrap reads. */
  public readonly parameters: ControlPlaneParameters;
  /** Settings node pools join with. */
  public readonly bootstrapSettings: KubeadmClusterSettings;
  /** Mesh network of the cluster. */
  public readonly meshNetwork: string;

  constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, constructId(scope, id, "ControlPlane"));
    requireProvider(this, AWS_PROVIDER);
    validateShape(this, props, PROPS);
    const p = this.validate(props);
    this.network = props.network;
    this.clusterName = p.clusterName;
    this.podCidr = p.podCidr;
    this.serviceCidr = p.serviceCidr;
    this.meshNetwork = check(
      this,
      "meshNetwork",
      props.meshNetwork ?? `${p.clusterName}-network`,
      checkDns1123Label,
    );
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    Tags.of(this).add(`kubernetes.io/cluster/${p.clusterName}`, "owned");

    const vpcId = props.network.vpcId;
    this.loadBalancerSecurityGroup = new ClusterSecurityGroup(this, "LoadBalancerSecurityGroup", {
      vpcId,
      name: `${p.clusterName}-api-load-balancer`,
      description: `hybrid-mesh: Kubernetes API load balancer of ${p.clusterName}`,
    });
    this.securityGroup = new ClusterSecurityGroup(this, "SecurityGroup", {
      vpcId,
      name: `${p.clusterName}-control-plane`,
      description: `hybrid-mesh: control-plane replicas of ${p.clusterName}`,
    });
    this.controlPlaneSecurityGroupId = this.securityGroup.securityGroupId;
    this.loadBalancerSecurityGroupId = this.loadBalancerSecurityGroup.securityGroupId;
    this.allowApiFrom(props.network.vpcCidr, "vpc");
    (props.apiAllowedCidrs ?? []).forEach((cidr, i) => this.allowApiFrom(cidr, `allowed-${i + 1}`));
    const lbPeer = { securityGroupId: this.loadBalancerSecurityGroupId, label: "load-balancer" };
    const self = { securityGroupId: this.controlPlaneSecurityGroupId, label: "control-plane" };
    this.loadBalancerSecurityGroup.allowAllOutbound();
    this.securityGroup.allowFrom(
      lbPeer,
      tcp(KUBE_API_PORT),
      "Kubernetes API from the load balancer (and its health checks)",
    );
    this.securityGroup.allowFrom(self, tcp(KUBE_API_PORT), "Kubernetes API between replicas");
    this.securityGroup.allowFrom(
      self,
      tcp(2379, 2380),
      "etcd client and peer traffic, between replicas only",
    );
    this.securityGroup.allowFrom(self, tcp(10250), "kubelet API, from the API servers");
    this.securityGroup.allowFrom(self, IP_IN_IP, "Calico pod traffic (IP-in-IP) between replicas");
    this.securityGroup.allowFrom(self, tcp(179), "Calico BGP between replicas");
    this.securityGroup.allowAllOutbound();

    this.nodeSecurityGroup = new ClusterSecurityGroup(this, "NodeSecurityGroup", {
      vpcId,
      name: `${p.clusterName}-nodes`,
      description: `hybrid-mesh: worker nodes of ${p.clusterName}`,
    });
    this.nodeSecurityGroupId = this.nodeSecurityGroup.securityGroupId;
    const nodes = { securityGroupId: this.nodeSecurityGroupId, label: "nodes" };
    this.nodeSecurityGroup.allowFrom(nodes, ALL_TRAFFIC, "Node-to-node traffic (pods, services, DNS)");
    this.nodeSecurityGroup.allowFrom(self, tcp(10250), "kubelet API, from the API servers");
    this.nodeSecurityGroup.allowFrom(
      self,
      IP_IN_IP,
      "Calico pod traffic (IP-in-IP) from the control plane (webhooks, metrics)",
    );
    this.nodeSecurityGroup.allowFrom(self, tcp(179), "Calico BGP from the control plane");
    this.nodeSecurityGroup.allowAllOutbound();
    this.securityGroup.allowFrom(nodes, tcp(10250), "kubelet API, from nodes (metrics)");
    this.securityGroup.allowFrom(nodes, IP_IN_IP, "Calico pod traffic (IP-in-IP) from nodes");
    this.securityGroup.allowFrom(nodes, tcp(179), "Calico BGP from nodes");

    // The load balancer.
    const privateIps = props.loadBalancer?.privateIpAddresses;
    this.endpointAddresses = privateIps ?? [];
    this.loadBalancer = new Lb(this, "LoadBalancer", {
      name: p.loadBalancerName,
      internal: true,
      loadBalancerType: "network",
      securityGroups: [this.loadBalancerSecurityGroupId],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.loadBalancer?.deletionProtection ?? true,
      subnets: privateIps ? undefined : props.network.privateSubnets.map((s) => s.subnetId),
      subnetMapping: privateIps
        ? props.network.privateSubnets.map((s, i) => ({
            subnetId: s.subnetId,
            privateIpv4Address: privateIps[i],
          }))
        : undefined,
      accessLogs: props.loadBalancer?.accessLogsBucket
        ? {
            bucket: props.loadBalancer.accessLogsBucket,
            prefix: props.loadBalancer.accessLogsPrefix,
            enabled: true,
          }
        : undefined,
      tags: { Name: awsNameTag(this) },
    });
    if (!props.loadBalancer?.accessLogsBucket) {
      suppressRules(this.loadBalancer, [
        {
          id: "HM-AWS-12",
          reason:
            "access logs need an S3 bucket the user owns and the load balancer may write to: set loadBalancer.accessLogsBucket",
        },
      ]);
    }
    this.endpoint = this.loadBalancer.dnsName;
    this.targetGroup = new LbTargetGroup(this, "TargetGroup", {
      name: fitName(`${p.clusterName}-api`, 32),
      port: KUBE_API_PORT,
      protocol: "TCP",
      targetType: "instance",
      vpcId,
      // Targets see the load balancer's address: a replica calling the API through the load
      // balancer would otherwise be routed to itself and time out (NLB loopback).
      preserveClientIp: "false",
      deregistrationDelay: "30",
      healthCheck: {
        protocol: "HTTPS",
        port: String(KUBE_API_PORT),
        path: "/readyz",
        healthyThreshold: 3,
        unhealthyThreshold: 3,
        interval: 10,
      },
    });
    this.listener = new LbListener(this, "Listener", {
      loadBalancerArn: this.loadBalancer.arn,
      port: KUBE_API_PORT,
      protocol: "TCP",
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });

    // Secrets and settings for the bootstrap.
    const parameterPath = `/hybrid-mesh/${p.clusterName}`;
    const token = p.joinToken.bind(this, "JoinTokenValue", {
      description: "kubeadm bootstrap token",
      length: 23,
      charset: SecretCharset.LOWER_ALPHANUMERIC,
      groups: [6, 16],
      separator: ".",
      pattern: "^[a-z0-9]{6}\\.[a-z0-9]{16}$",
    });
    const certificateKey = p.certificateKey.bind(this, "CertificateKeyValue", {
      description: "kubeadm certificate key",
      length: 64,
      charset: SecretCharset.HEX,
      pattern: "^[a-f0-9]{64}$",
    });
    const secureParameter = (pid: string, name: string, value: typeof token) =>
      new SsmParameter(this, pid, {
        name: `${parameterPath}/${name}`,
        description: `hybrid-mesh: ${name} of cluster ${p.clusterName}`,
        type: "SecureString",
        value: value.value,
        lifecycle: value.precondition ? { precondition: [value.precondition] } : undefined,
      });
    const joinTokenParameter = secureParameter("JoinTokenParameter", "join-token", token);
    const certificateKeyParameter = secureParameter(
      "CertificateKeyParameter",
      "certificate-key",
      certificateKey,
    );
    const caHashParameter = new SsmParameter(this, "CaCertHashParameter", {
      name: `${parameterPath}/ca-cert-hash`,
      description: `hybrid-mesh: CA certificate hash of cluster ${p.clusterName}, written by replica 0 at boot`,
      type: "String",
      value: "pending",
      lifecycle: { ignoreChanges: ["value"] },
    });

    // Replicas.
    const image = p.machineImage.bind(this, "MachineImage");
    const volumes = p.subnets.map(
      (subnet, i) =>
        new EbsVolume(this, `Replica${i + 1}EtcdVolume`, {
          availabilityZone: subnet.availabilityZone,
          size: p.etcdVolumeSizeGiB,
          type: "gp3",
          encrypted: true,
          kmsKeyId: props.kmsKeyArn,
          tags: { Name: `${awsNameTag(this)}/replica-${i + 1}/etcd` },
        }),
    );
    const configParameter = new SsmParameter(this, "ConfigParameter", {
      name: `${parameterPath}/config`,
      description: `hybrid-mesh: deploy-time bootstrap settings of cluster ${p.clusterName}`,
      type: "String",
      value: Fn.jsonencode({
        endpoint: this.loadBalancer.dnsName,
        etcdVolumes: volumes.map((v) => v.id),
      }),
    });
    this.parameters = {
      config: configParameter,
      joinToken: joinTokenParameter,
      certificateKey: certificateKeyParameter,
      caCertHash: caHashParameter,
    };
    this.bootstrapSettings = {
      clusterName: p.clusterName,
      kubernetesVersion: p.kubernetesVersion,
      podCidr: p.podCidr,
      serviceCidr: p.serviceCidr,
      // Literal names (not the resources' name attributes, which are tokens): the user data must
      // stay a literal text.
      configParameter: `${parameterPath}/config`,
      joinTokenParameter: `${parameterPath}/join-token`,
      certificateKeyParameter: `${parameterPath}/certificate-key`,
      caHashParameter: `${parameterPath}/ca-cert-hash`,
      extraSans: privateIps ?? [],
      cniManifestUrl: p.bootstrap.cniManifestUrl,
    };

    const statements: PolicyStatement[] = [
      {
        sid: "ReadBootstrapParameters",
        actions: ["ssm:GetParameter"],
        resources: [
          configParameter.arn,
          joinTokenParameter.arn,
          certificateKeyParameter.arn,
          caHashParameter.arn,
        ],
      },
      { sid: "PublishCaCertHash", actions: ["ssm:PutParameter"], resources: [caHashParameter.arn] },
      { sid: "AttachOwnEtcdVolumes", actions: ["ec2:AttachVolume"], resources: volumes.map((v) => v.arn) },
      {
        sid: "AttachToClusterInstances",
        actions: ["ec2:AttachVolume"],
        resources: ["arn:aws:ec2:*:*:instance/*"],
        condition: { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${p.clusterName}`]: "owned" } },
      },
      { sid: "FindEtcdVolumeState", actions: ["ec2:DescribeVolumes"], resources: ["*"] },
    ];
    if (props.kmsKeyArn) {
      statements.push({
        sid: "UseVolumeKeyForAttachment",
        actions: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey"],
        resources: [props.kmsKeyArn],
        condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
      });
    }
    this.role = new InstanceRole(this, "Role", {
      name: fitName(`${p.clusterName}-control-plane`, 64),
      description: `hybrid-mesh: control-plane replicas of ${p.clusterName}`,
      statements,
      sessionManager: props.sessionManager ?? true,
    });

    p.subnets.forEach((subnet, i) => {
      const userData =
        p.bootstrap.kind === "kubeadm"
          ? controlPlaneCloudConfig(this.bootstrapSettings, i, p.subnets.length)
          : p.bootstrap.userData!(i);
      const launchTemplate = new LaunchTemplate(this, `Replica${i + 1}LaunchTemplate`, {
        name: `${p.clusterName}-control-plane-${i + 1}`,
        description: `hybrid-mesh: control-plane replica ${i + 1} of ${p.clusterName}`,
        imageId: image.imageId,
        instanceType: p.instanceType,
        updateDefaultVersion: true,
        iamInstanceProfile: { arn: this.role.instanceProfile.arn },
        ...secureInstanceSettings({
          rootVolumeSizeGiB: p.rootVolumeSizeGiB,
          metadataHopLimit: p.metadataHopLimit,
          securityGroupId: this.controlPlaneSecurityGroupId,
          rootDeviceName: image.rootDeviceName,
          kmsKeyArn: props.kmsKeyArn,
          detailedMonitoring: props.detailedMonitoring ?? true,
          userData,
        }),
        tags: { Name: `${awsNameTag(this)}/replica-${i + 1}` },
      });
      const autoScalingGroup = new AutoscalingGroup(this, `Replica${i + 1}AutoScalingGroup`, {
        name: `${p.clusterName}-control-plane-${i + 1}`,
        minSize: 1,
        maxSize: 1,
        desiredCapacity: 1,
        vpcZoneIdentifier: [subnet.subnetId],
        launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
        targetGroupArns: [this.targetGroup.arn],
        // EC2 health: an API server that is unhealthy because etcd lost quorum must not be
        // replaced by the group (that would make things worse); the load balancer stops sending to it.
        healthCheckType: "EC2",
        healthCheckGracePeriod: 600,
        defaultCooldown: 300,
        tag: [
          { key: "Name", value: `${p.clusterName}-control-plane-${i + 1}`, propagateAtLaunch: true },
          { key: "hybrid-mesh:role", value: "control-plane", propagateAtLaunch: true },
        ],
        dependsOn: [
          volumes[i],
          configParameter,
          joinTokenParameter,
          certificateKeyParameter,
          caHashParameter,
        ],
      });
      this.replicas.push({ index: i, subnet, etcdVolume: volumes[i], launchTemplate, autoScalingGroup });
    });
  }

  /**
   * The cluster, as the mesh sees it: the API server is the load balancer's DNS name (in the API
   * certificate), which resolves to its address in every zone still up, so that a remote istiod
   * survives the loss of a zone. A single fixed IP would not.
   */
  public get meshCluster(): MeshClusterInfo {
    return {
      clusterName: this.clusterName,
      meshNetwork: this.meshNetwork,
      platform: ClusterPlatform.AWS,
      apiServerHost: this.endpoint,
      apiServerPort: KUBE_API_PORT,
    };
  }

  /**
   * Allows a range to reach the Kubernetes API (TCP 6443) through the load balancer: a peer
   * network across the VPN, an operator network. Never 0.0.0.0/0.
   *
   * @param label short name of the range for the rule (e.g. "gcp-nodes")
   */
  public allowApiFrom(cidr: string, label: string): void {
    this.loadBalancerSecurityGroup.allowFrom(
      { cidr, label },
      tcp(KUBE_API_PORT),
      `Kubernetes API from ${label} (${cidr})`,
    );
  }

  private validate(props: ControlPlaneProps) {
    const clusterName = check(this, "clusterName", props.clusterName ?? k8sName(this), checkDns1123Label);
    const replicas = check(this, "replicas", props.replicas ?? 3, (n) =>
      [1, 3, 5, 7].includes(n)
        ? undefined
        : {
            rule: "etcd needs an odd number of members (1, 3, 5 or 7) to keep quorum",
            fix:
              n > 7
                ? "use 5 or 7 (more members slow down every write)"
                : `use ${n <= 2 ? 3 : n % 2 === 0 ? `${n - 1} or ${n + 1}` : 3}`,
          },
    );
    const placement = check(
      this,
      "placement",
      props.placement ?? ReplicaPlacement.SPREAD,
      oneOf(Object.values(ReplicaPlacement), "placement"),
    ) as ReplicaPlacement;
    const zones = props.network.privateSubnets;
    if (zones.length === 0) {
      fail(this, "network", props.network.node.path, {
        rule: "the network has no private subnets",
        fix: "use a network with private subnets",
      });
    }
    const zoneIndex = check(
      this,
      "zoneIndex",
      props.zoneIndex ?? 0,
      countBetween(0, zones.length - 1, "the zone index"),
    );
    const subnets = Array.from({ length: replicas }, (_, i) =>
      placement === ReplicaPlacement.SPREAD ? zones[i % zones.length] : zones[zoneIndex],
    );
    const perZone = new Map<number, number>();
    subnets.forEach((s) => perZone.set(s.zoneIndex, (perZone.get(s.zoneIndex) ?? 0) + 1));
    const worst = Math.max(...perZone.values());
    const quorum = Math.floor(replicas / 2) + 1;
    if (replicas > 1 && replicas - worst < quorum) {
      Annotations.of(this).addWarning(
        `hybrid-mesh: ${worst} of ${replicas} control-plane replicas are in one availability zone: losing that zone loses etcd quorum (${quorum} needed). Spread them over at least 3 zones to survive a zone failure.`,
      );
    }

    const machineImage = props.machineImage ?? MachineImage.ubuntu();
    check(this, "machineImage", machineImage, (m) => m.check());
    const instanceType = check(this, "instanceType", props.instanceType ?? "m5.large", (t) =>
      checkInstanceType(t, machineImage.architecture),
    );
    const kubernetesVersion = check(
      this,
      "kubernetesVersion",
      props.kubernetesVersion ?? "1.31",
      checkKubernetesVersion,
    );
    const podCidr = check(this, "podCidr", props.podCidr ?? "192.168.0.0/16", (c) =>
      checkClusterRange(c, 8, 23, "a pod range"),
    );
    const serviceCidr = check(this, "serviceCidr", props.serviceCidr ?? "10.96.0.0/12", (c) =>
      checkClusterRange(c, 12, 24, "a service range"),
    );
    const ranges = [
      { name: "the VPC", cidr: props.network.vpcCidr },
      { name: "podCidr", cidr: podCidr },
      { name: "serviceCidr", cidr: serviceCidr },
    ].filter((r) => !checkCidr(r.cidr));
    const clash = findOverlaps(ranges)[0];
    if (clash) {
      const property = clash.b.name === "the VPC" ? clash.a.name : clash.b.name;
      const other = property === clash.a.name ? clash.b : clash.a;
      fail(this, property, property === "podCidr" ? podCidr : serviceCidr, {
        rule: `the VPC, pod and service ranges must not overlap, and it overlaps ${other.name} (${other.cidr.toString()})`,
        fix: "pick disjoint ranges, e.g. pods 192.168.0.0/16 and services 10.96.0.0/12 with a VPC in 10.0.0.0/8 outside 10.96.0.0/12",
      });
    }
    checkEach(
      this,
      "apiAllowedCidrs",
      props.apiAllowedCidrs,
      (c) =>
        checkCidr(c) ??
        (c.endsWith("/0")
          ? {
              rule: "the Kubernetes API must never be open to the whole internet",
              fix: "list the peer networks that need it",
            }
          : undefined),
    );
    const { rootVolumeSizeGiB, metadataHopLimit } = checkInstanceBasics(this, props);
    const etcdVolumeSizeGiB = check(
      this,
      "etcdVolumeSizeGiB",
      props.etcdVolumeSizeGiB ?? 20,
      countBetween(8, 16384, "an etcd volume size in GiB"),
    );
    const loadBalancerName = check(
      this,
      "loadBalancer.name",
      props.loadBalancer?.name ?? fitName(`${clusterName}-api`, 32),
      checkAwsLoadBalancerName,
    );
    const ips = props.loadBalancer?.privateIpAddresses;
    if (ips !== undefined) {
      if (ips.length !== zones.length) {
        fail(this, "loadBalancer.privateIpAddresses", ips, {
          rule: `the load balancer has one address per private subnet: ${zones.length} subnets, ${ips.length} addresses`,
          fix: `give ${zones.length} addresses, in zone order`,
        });
      }
      checkEach(this, "loadBalancer.privateIpAddresses", ips, (ip, i) =>
        checkSubnetAddress(ip, zones[i].cidr),
      );
    }
    check(this, "loadBalancer.accessLogsBucket", props.loadBalancer?.accessLogsBucket, checkS3BucketName);
    const joinToken = requireSecret(this, "joinToken", props.joinToken);
    const certificateKey = requireSecret(this, "certificateKey", props.certificateKey);
    const bootstrap = props.bootstrap ?? ControlPlaneBootstrap.kubeadm();
    return {
      clusterName,
      subnets,
      machineImage,
      instanceType,
      kubernetesVersion,
      podCidr,
      serviceCidr,
      rootVolumeSizeGiB,
      etcdVolumeSizeGiB,
      metadataHopLimit,
      loadBalancerName,
      joinToken,
      certificateKey,
      bootstrap,
    };
  }
}

/** Checks a Kubernetes minor version this bootstrap supports: "1.31" or later. */
export function checkKubernetesVersion(version: string): Problem | undefined {
  const m = /^1\.(\d+)$/.exec(version);
  if (m && Number(m[1]) >= 31) return undefined;
  return {
    rule: 'the Kubernetes version is a minor version "1.<n>", 1.31 or later (kubeadm configuration v1beta4)',
    fix: 'use e.g. "1.31"',
  };
}

function checkClusterRange(cidr: string, min: number, max: number, what: string): Problem | undefined {
  const syntax = checkCidr(cidr);
  if (syntax) return syntax;
  const block = Cidr.parse(cidr);
  if (block.prefixLength < min || block.prefixLength > max) {
    return { rule: `${what} must be between /${min} and /${max}`, fix: `use e.g. a /${Math.min(max, 16)}` };
  }
  const reserved = checkRoutableRange(cidr, what);
  if (reserved) return { ...reserved, fix: "pick another range" };
  return undefined;
}

/** Checks a fixed address inside a subnet, outside the 4 first and the last address AWS reserves. */
export function checkSubnetAddress(ip: string, subnetCidr: string): Problem | undefined {
  const syntax = checkIpv4Address(ip);
  if (syntax) return syntax;
  const subnet = Cidr.parse(subnetCidr);
  if (!subnet.containsAddress(ip)) {
    return {
      rule: `the address must lie in its subnet ${subnetCidr}`,
      fix: `use an address between ${subnet.address(4)} and ${subnet.address(subnet.size - 2)}`,
    };
  }
  const offset = Cidr.parse(`${ip}/32`).network - subnet.network;
  if (offset < 4 || offset === subnet.size - 1) {
    return {
      rule: `AWS reserves the first four addresses and the last address of every subnet (${subnet.address(0)}-${subnet.address(3)} and ${subnet.address(subnet.size - 1)})`,
      fix: `use an address between ${subnet.address(4)} and ${subnet.address(subnet.size - 2)}`,
    };
  }
  return undefined;
}
