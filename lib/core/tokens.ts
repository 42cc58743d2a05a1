import { IResolvable, IResolveContext, TerraformStack, Token } from "cdktf";

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

/**
 * A string resolved once per stack, however many resources hold it and however many passes synth
 * makes over them (cdktf resolves every element while preparing its stacks, then again when writing
 * them): for values built from tokens whose rendering costs (a `jsonencode` of a policy, a source
 * cluster's kubeconfig in each of the n - 1 remote secrets of a multi-primary mesh). What synth writes
 * is exactly what it writes for `value` itself.
 *
 * The value must resolve to the same text wherever it appears in a stack and in both passes: literals,
 * references to elements and Terraform function calls (a reference to another stack's element is
 * registered in the preparing pass, which always resolves at least once per stack). Inside an
 * iterator it is resolved in place, uncached.
 *
 * @internal
 */
export function resolveOnce(value: string): string {
  return Token.asString(new ResolvedOnce(value));
}

class ResolvedOnce implements IResolvable {
  // No stack trace of its own: the value's tokens captured theirs.
  public readonly creationStack: string[] = [];
  // By stack (a value may be shared by the stacks of several apps, as tests build them), then by
  // pass and the resolution flags.
  private readonly resolved = new WeakMap<TerraformStack, Map<string, unknown>>();

  constructor(private readonly value: string) {}

  public resolve(context: IResolveContext): unknown {
    if (context.iteratorContext) return context.resolve(this.value);
    const stack = TerraformStack.of(context.scope);
    let byKey = this.resolved.get(stack);
    if (!byKey) this.resolved.set(stack, (byKey = new Map()));
    const flags = [context.suppressBraces, context.ignoreEscapes, context.warnEscapes].join("|");
    const prepared = `${flags}|prepared`;
    // The preparing pass resolves for itself (it registers cross-stack references); the writing pass
    // reuses what it found, the same text.
    const key = context.preparing ? prepared : byKey.has(prepared) ? prepared : flags;
    if (!byKey.has(key)) byKey.set(key, context.resolve(this.value));
    return byKey.get(key);
  }

  public toString(): string {
    return Token.asString(this);
  }
}
