import { LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { check, countBetween } from "../core";
import { checkKmsKeyArn } from "./rules";

/** The instance settings the control plane and node pools share, validated. @internal */
export interface InstanceBasics {
  /** Root volume size in GiB (20–16384). */
  readonly rootVolumeSizeGiB: number;
  /** IMDSv2 response hop limit (1–64). */
  readonly metadataHopLimit: number;
}

/**
 * Validates the instance settings both launch templates take, with their defaults: a 50 GiB
 * root volume and a metadata hop limit of 2 (containers reach IMDSv2 through one more hop); and
 * the KMS key of the volumes, when given, as an ARN.
 *
 * @internal
 */
export function checkInstanceBasics(
  scope: Construct,
  props: {
    readonly rootVolumeSizeGiB?: number;
    readonly metadataHopLimit?: number;
    readonly kmsKeyArn?: string;
  },
): InstanceBasics {
  check(scope, "kmsKeyArn", props.kmsKeyArn, checkKmsKeyArn);
  return {
    rootVolumeSizeGiB: check(
      scope,
      "rootVolumeSizeGiB",
      props.rootVolumeSizeGiB ?? 50,
      countBetween(20, 16384, "a root volume size in GiB"),
    ),
    metadataHopLimit: check(
      scope,
      "metadataHopLimit",
      props.metadataHopLimit ?? 2,
      countBetween(1, 64, "the instance metadata hop limit"),
    ),
  };
}

/** What {@link secureInstanceSettings} needs. @internal */
export interface SecureInstanceOptions extends InstanceBasics {
  /** The instances' security group. */
  readonly securityGroupId: string;
  /** The image's root device name. */
  readonly rootDeviceName: string;
  /** KMS key for the root volume (undefined: the account's default EBS key). */
  readonly kmsKeyArn?: string;
  /** Detailed (1-minute) monitoring. */
  readonly detailedMonitoring: boolean;
  /** Cloud-init user data (plain text or a token). */
  readonly userData: string;
}

/**
 * The safe part of a launch template, one place for both kinds of instance: no public IP,
 * IMDSv2 required, an encrypted gp3 root volume, base64 user data.
 *
 * @internal
 */
export function secureInstanceSettings(
  o: SecureInstanceOptions,
): Pick<
  LaunchTemplateConfig,
  "networkInterfaces" | "metadataOptions" | "monitoring" | "blockDeviceMappings" | "userData"
> {
  return {
    networkInterfaces: [
      {
        deviceIndex: 0,
        associatePublicIpAddress: "false",
        securityGroups: [o.securityGroupId],
        deleteOnTermination: "true",
      },
    ],
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: o.metadataHopLimit,
      instanceMetadataTags: "disabled",
    },
    monitoring: { enabled: o.detailedMonitoring },
    blockDeviceMappings: [
      {
        deviceName: o.rootDeviceName,
        ebs: {
          volumeSize: o.rootVolumeSizeGiB,
          volumeType: "gp3",
          encrypted: "true",
          kmsKeyId: o.kmsKeyArn,
          deleteOnTermination: "true",
        },
      },
    ],
    userData: Token.isUnresolved(o.userData)
      ? Fn.base64encode(o.userData)
      : Buffer.from(o.userData, "utf8").toString("base64"),
  };
}
