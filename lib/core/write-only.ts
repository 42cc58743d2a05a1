import { TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

// Write-only attributes (Terraform 1.11 and later): a secret given to a provider through them is
// sent to the API and never written into Terraform state or plan files. The pinned providers have
// them for SSM parameters (`value_wo`), Kubernetes Secrets (`data_wo`) and Helm values (`set_wo`).

/**
 * The context key that turns write-only attributes off, for teams on Terraform older than 1.11:
 * `"context": { "hybrid-mesh:writeOnlySecrets": false }` in `cdktf.json`. Secrets then go into the
 * state-persisted attributes (`value`, `data`), and the checks report lists them among the secrets
 * the state holds.
 */
export const WRITE_ONLY_SECRETS_CONTEXT = "hybrid-mesh:writeOnlySecrets";

/** The Terraform versions that support write-only attributes (set as `required_version`). */
export const WRITE_ONLY_TERRAFORM_VERSION = ">= 1.11.0";

/**
 * Whether secrets go into write-only attributes in the stack of `scope` (the default), or, with the
 * context key set to false, into state-persisted ones.
 *
 * @internal
 */
export function writeOnlySecrets(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(WRITE_ONLY_SECRETS_CONTEXT);
  return !(value === false || value === "false");
}

/**
 * Makes the stack of `scope` require a Terraform that supports write-only attributes, so that an
 * older one fails at `terraform init` with a clear message instead of an unknown-attribute error.
 *
 * @internal
 */
export function requireWriteOnlySupport(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (requiring.has(stack)) return;
  requiring.add(stack);
  stack.addOverride("terraform.required_version", WRITE_ONLY_TERRAFORM_VERSION);
}

const requiring = new WeakSet<TerraformStack>();

/**
 * The write-only version of a secret attribute for `scope`'s stack: `{ [writeOnly]: value,
 * [counter]: version }` (and the stack then requires Terraform 1.11), or `{ [plain]: value }` when
 * write-only attributes are turned off.
 *
 * @internal
 */
export function secretAttribute<T>(
  scope: IConstruct,
  value: T,
  names: { readonly plain: string; readonly writeOnly: string; readonly counter: string },
  version: number,
): Record<string, T | number> {
  if (!writeOnlySecrets(scope)) return { [names.plain]: value };
  requireWriteOnlySupport(scope);
  return { [names.writeOnly]: value, [names.counter]: version };
}
