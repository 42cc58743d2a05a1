import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";
import {
  AWS_PROVIDER,
  ClusterPlatform,
  constructId,
  IMeshClusterSource,
  KUBE_API_PORT,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  MeshClusterInfo,
  requireProvider,
  Tags,
  validateShape,
} from "../../core";
import { KubeadmClusterSettings } from "../bootstrap/kubeadm";
import { InstanceRole } from "../instance-role";
import { IAwsClusterNetworking, IAwsNetwork } from "../interfaces";
import { ClusterSecurityGroup } from "../security-group";
import { kubeadmClusterSettings, replicaUserData } from "./bootstrap";
import { createApiLoadBalancer } from "./load-balancer";
import {
  ControlPlaneParameters,
  controlPlaneParameterNames,
  createConfigParameter,
  createSecretParameters,
} from "./parameters";
import { CONTROL_PLANE_PROPS, ControlPlaneProps } from "./props";
import { ControlPlaneReplica, createEtcdVolumes, createReplicas } from "./replicas";
import { createReplicaRole } from "./role";
import { allowApi, createClusterSecurityGroups } from "./security-groups";
import { validateControlPlaneProps } from "./validation";

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
 * given; and, with `sessionManager`, the Session Manager channels (never `ssm:GetParameter` on `*`).
 * It has no permission to create
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
  public readonly replicas: ControlPlaneReplica[];
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
    validateShape(this, props, CONTROL_PLANE_PROPS);
    const p = validateControlPlaneProps(this, props);
    this.network = props.network;
    this.clusterName = p.clusterName;
    this.podCidr = p.podCidr;
    this.serviceCidr = p.serviceCidr;
    this.meshNetwork = p.meshNetwork;
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    Tags.of(this).add(`kubernetes.io/cluster/${p.clusterName}`, "owned");

    // Security groups of the load balancer, the replicas and the nodes.
    const vpcId = props.network.vpcId;
    const groups = createClusterSecurityGroups(this, {
      clusterName: p.clusterName,
      vpcId,
      vpcCidr: props.network.vpcCidr,
      apiAllowedCidrs: props.apiAllowedCidrs ?? [],
    });
    this.loadBalancerSecurityGroup = groups.loadBalancer;
    this.securityGroup = groups.controlPlane;
    this.nodeSecurityGroup = groups.nodes;
    this.controlPlaneSecurityGroupId = this.securityGroup.securityGroupId;
    this.loadBalancerSecurityGroupId = this.loadBalancerSecurityGroup.securityGroupId;
    this.nodeSecurityGroupId = this.nodeSecurityGroup.securityGroupId;

    // The load balancer: the API endpoint.
    this.endpointAddresses = props.loadBalancer?.privateIpAddresses ?? [];
    const api = createApiLoadBalancer(this, {
      name: p.loadBalancerName,
      clusterName: p.clusterName,
      vpcId,
      subnets: props.network.privateSubnets,
      securityGroupId: this.loadBalancerSecurityGroupId,
      options: props.loadBalancer,
    });
    this.loadBalancer = api.loadBalancer;
    this.targetGroup = api.targetGroup;
    this.listener = api.listener;
    this.endpoint = this.loadBalancer.dnsName;

    // Secrets and settings for the bootstrap, in SSM parameters; the etcd volumes they name.
    const secrets = createSecretParameters(this, p);
    const image = p.machineImage.bind(this, "MachineImage");
    const etcdVolumes = createEtcdVolumes(this, {
      subnets: p.subnets,
      sizeGiB: p.etcdVolumeSizeGiB,
      kmsKeyArn: props.kmsKeyArn,
    });
    const config = createConfigParameter(this, {
      clusterName: p.clusterName,
      endpoint: this.endpoint,
      etcdVolumes,
    });
    this.parameters = { config, ...secrets };
    this.bootstrapSettings = kubeadmClusterSettings({
      clusterName: p.clusterName,
      kubernetesVersion: p.kubernetesVersion,
      podCidr: p.podCidr,
      serviceCidr: p.serviceCidr,
      bootstrap: p.bootstrap,
      parameterNames: controlPlaneParameterNames(p.clusterName),
      endpointAddresses: this.endpointAddresses,
    });

    // The replicas: their role, launch templates and Auto Scaling groups.
    this.role = createReplicaRole(this, {
      clusterName: p.clusterName,
      parameters: this.parameters,
      etcdVolumes,
      kmsKeyArn: props.kmsKeyArn,
      sessionManager: props.sessionManager ?? true,
    });
    this.replicas = createReplicas(this, {
      clusterName: p.clusterName,
      subnets: p.subnets,
      etcdVolumes,
      image,
      instanceType: p.instanceType,
      rootVolumeSizeGiB: p.rootVolumeSizeGiB,
      metadataHopLimit: p.metadataHopLimit,
      instanceProfileArn: this.role.instanceProfile.arn,
      securityGroupId: this.controlPlaneSecurityGroupId,
      kmsKeyArn: props.kmsKeyArn,
      detailedMonitoring: props.detailedMonitoring ?? true,
      targetGroupArn: this.targetGroup.arn,
      parameters: this.parameters,
      userData: (i) => replicaUserData(p.bootstrap, this.bootstrapSettings, i, p.subnets.length),
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
    allowApi(this.loadBalancerSecurityGroup, cidr, label);
  }
}
