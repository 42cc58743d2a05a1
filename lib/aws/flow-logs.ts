import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { awsName, check, fitName, oneOf, resolveOnce } from "../core";
import { checkKmsKeyArn, checkS3BucketArn } from "./rules";

/**
 * Retention periods CloudWatch Logs accepts, in days (0 = never expire).
 *
 * @internal
 */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = Object.freeze([
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

/** Options for logs written to CloudWatch Logs. */
export interface CloudWatchFlowLogOptions {
  /**
   * How long to keep the logs, in days: one of the values CloudWatch accepts (0 = forever).
   *
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * ARN of a KMS key to encrypt the log group with (its key policy must allow CloudWatch Logs).
   *
   * @default - encrypted with a key owned by CloudWatch Logs
   */
  readonly kmsKeyArn?: string;
}

/** Where VPC flow logs go. */
export class FlowLogDestination {
  /**
   * A CloudWatch Logs log group created for the VPC, written through an IAM role that can only
   * write to that group.
   */
  public static cloudWatchLogs(options: CloudWatchFlowLogOptions = {}): FlowLogDestination {
    return new FlowLogDestination("cloud-watch-logs", undefined, options);
  }

  /**
   * An existing S3 bucket (its bucket policy must allow the `delivery.logs.amazonaws.com`
   * service to write; no IAM role is involved).
   *
   * @param bucketArn ARN of the bucket, optionally with a folder: `arn:aws:s3:::bucket/prefix/`
   */
  public static s3(bucketArn: string): FlowLogDestination {
    return new FlowLogDestination("s3", bucketArn, {});
  }

  private constructor(
    /** `cloud-watch-logs` or `s3`. */
    public readonly type: "cloud-watch-logs" | "s3",
    /** Bucket ARN for S3. */
    public readonly bucketArn: string | undefined,
    /** Options for CloudWatch Logs. */
    public readonly cloudWatch: CloudWatchFlowLogOptions,
  ) {}
}

/** Flow log settings of an {@link AwsNetwork}. */
export interface FlowLogOptions {
  /**
   * Whether to record flow logs. Turning them off fails the security rules AWS-VPC-FLOW-LOGS
   * (checkov CKV2_AWS_11, trivy AVD-AWS-0178, cdk-nag AwsSolutions-VPC7).
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Where the logs go.
   *
   * @default FlowLogDestination.cloudWatchLogs() (365 days)
   */
  readonly destination?: FlowLogDestination;
  /**
   * Which traffic to record: "ALL", "ACCEPT" or "REJECT".
   *
   * @default "ALL"
   */
  readonly trafficType?: string;
  /**
   * Longest time a flow is aggregated before it is written, in seconds: 60 or 600.
   *
   * @default 600
   */
  readonly maxAggregationIntervalSeconds?: number;
}

/**
 * VPC flow logs with their destination and, for CloudWatch Logs, a role that can only write to
 * the log group created for them.
 */
export class VpcFlowLogs extends Construct {
  /** The flow log resource. */
  public readonly flowLog: FlowLog;
  /** The log group, for CloudWatch Logs. */
  public readonly logGroup?: CloudwatchLogGroup;
  /** The role the flow log service assumes, for CloudWatch Logs. */
  public readonly role?: IamRole;

  constructor(scope: Construct, id: string, vpcId: string, options: FlowLogOptions = {}) {
    super(scope, id);
    const trafficType = check(
      this,
      "flowLogs.trafficType",
      options.trafficType ?? "ALL",
      oneOf(["ALL", "ACCEPT", "REJECT"], "the flow log traffic type"),
    );
    const interval = check(
      this,
      "flowLogs.maxAggregationIntervalSeconds",
      options.maxAggregationIntervalSeconds ?? 600,
      oneOf([60, 600], "the flow log aggregation interval"),
    );
    const destination = options.destination ?? FlowLogDestination.cloudWatchLogs();
    check(this, "flowLogs.destination (S3 bucket ARN)", destination.bucketArn, checkS3BucketArn);
    check(this, "flowLogs.destination (kmsKeyArn)", destination.cloudWatch.kmsKeyArn, checkKmsKeyArn);
    if (destination.type === "s3") {
      this.flowLog = new FlowLog(this, "Resource", {
        vpcId,
        trafficType,
        maxAggregationInterval: interval,
        logDestinationType: "s3",
        logDestination: destination.bucketArn,
      });
      return;
    }
    const retention = check(
      this,
      "flowLogs.destination.retentionDays",
      destination.cloudWatch.retentionDays ?? 365,
      oneOf(CLOUDWATCH_RETENTION_DAYS, "a CloudWatch Logs retention"),
    );
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      namePrefix: `/hybrid-mesh/vpc-flow-logs/${awsName(this)}-`,
      retentionInDays: retention,
      kmsKeyId: destination.cloudWatch.kmsKeyArn,
    });
    const account = new DataAwsCallerIdentity(this, "Account");
    this.role = new IamRole(this, "Role", {
      namePrefix: `${fitName(awsName(this), 37)}-`,
      description: "Lets VPC Flow Logs write to one log group (hybrid-mesh)",
      assumeRolePolicy: resolveOnce(
        Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "vpc-flow-logs.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
            },
          ],
        }),
      ),
    });
    new IamRolePolicy(this, "Policy", {
      name: "write-flow-logs",
      role: this.role.id,
      policy: resolveOnce(
        Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
            },
          ],
        }),
      ),
    });
    this.flowLog = new FlowLog(this, "Resource", {
      vpcId,
      trafficType,
      maxAggregationInterval: interval,
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: this.role.arn,
    });
  }
}
