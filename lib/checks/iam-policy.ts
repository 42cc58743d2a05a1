// Reading IAM policy documents as synthesized: a JSON string, or cdktf's `${jsonencode({...})}`
// (an HCL object whose values may be references such as `aws_ssm_parameter.x.arn`).

/**
 * One statement of a policy document, as the rules read it.
 *
 * @internal
 */
export interface IamStatement {
  /** Statement id. */
  readonly sid?: string;
  /** "Allow" or "Deny". */
  readonly effect: string;
  /** Actions (lower case). */
  readonly actions: string[];
  /** Resources: ARNs, "*", or references to other resources ("aws_ssm_parameter.x.arn"). */
  readonly resources: string[];
}

type Value = string | number | boolean | null | { ref: string } | Value[] | { [key: string]: Value };

/** A small reader for the HCL expressions cdktf writes inside `${jsonencode(...)}`. */
class HclReader {
  private i = 0;
  constructor(private readonly text: string) {}

  public value(): Value {
    this.space();
    const c = this.text[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    const m = /^-?[0-9][0-9.]*|^[A-Za-z_][A-Za-z0-9_.\-*]*/.exec(this.text.slice(this.i));
    if (!m) throw new Error(`unexpected ${JSON.stringify(this.text.slice(this.i, this.i + 20))}`);
    this.i += m[0].length;
    const word = m[0];
    if (/^-?[0-9.]+$/.test(word)) return Number(word);
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    return { ref: word };
  }

  private object(): Value {
    const out: { [key: string]: Value } = {};
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] === "}") {
        this.i++;
        return out;
      }
      const key = this.value();
      this.space();
      if (this.text[this.i] !== "=" && this.text[this.i] !== ":") throw new Error("expected =");
      this.i++;
      out[typeof key === "string" ? key : JSON.stringify(key)] = this.value();
      this.space();
      if (this.text[this.i] === ",") this.i++;
    }
  }

  private array(): Value {
    const out: Value[] = [];
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] === "]") {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.space();
      if (this.text[this.i] === ",") this.i++;
    }
  }

  private string(): string {
    let out = "";
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      if (this.text[this.i] === "\\") {
        out += this.text[this.i + 1];
        this.i += 2;
      } else if (this.text.startsWith("${", this.i)) {
        const end = this.text.indexOf("}", this.i);
        out += this.text.slice(this.i, end + 1);
        this.i = end + 1;
      } else {
        out += this.text[this.i++];
      }
    }
    this.i++;
    return out;
  }

  private space(): void {
    while (/\s/.test(this.text[this.i] ?? "")) this.i++;
  }
}

const asList = (v: Value | undefined): Value[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
const text = (v: Value): string =>
  typeof v === "string" ? v : typeof v === "object" && v !== null && "ref" in v ? String(v.ref) : String(v);

/**
 * The statements of a synthesized policy document, or undefined when it cannot be read at synth
 * (an expression other than a JSON string or `jsonencode` of an object).
 *
 * @internal
 */
export function readIamPolicy(policy: unknown): IamStatement[] | undefined {
  if (typeof policy !== "string") return undefined;
  let doc: Value;
  try {
    const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(policy.trim());
    doc = m ? new HclReader(m[1]).value() : (JSON.parse(policy) as Value);
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || "ref" in doc) return undefined;
  return asList(doc.Statement).flatMap((s) => {
    if (typeof s !== "object" || s === null || Array.isArray(s) || "ref" in s) return [];
    return [
      {
        sid: s.Sid === undefined ? undefined : text(s.Sid),
        effect: s.Effect === undefined ? "Allow" : text(s.Effect),
        actions: asList(s.Action).map((a) => text(a).toLowerCase()),
        resources: asList(s.Resource).map(text),
      },
    ];
  });
}
