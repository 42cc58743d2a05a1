import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Construct } from "constructs";
import { fitName } from "../../core";
import { InstanceRole, PolicyStatement } from "../instance-role";
import { ControlPlaneParameters } from "./parameters";

/**
 * Creates the instance role of the replicas. It allows only: reading the cluster's four SSM
 * parameters and writing the CA hash one; attaching the cluster's etcd volumes to instances
 * tagged with the cluster, and describing volumes; using the volumes' KMS key for the
 * attachment, when there is one; and, with `sessionManager`, the Session Manager channels (not AmazonSSMManagedInstanceCore).
 *
 * @internal
 */
export function createReplicaRole(
  scope: Construct,
  o: {
    readonly clusterName: string;
    readonly parameters: ControlPlaneParameters;
    readonly etcdVolumes: readonly EbsVolume[];
    readonly kmsKeyArn: string | undefined;
    readonly sessionManager: boolean;
  },
): InstanceRole {
  const { parameters } = o;
  const statements: PolicyStatement[] = [
    {
      sid: "ReadBootstrapParameters",
      actions: ["ssm:GetParameter"],
      resources: [
        parameters.config.arn,
        parameters.joinToken.arn,
        parameters.certificateKey.arn,
        parameters.caCertHash.arn,
      ],
    },
    { sid: "PublishCaCertHash", actions: ["ssm:PutParameter"], resources: [parameters.caCertHash.arn] },
    {
      sid: "AttachOwnEtcdVolumes",
      actions: ["ec2:AttachVolume"],
      resources: o.etcdVolumes.map((v) => v.arn),
    },
    {
      sid: "AttachToClusterInstances",
      actions: ["ec2:AttachVolume"],
      resources: ["arn:aws:ec2:*:*:instance/*"],
      condition: { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${o.clusterName}`]: "owned" } },
    },
    { sid: "FindEtcdVolumeState", actions: ["ec2:DescribeVolumes"], resources: ["*"] },
  ];
  if (o.kmsKeyArn) {
    statements.push({
      sid: "UseVolumeKeyForAttachment",
      actions: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey"],
      resources: [o.kmsKeyArn],
      condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
  }
  return new InstanceRole(scope, "Role", {
    name: fitName(`${o.clusterName}-control-plane`, 64),
    description: `hybrid-mesh: control-plane replicas of ${o.clusterName}`,
    statements,
    sessionManager: o.sessionManager,
  });
}
