import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { awsName } from "../core";

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
 * The managed policy that lets AWS Systems Manager Session Manager reach an instance (no SSH, no open port).
 *
 * @internal
 */
export const SSM_MANAGED_INSTANCE_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

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
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    if (props.statements.length > 0) {
      new IamRolePolicy(this, "Policy", {
        name: "hybrid-mesh",
        role: this.role.id,
        policy: Fn.jsonencode({
          Version: "2012-10-17",
          Statement: props.statements.map((s) => ({
            Sid: s.sid,
            Effect: "Allow",
            Action: s.actions,
            Resource: s.resources,
            ...(s.condition ? { Condition: s.condition } : {}),
          })),
        }),
      });
    }
    if (props.sessionManager) {
      new IamRolePolicyAttachment(this, "SessionManager", {
        role: this.role.name,
        policyArn: SSM_MANAGED_INSTANCE_CORE,
      });
    }
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", {
      name: props.name ?? awsName(this, { suffix: "profile" }),
      role: this.role.name,
    });
  }
}
