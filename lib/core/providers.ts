import { TerraformProvider, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { HybridMeshError } from "./errors";

function isProviderOf(type: string) {
  return (c: IConstruct): c is TerraformProvider =>
    TerraformProvider.isTerraformProvider(c) && (c as TerraformProvider).terraformResourceType === type;
}

/**
 * The providers in the stack of `scope` whose type is `type` ("aws", "random"...): the stack's
 * direct children first (where providers usually are), else anywhere in the stack.
 */
function providersOf(scope: IConstruct, type: string): TerraformProvider[] {
  const stack = TerraformStack.of(scope);
  const direct = stack.node.children.filter(isProviderOf(type));
  return direct.length > 0 ? direct : stack.node.findAll().filter(isProviderOf(type));
}

/**
 * The provider of `type` in the stack of `scope`: the one the stack has, or a new one made by
 * `create` (for providers that need no settings: random, tls). Constructs call this for the
 * providers they need, so that users do not have to know them.
 *
 * @internal
 */
export function ensureProvider(
  scope: IConstruct,
  type: string,
  create: (stack: TerraformStack) => TerraformProvider,
): TerraformProvider {
  const stack = TerraformStack.of(scope);
  return stack.node.children.find(isProviderOf(type)) ?? providersOf(scope, type)[0] ?? create(stack);
}

/**
 * How a provider a construct cannot configure itself is added.
 *
 * @internal
 */
export interface ProviderHint {
  /** Terraform provider type, e.g. "aws". */
  readonly type: string;
  /** Name shown in the message, e.g. "AWS". */
  readonly name: string;
  /** The statement that adds it, e.g. `new AwsProvider(stack, "aws", { region: "eu-west-1" })`. */
  readonly example: string;
  /** Module of the provider class, e.g. "@cdktf/provider-aws/lib/provider". */
  readonly module: string;
}

/**
 * The AWS provider.
 *
 * @internal
 */
export const AWS_PROVIDER: ProviderHint = Object.freeze({
  type: "aws",
  name: "AWS",
  example: 'new AwsProvider(stack, "aws", { region: "eu-west-1" })',
  module: "@cdktf/provider-aws/lib/provider",
});

/**
 * The Google provider.
 *
 * @internal
 */
export const GOOGLE_PROVIDER: ProviderHint = Object.freeze({
  type: "google",
  name: "Google",
  example: 'new GoogleProvider(stack, "google", { project: "my-project", region: "europe-west1" })',
  module: "@cdktf/provider-google/lib/provider",
});

/**
 * Registers a check, run at synth, that the stack of `scope` has a provider of the kind a
 * construct needs and cannot configure itself (credentials, region): without it, synth fails with
 * a hybrid-mesh error naming the construct and the provider to add.
 *
 * @internal
 */
export function requireProvider(scope: IConstruct, hint: ProviderHint): void {
  scope.node.addValidation({
    validate: () =>
      providersOf(scope, hint.type).length > 0
        ? []
        : [
            HybridMeshError.format({
              scope,
              property: "provider",
              value: undefined,
              rule: `it creates ${hint.type}_* resources, and its stack ${TerraformStack.of(scope).node.id} has no ${hint.name} provider`,
              fix: `add one to the stack: ${hint.example} (import it from "${hint.module}")`,
            }),
          ],
  });
}
