import { FindingLevel } from "../../../core";
import { isExpression } from "../../../core/terraform/values";
import { Compliance, defineRule, RuleOutcome, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

/** User data as text (base64 decoded when it is), or undefined when computed at deploy time. */
function decodeUserData(value: unknown): string | undefined {
  if (typeof value !== "string" || isExpression(value)) return undefined;
  try {
    const text = Buffer.from(value, "base64").toString("utf8");
    return /[\x00-\x08\x0e-\x1f]/.test(text) ? value : text;
  } catch {
    return value;
  }
}

/** Patterns of secrets written into user data. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/, "a kubeadm bootstrap token"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/aws_secret_access_key\s*[=:]/i, "an AWS secret access key"],
  [/--certificate-key[ =][0-9a-f]{64}\b/, "a kubeadm certificate key"],
  [/\bcertificateKey:\s*["']?[0-9a-f]{64}\b/, "a kubeadm certificate key (certificateKey:)"],
  // PASSWORD=..., DB_PASSWORD: ..., API_KEY=..., CLIENT_SECRET=...: a literal value, not $VAR or $(...)
  [
    /\b[A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|API_?KEY|ACCESS_KEY|PRIVATE_KEY)[A-Za-z0-9_]*\s*[=:]\s*["']?(?![$"'\s{<])[^\s"'$]{6,}/i,
    "a credential assigned a literal value",
  ],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/, "credentials in a URL (user:password@)"],
];

/**
 * HM-AWS-15: User data holds no secret (keys, tokens, credentials).
 *
 * @internal
 */
export const NoSecretsInUserData: SecurityRule = defineRule({
  id: "HM-AWS-15",
  name: "NoSecretsInUserData",
  level: FindingLevel.ERROR,
  info: "User data holds no secret (keys, tokens, credentials).",
  explanation:
    "User data is readable by anyone who can describe the instance or its launch template, and by every process on it through IMDS. Keep secrets in SSM SecureString or Secrets Manager and read them at boot.",
  maps: ["CKV_AWS_46", "AVD-AWS-0129"],
  resourceTypes: ["aws_launch_template", "aws_instance"],
  evaluate: ({ config }): RuleOutcome => {
    const raw = config.user_data;
    if (raw === undefined) return Compliance.NOT_APPLICABLE;
    if (isExpression(raw)) {
      return /\b(random_password|random_bytes|aws_secretsmanager_secret_version)\./.test(String(raw))
        ? ["user data is built from a generated secret"]
        : Compliance.COMPLIANT;
    }
    const text = decodeUserData(raw) ?? "";
    const found = SECRET_PATTERNS.filter(([re]) => re.test(text)).map(
      ([, what]) => `user data contains ${what}`,
    );
    return outcome(found);
  },
});
