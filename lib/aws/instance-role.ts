import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { awsName, resolveOnce } from "../core";

/** One statement of an IAM policy. */
export interface PolicyStatement {
  /** Statement id: says why the permission is there. */
  readonly sid: string;
  /** Actions allowed. */
  readonly actions: string[];
  /** Resources (ARNs; tokens allowed). */
  readonly resources: string[];
  /**
   * IAM condition block.
   *
   * @default - none
   */
  readonly condition?: Record<string, Record<string, unknown>>;
}

/**
 * What AWS Systems Manager Session Manager needs on an instance (no SSH, no open port): the agent's
 * registration and its session channels, as AWS documents for a custom Session Manager instance
 * profile (the managed AWSCloud9SSMInstanceProfile holds the same five actions). Not the managed
 * AmazonSSMManagedInstanceCore, whose `ssm:GetParameter`/`GetParameters` on every parameter would let
 * any node read every cluster's secrets (a worker the control plane's certificate key).
 *
 * @internal
 */
export const SESSION_MANAGER_STATEMENT: PolicyStatement = Object.freeze({
  sid: "SessionManagerChannels",
  actions: [
    "ssm:UpdateInstanceInformation",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
  ],
  // These actions take no resource (the agent acts for its own instance).
  resources: ["*"],
});

let ec2Trust: string | undefined;
/** The trust policy of every instance role (EC2 assumes it): one value, resolved once per stack. */
function ec2TrustPolicy(): string {
  ec2Trust ??= resolveOnce(
    Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  );
  return ec2Trust;
}

/**
 * An EC2 instance role and instance profile with one inline policy, whose statements say what
 * the instances may do and why (each statement's `Sid`).
 */
export class InstanceRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** The instance profile launch templates reference. */
  public readonly instanceProfile: IamInstanceProfile;

  constructor(
    scope: Construct,
    id: string,
    props: { name?: string; description: string; statements: PolicyStatement[]; sessionManager: boolean },
  ) {
    super(scope, id);
    this.role = new IamRole(this, "Resource", {
      name: props.name ?? awsName(this),
      description: props.description,
      assumeRolePolicy: ec2TrustPolicy(),
    });
    const policy = (id: string, name: string, statements: PolicyStatement[]) =>
      new IamRolePolicy(this, id, {
        name,
        role: this.role.id,
        policy: resolveOnce(
          Fn.jsonencode({
            Version: "2012-10-17",
            Statement: statements.map((s) => ({
              Sid: s.sid,
              Effect: "Allow",
              Action: s.actions,
              Resource: s.resources,
              ...(s.condition ? { Condition: s.condition } : {}),
            })),
          }),
        ),
      });
    if (props.statements.length > 0) policy("Policy", "hybrid-mesh", props.statements);
    if (props.sessionManager) policy("SessionManager", "session-manager", [SESSION_MANAGER_STATEMENT]);
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", {
      name: props.name ?? awsName(this, { suffix: "profile" }),
      role: this.role.name,
    });
  }
}
