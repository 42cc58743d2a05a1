import { Token } from "cdktf";

/**
 * Whether a value is (or contains, for a string) an unresolved cdktf token: an attribute of
 * another resource, a variable or a function call, known only at deploy time.
 *
 * Validation never judges such a value as a literal. This is the one place the core depends on
 * cdktf's token system, so that moving to another CDK for Terraform stays cheap.
 *
 * @internal
 */
export function isUnresolved(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return Token.isUnresolved(value);
}
