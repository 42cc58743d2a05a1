import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { awsNameTag } from "../../core";
import { InstanceBasics, secureInstanceSettings } from "../instance-template";
import { AwsSubnet } from "../interfaces";
import { BoundMachineImage } from "../machine-image";
import { ControlPlaneParameters } from "./parameters";

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

/**
 * Creates one etcd volume per replica (gp3, encrypted), in the zone of the replica's subnet.
 *
 * @internal
 */
export function createEtcdVolumes(
  scope: Construct,
  o: {
    readonly subnets: readonly AwsSubnet[];
    readonly sizeGiB: number;
    readonly kmsKeyArn: string | undefined;
  },
): EbsVolume[] {
  return o.subnets.map(
    (subnet, i) =>
      new EbsVolume(scope, `Replica${i + 1}EtcdVolume`, {
        availabilityZone: subnet.availabilityZone,
        size: o.sizeGiB,
        type: "gp3",
        encrypted: true,
        kmsKeyId: o.kmsKeyArn,
        tags: { Name: `${awsNameTag(scope)}/replica-${i + 1}/etcd` },
      }),
  );
}

/** What {@link createReplicas} needs. @internal */
export interface ReplicaOptions extends InstanceBasics {
  /** Kubernetes cluster name. */
  readonly clusterName: string;
  /** The subnet of each replica, in replica order. */
  readonly subnets: readonly AwsSubnet[];
  /** The etcd volume of each replica, in replica order. */
  readonly etcdVolumes: readonly EbsVolume[];
  /** The replicas' image. */
  readonly image: BoundMachineImage;
  /** EC2 instance type. */
  readonly instanceType: string;
  /** Instance profile of the replicas' role. */
  readonly instanceProfileArn: string;
  /** The replicas' security group. */
  readonly securityGroupId: string;
  /** KMS key of the root volumes (undefined: the account's default EBS key). */
  readonly kmsKeyArn: string | undefined;
  /** Detailed (1-minute) monitoring. */
  readonly detailedMonitoring: boolean;
  /** The API target group the groups register in. */
  readonly targetGroupArn: string;
  /** The SSM parameters the bootstrap reads: each group waits for them. */
  readonly parameters: ControlPlaneParameters;
  /** User data of replica i. */
  readonly userData: (replicaIndex: number) => string;
}

/**
 * Creates a launch template and an Auto Scaling group (min = max = desired = 1) per replica,
 * pinned to the replica's subnet, so that the replica and its etcd volume stay in one zone.
 *
 * @internal
 */
export function createReplicas(scope: Construct, o: ReplicaOptions): ControlPlaneReplica[] {
  // A loop, not a map callback: one frame less in every token's recorded stack (cdktf).
  const replicas: ControlPlaneReplica[] = [];
  for (const [i, subnet] of o.subnets.entries()) {
    const userData = o.userData(i);
    const launchTemplate = new LaunchTemplate(scope, `Replica${i + 1}LaunchTemplate`, {
      name: `${o.clusterName}-control-plane-${i + 1}`,
      description: `hybrid-mesh: control-plane replica ${i + 1} of ${o.clusterName}`,
      imageId: o.image.imageId,
      instanceType: o.instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: o.instanceProfileArn },
      ...secureInstanceSettings({
        rootVolumeSizeGiB: o.rootVolumeSizeGiB,
        metadataHopLimit: o.metadataHopLimit,
        securityGroupId: o.securityGroupId,
        rootDeviceName: o.image.rootDeviceName,
        kmsKeyArn: o.kmsKeyArn,
        detailedMonitoring: o.detailedMonitoring,
        userData,
      }),
      tags: { Name: `${awsNameTag(scope)}/replica-${i + 1}` },
    });
    const autoScalingGroup = new AutoscalingGroup(scope, `Replica${i + 1}AutoScalingGroup`, {
      name: `${o.clusterName}-control-plane-${i + 1}`,
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      vpcZoneIdentifier: [subnet.subnetId],
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      targetGroupArns: [o.targetGroupArn],
      // EC2 health: an API server that is unhealthy because etcd lost quorum must not be
      // replaced by the group (that would make things worse); the load balancer stops sending to it.
      healthCheckType: "EC2",
      healthCheckGracePeriod: 600,
      defaultCooldown: 300,
      tag: [
        { key: "Name", value: `${o.clusterName}-control-plane-${i + 1}`, propagateAtLaunch: true },
        { key: "hybrid-mesh:role", value: "control-plane", propagateAtLaunch: true },
      ],
      dependsOn: [
        o.etcdVolumes[i],
        o.parameters.config,
        o.parameters.joinToken,
        o.parameters.certificateKey,
        o.parameters.caCertHash,
      ],
    });
    replicas.push({ index: i, subnet, etcdVolume: o.etcdVolumes[i], launchTemplate, autoScalingGroup });
  }
  return replicas;
}
