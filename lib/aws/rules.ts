import { Problem } from "../core";

const PARTITION = "aws(?:-cn|-us-gov)?";

/**
 * Checks a KMS key ARN: `arn:aws:kms:<region>:<account>:key/<key id>` (or an alias ARN,
 * `…:alias/<name>`), as EC2 and CloudWatch Logs take it. A key id alone, "*" or an alias name
 * are not accepted where an ARN is required.
 *
 * @internal
 */
export function checkKmsKeyArn(arn: string): Problem | undefined {
  if (
    typeof arn === "string" &&
    new RegExp(
      `^arn:${PARTITION}:kms:[a-z]{2}(?:-[a-z]+)+-\\d+:\\d{12}:(?:key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250})$`,
    ).test(arn)
  ) {
    return undefined;
  }
  return {
    rule: "a KMS key ARN is arn:aws:kms:<region>:<12-digit account>:key/<key id> (or :alias/<name>)",
    fix: 'give the key\'s ARN, e.g. "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
  };
}

/**
 * Checks an S3 bucket name (general purpose buckets): 3-63 characters, lower-case letters, digits,
 * dots and hyphens, starting and ending with a letter or digit, not an IP address, no "..", and
 * not starting with "xn--" or "sthree-" nor ending with "-s3alias" or "--ol-s3" (S3's naming rules).
 *
 * @internal
 */
export function checkS3BucketName(name: string): Problem | undefined {
  const ok =
    typeof name === "string" &&
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|--x-s3)$/.test(name);
  if (ok) return undefined;
  const suggestion =
    typeof name === "string"
      ? name
          .toLowerCase()
          .replace(/[^a-z0-9.-]+/g, "-")
          .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
          .slice(0, 63) || "my-bucket"
      : "my-bucket";
  return {
    rule: "an S3 bucket name is 3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit (S3 bucket naming rules)",
    fix: `use e.g. "${suggestion.length >= 3 ? suggestion : "my-bucket"}"`,
  };
}

/**
 * Checks an S3 bucket ARN, optionally with a folder: `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/prefix/`.
 *
 * @internal
 */
export function checkS3BucketArn(arn: string): Problem | undefined {
  const match =
    typeof arn === "string" ? new RegExp(`^arn:${PARTITION}:s3:::([^/]+)(/.*)?$`).exec(arn) : null;
  if (match && !checkS3BucketName(match[1])) return undefined;
  return {
    rule: "an S3 bucket ARN is arn:aws:s3:::<bucket name>, optionally followed by /<folder>/",
    fix: 'use e.g. "arn:aws:s3:::my-flow-logs/vpc/"',
  };
}
