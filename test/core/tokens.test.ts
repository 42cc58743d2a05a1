import * as fs from "fs";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import {
  App,
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  TerraformOutput,
  TerraformStack,
  Tokenization,
} from "cdktf";
import { HybridMeshError, resolveOnce } from "../../lib/core";
import { freshApp } from "../util";

function awsStack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

/** Synthesizes `app` and returns each stack's Terraform, parsed. */
function synth(app: ReturnType<typeof freshApp>): Record<string, any> {
  app.synth();
  const dir = path.join(app.outdir, "stacks");
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .map((s) => [s, JSON.parse(fs.readFileSync(path.join(dir, s, "cdk.tf.json"), "utf8"))]),
  );
}

/** Two stacks: `source` holds a parameter, `user` writes `value(parameter)` into three parameters and an output. */
function program(value: (source: SsmParameter) => string) {
  const app = freshApp();
  const source = awsStack(app, "source");
  const origin = new SsmParameter(source, "Origin", { name: "/origin", type: "String", value: "x" });
  const user = awsStack(app, "user");
  const shared = value(origin);
  for (const i of [1, 2, 3])
    new SsmParameter(user, `Copy${i}`, { name: `/copy${i}`, type: "String", value: shared });
  new TerraformOutput(user, "Shared", { value: shared });
  // The same value in its own stack: a plain reference there.
  new TerraformOutput(source, "Local", { value: shared });
  return app;
}

describe("resolveOnce", () => {
  const expression = (origin: SsmParameter) =>
    Fn.jsonencode({ arn: origin.arn, list: [origin.name, `${origin.version}-suffix`] });

  test("synthesizes exactly what the value itself does, across stacks (the reference registered once)", () => {
    const direct = synth(program(expression));
    const once = synth(program((origin) => resolveOnce(expression(origin))));
    const strip = (tf: Record<string, any>) =>
      JSON.parse(JSON.stringify(tf, (k, v) => (k === "//" ? undefined : v)));
    expect(strip(once)).toEqual(strip(direct));
    // The value crossed stacks: a remote state in "user", an output in "source".
    const copy = once.user.resource.aws_ssm_parameter;
    expect(Object.keys(copy)).toHaveLength(3);
    for (const p of Object.values(copy) as { value: string }[]) {
      expect(p.value).toMatch(/^\$\{jsonencode\(\{"arn" = data\.terraform_remote_state\./);
    }
    expect(Object.keys(once.source.output ?? {}).some((k) => k.startsWith("cross-stack-output-"))).toBe(true);
    // Per stack: in the stack that holds the parameter, the value names it directly.
    expect(once.source.output.Local.value).toMatch(
      /^\$\{jsonencode\(\{"arn" = aws_ssm_parameter\.Origin\.arn/,
    );
  });

  test("a one-token value stands inside a Terraform function as the value itself does", () => {
    const inner = (origin: SsmParameter) => Fn.base64encode(expression(origin));
    const direct = synth(program(inner));
    const once = synth(program((origin) => Fn.base64encode(resolveOnce(expression(origin)))));
    expect(once.user.output.Shared.value).toBe(direct.user.output.Shared.value);
    expect(once.user.output.Shared.value).toMatch(/^\$\{base64encode\(jsonencode\(\{"arn" = /);
  });

  test("a value with literal text inside a Terraform function fails synth with a hybrid-mesh error", () => {
    const app = program((origin) => Fn.base64encode(resolveOnce(`server: https://${origin.arn}:6443`)));
    expect(() => app.synth()).toThrow(HybridMeshError);
    expect(() => app.synth()).toThrow(
      /resolves once per stack holds literal text.*use it as an attribute value/,
    );
  });

  test("a second synthesis resolves again (a value that changed between them is written as it is now)", () => {
    let text = "first";
    const app = program(() => resolveOnce(Fn.upper(`v-${Lazy.stringValue({ produce: () => text })}`)));
    const first = synth(app).user.output.Shared.value;
    expect(first).toMatch(/^\$\{upper\(.*first.*\)\}$/);
    text = "second";
    expect(synth(app).user.output.Shared.value).toBe(first.replace("first", "second"));
  });

  test("outside a stack it resolves in place", () => {
    const app = new App({ outdir: freshApp().outdir });
    const resolved = Tokenization.resolve(resolveOnce(Fn.upper("x")), {
      scope: app,
      resolver: new DefaultTokenResolver(new StringConcat()),
    });
    expect(resolved).toBe('${upper("x")}');
  });
});
