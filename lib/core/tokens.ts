import { IResolvable, IResolveContext, TerraformStack, Token, Tokenization } from "cdktf";
import { IConstruct } from "constructs";
import { HybridMeshError } from "./errors";

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
 * A string resolved once per stack and synthesis, however many resources hold it and however many
 * passes synth makes over them (cdktf resolves every element while preparing its stacks, then again
 * when writing them): for values built from tokens whose rendering costs (a `jsonencode` of a policy,
 * a source cluster's kubeconfig in each of the n - 1 remote secrets of a multi-primary mesh). What
 * synth writes is exactly what it writes for `value` itself.
 *
 * The value must resolve to the same text wherever it appears in a stack and in both passes:
 * literals, references to elements and Terraform function calls, never a `Lazy` that an aspect
 * changes (cdktf prepares the stacks before it runs aspects). A reference to another stack's element
 * is registered by the preparing pass, which resolves for itself; the writing pass reuses its text.
 * Inside an iterator, or outside a stack, it is resolved in place, uncached. A value with literal
 * text cannot be an argument of a Terraform function or expression (cdktf would not quote it): that
 * fails synth with a hybrid-mesh error.
 *
 * @internal
 */
export function resolveOnce(value: string): string {
  return Token.asString(new ResolvedOnce(value));
}

/** What one stack's synthesis resolved, by resolution flags. */
interface StackCache {
  readonly prepared: Map<string, unknown>;
  readonly written: Map<string, unknown>;
  /** Whether a writing pass has used this cache (a preparing pass after it starts a new synthesis). */
  writing: boolean;
}

class ResolvedOnce implements IResolvable {
  // No stack trace of its own: the value's tokens captured theirs.
  public readonly creationStack: string[] = [];
  private readonly byStack = new WeakMap<TerraformStack, StackCache>();
  /** Whether the value is one token and nothing else (then it may stand anywhere, expressions too). */
  private readonly singleToken: boolean;

  constructor(private readonly value: string) {
    const parts = Tokenization.reverseString(value);
    this.singleToken =
      parts.literals.length === 0 &&
      parts.escapes.length === 0 &&
      parts.tokens.length + parts.intrinsic.length === 1;
  }

  public resolve(context: IResolveContext): unknown {
    if (context.suppressBraces && !this.singleToken) {
      throw new HybridMeshError({
        property: "value",
        value: this.value,
        rule: "a value hybrid-mesh resolves once per stack holds literal text, which cdktf would not quote as an argument of a Terraform function or expression",
        fix: "use it as an attribute value, or build the expression from the value's parts",
      });
    }
    const stack = stackOf(context.scope);
    if (context.iteratorContext || !stack) return context.resolve(this.value);
    let cache = this.byStack.get(stack);
    if (!cache) {
      cache = { prepared: new Map(), written: new Map(), writing: false };
      this.byStack.set(stack, cache);
    }
    const flags = [context.suppressBraces, context.ignoreEscapes, context.warnEscapes].join("|");
    if (context.preparing) {
      if (cache.writing) {
        // A new synthesis of the stack: what the last one resolved may be out of date.
        cache.prepared.clear();
        cache.written.clear();
        cache.writing = false;
      }
      if (!cache.prepared.has(flags)) cache.prepared.set(flags, context.resolve(this.value));
      return cache.prepared.get(flags);
    }
    cache.writing = true;
    if (cache.prepared.has(flags)) return cache.prepared.get(flags);
    if (!cache.written.has(flags)) cache.written.set(flags, context.resolve(this.value));
    return cache.written.get(flags);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** The stack a construct is in, if any. */
function stackOf(scope: IConstruct): TerraformStack | undefined {
  for (const s of [...scope.node.scopes].reverse()) if (TerraformStack.isStack(s)) return s;
  return undefined;
}
