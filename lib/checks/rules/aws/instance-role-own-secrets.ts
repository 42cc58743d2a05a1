import { FindingLevel } from "../../../core";
import { many } from "../../../core/terraform/values";
import { IamStatement, readIamPolicy } from "../../iam-policy";
import { Compliance, defineRule, RuleOutcome, SecurityRule, StackResource, StackView } from "../../rule";
import { outcome } from "../outcome";
import { refersTo } from "./common";

/** Actions that read a parameter's or a secret's value. */
const SECRET_READS = [
  "ssm:getparameter",
  "ssm:getparameters",
  "ssm:getparametersbypath",
  "ssm:getparameterhistory",
  "secretsmanager:getsecretvalue",
  "secretsmanager:batchgetsecretvalue",
];

/**
 * AWS managed policies that allow reading every parameter or secret: their `ssm:GetParameter*` /
 * `secretsmanager:GetSecretValue` (or `*`) apply to `Resource: "*"`.
 */
const MANAGED_SECRET_READERS: Record<string, string> = {
  AmazonSSMManagedInstanceCore: "ssm:GetParameter and ssm:GetParameters on every parameter",
  AmazonEC2RoleforSSM: "ssm:GetParameters on every parameter",
  AmazonSSMReadOnlyAccess: "ssm:Get* on every parameter",
  AmazonSSMFullAccess: "ssm:* on every parameter",
  SecretsManagerReadWrite: "secretsmanager:* on every secret",
  ReadOnlyAccess: "ssm:Get* on every parameter",
  PowerUserAccess: "every action but IAM's",
  AdministratorAccess: "every action",
};

/** Whether an action pattern covers reading a parameter or a secret. */
function readsSecrets(action: string): boolean {
  const pattern = new RegExp(`^${action.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return SECRET_READS.some((a) => pattern.test(a));
}

/**
 * Whether a resource of a statement reaches beyond named parameters and secrets: `*`, or a wildcard
 * before the first segment of a parameter path or in a secret's name.
 */
function isBroad(resource: string): boolean {
  if (resource === "*") return true;
  if (/^(aws_|data\.)/.test(resource) || resource.startsWith("${")) return false; // a reference
  const parameter = /:parameter(\/.*)$/.exec(resource);
  if (parameter) return /^\/?\*|^\/[^/]*\*/.test(parameter[1]);
  const secret = /:secret:(.*)$/.exec(resource);
  if (secret) return secret[1].includes("*") && !/^[^*]+\/[^*]*\*$/.test(secret[1]);
  return /^arn:aws[a-z-]*:(ssm|secretsmanager):[^:]*:[^:]*:\*$/.test(resource) || resource.endsWith(":*");
}

function broadReads(statements: IamStatement[], where: string): string[] {
  return statements
    .filter((s) => s.effect === "Allow" && s.actions.some(readsSecrets))
    .filter((s) => s.resources.some(isBroad))
    .map(
      (s) =>
        `${where}${s.sid ? ` (${s.sid})` : ""}: ${s.actions.filter(readsSecrets).join(", ")} on ${s.resources.filter(isBroad).join(", ")}`,
    );
}

/** Every policy that applies to the role `name`, as `[where, policy document or managed ARN]`. */
function policiesOf(stack: StackView, role: StackResource): { where: string; findings: string[] }[] {
  const out: { where: string; findings: string[] }[] = [];
  const read = (where: string, document: unknown) => {
    const statements = readIamPolicy(document);
    out.push({ where, findings: statements ? broadReads(statements, where) : [] });
  };
  const managed = (where: string, arn: unknown) => {
    const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:service-role\/)?(.+)$/.exec(String(arn));
    const grants = m ? MANAGED_SECRET_READERS[m[1]] : undefined;
    if (grants) out.push({ where, findings: [`${where}: managed policy ${m![1]} allows ${grants}`] });
    const customer = stack.target(role.stack, arn);
    if (customer?.type === "aws_iam_policy") read(`${where} (${customer.name})`, customer.config.policy);
  };
  for (const p of stack.ofType("aws_iam_role_policy"))
    if (refersTo(stack, p, p.config.role, "aws_iam_role", role.name))
      read(`inline policy ${p.name}`, p.config.policy);
  for (const a of stack.ofType("aws_iam_role_policy_attachment"))
    if (refersTo(stack, a, a.config.role, "aws_iam_role", role.name))
      managed(`attachment ${a.name}`, a.config.policy_arn);
  for (const p of many(role.config.inline_policy)) read(`inline_policy ${p?.name ?? ""}`.trim(), p?.policy);
  for (const arn of many(role.config.managed_policy_arns)) managed("managed_policy_arns", arn);
  return out;
}

/**
 * HM-AWS-16: An instance role reads only its own parameters and secrets.
 *
 * @internal
 */
export const InstanceRoleOwnSecrets: SecurityRule = defineRule({
  id: "HM-AWS-16",
  name: "InstanceRoleOwnSecrets",
  level: FindingLevel.ERROR,
  info: "An EC2 instance role reads only the parameters and secrets it names (no ssm:GetParameter* or secretsmanager:GetSecretValue on *, managed policies included).",
  explanation:
    "Every process on an instance can use its role. A node that can read every parameter reads the control plane's certificate key and joins as a control plane; one that can read every secret reads other clusters'. Grant reads on the parameters' ARNs; for Session Manager use the channel actions, not AmazonSSMManagedInstanceCore.",
  maps: ["CKV_AWS_108", "CKV_AWS_355", "AwsSolutions-IAM4", "AwsSolutions-IAM5"],
  resourceTypes: ["aws_iam_role"],
  evaluate: ({ config, name, stack }): RuleOutcome => {
    if (!String(config.assume_role_policy ?? "").includes("ec2.amazonaws.com"))
      return Compliance.NOT_APPLICABLE;
    if (!stack) return Compliance.NOT_APPLICABLE;
    const role = stack.ofType("aws_iam_role").find((r) => r.name === name);
    if (!role) return Compliance.NOT_APPLICABLE;
    return outcome(policiesOf(stack, role).flatMap((p) => p.findings));
  },
});
