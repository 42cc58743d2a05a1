import { Bytes } from "@cdktf/provider-random/lib/bytes";
import { Password } from "@cdktf/provider-random/lib/password";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Testing, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { requireSecret, Secret, SecretCharset, SecretRequirements } from "../../lib/core";
import { resources, testStack } from "../util";

const PSK: SecretRequirements = {
  description: "VPN pre-shared key",
  length: 32,
  charset: SecretCharset.ALPHANUMERIC,
  startWithLetter: true,
  pattern: "^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$",
};

function setup() {
  const stack = testStack("secrets");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p" });
  new RandomProvider(stack, "random");
  return { stack, scope: new Construct(stack, "vpn") };
}

function use(scope: Construct, secret: Secret, req: SecretRequirements, id = "Key") {
  const bound = secret.bind(scope, id, req);
  new SsmParameter(scope, `${id}Param`, {
    name: `/x/${id}`,
    type: "SecureString",
    value: bound.value,
    lifecycle: bound.precondition ? { precondition: [bound.precondition] } : undefined,
  });
  return bound;
}

describe("Secret.generate", () => {
  test("a pre-shared key: a random letter followed by 31 letters or digits, no special characters", () => {
    const { stack, scope } = setup();
    const bound = use(scope, Secret.generate(), PSK);
    expect(bound.generated).toBe(true);
    expect(bound.precondition).toBeUndefined();
    const out = Testing.synth(stack, true);
    expect(out).toHaveResourceWithProperties(Password, { length: 31, special: false });
    const passwords = resources(out, "random_password");
    expect(passwords).toEqual([
      { length: 1, lower: true, numeric: false, special: false, upper: true },
      { length: 31, lower: true, numeric: true, special: false, upper: true },
    ]);
    expect(resources(out, "aws_ssm_parameter")[0].value).toMatch(
      /^\$\{random_password\.vpn_Key_First_[0-9A-F]+\.result\}\$\{random_password\.vpn_Key_Rest_[0-9A-F]+\.result\}$/,
    );
  });

  test("a kubeadm token: two lower-case groups of 6 and 16 joined by a dot", () => {
    const { stack, scope } = setup();
    use(scope, Secret.generate(), {
      description: "kubeadm token",
      length: 23,
      charset: SecretCharset.LOWER_ALPHANUMERIC,
      groups: [6, 16],
    });
    const out = Testing.synth(stack, true);
    expect(resources(out, "random_password").map((p) => [p.length, p.upper])).toEqual([
      [6, false],
      [16, false],
    ]);
    expect(resources(out, "aws_ssm_parameter")[0].value).toMatch(
      /^\$\{random_password\.[^}]+\.result\}\.\$\{random_password\.[^}]+\.result\}$/,
    );
  });

  test("a hex key: random_bytes of half the length", () => {
    const { stack, scope } = setup();
    use(scope, Secret.generate(), { description: "certificate key", length: 64, charset: SecretCharset.HEX });
    const out = Testing.synth(stack, true);
    expect(out).toHaveResourceWithProperties(Bytes, { length: 32 });
    expect(out).not.toHaveResource(Password);
    expect(resources(out, "random_bytes")).toEqual([{ length: 32 }]);
    expect(resources(out, "aws_ssm_parameter")[0].value).toMatch(/^\$\{random_bytes\.[^}]+\.hex\}$/);
  });
});

describe("secrets kept elsewhere", () => {
  test("a sensitive variable is used by reference and checked by a plan-time precondition", () => {
    const { stack, scope } = setup();
    const variable = new TerraformVariable(stack, "psk", { type: "string", sensitive: true });
    const bound = use(scope, Secret.fromVariable(variable), PSK);
    expect(bound.generated).toBe(false);
    const param = resources(Testing.synth(stack, true), "aws_ssm_parameter")[0];
    expect(param.value).toBe("${var.psk}");
    expect(param.lifecycle.precondition).toEqual([
      {
        condition: '${can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.psk))}',
        error_message:
          "hybrid-mesh: the VPN pre-shared key does not match ^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$.",
      },
    ]);
  });

  test("a variable that is not sensitive is refused", () => {
    const { stack, scope } = setup();
    const variable = new TerraformVariable(stack, "psk", { type: "string" });
    expect(() => Secret.fromVariable(variable).bind(scope, "Key", PSK)).toThrow(
      'hybrid-mesh: secrets/vpn (Construct): secret = "var.psk": a variable holding the VPN pre-shared key must be declared sensitive, or plans and outputs show it; declare it with `sensitive: true`.',
    );
  });

  test.each([
    [Secret.fromAwsSsmParameter("/vpn/psk"), "data.aws_ssm_parameter", "value"],
    [Secret.fromAwsSecretsManager("vpn-psk"), "data.aws_secretsmanager_secret_version", "secret_string"],
    [Secret.fromGoogleSecretManager("vpn-psk"), "data.google_secret_manager_secret_version", "secret_data"],
  ])("a secret store reference is read with a data source (%#)", (secret, type, attribute) => {
    const { stack, scope } = setup();
    use(scope, secret, PSK);
    const out = JSON.parse(Testing.synth(stack, true));
    const [, dataType] = type.split(".");
    expect(Object.keys(out.data[dataType])).toHaveLength(1);
    const value: string = Object.values<any>(out.resource.aws_ssm_parameter)[0].value;
    expect(value).toMatch(new RegExp(`^\\$\\{data\\.${dataType}\\.[^.]+\\.${attribute}\\}$`));
  });
});

describe("requireSecret", () => {
  test("a plain string is refused without showing it", () => {
    const { scope } = setup();
    let message = "";
    try {
      requireSecret(scope, "presharedKey", "hunter2hunter2");
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain(
      'presharedKey = "******** (a plain string, hidden)": a secret must never be a plain string',
    );
    expect(message).not.toContain("hunter2");
    expect(message).toContain(
      "leave it unset to have Terraform generate it, or use Secret.fromVariable(sensitiveVariable)",
    );
  });

  test("unset means generated; a Secret passes", () => {
    const { scope } = setup();
    expect(Secret.isSecret(requireSecret(scope, "k", undefined))).toBe(true);
    const s = Secret.fromAwsSsmParameter("/x");
    expect(requireSecret(scope, "k", s)).toBe(s);
  });
});
