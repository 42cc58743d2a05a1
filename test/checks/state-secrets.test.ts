import { TerraformModel } from "../../lib/core";
import { renderChecksMarkdown, secretsInState } from "../../lib/checks";

const model = TerraformModel.fromJson({
  infra: {
    resource: {
      random_password: { key: { length: 31 } },
      aws_vpn_connection: { vpn: {} },
      aws_ssm_parameter: {
        writeOnly: { type: "SecureString", value_wo: "${random_password.key.result}", value_wo_version: 1 },
        plain: { type: "SecureString", value: "${random_password.key.result}" },
        config: { type: "String", value: "{}" },
      },
      google_compute_vpn_tunnel: { t: { shared_secret: "${random_password.key.result}" } },
    },
    data: {
      aws_ssm_parameter: {
        read: { name: "/x", with_decryption: true },
        ami: { name: "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id" },
      },
    },
  },
  ca: {
    resource: { tls_private_key: { root: { algorithm: "RSA" } }, random_password: { gone: { count: 0 } } },
    output: {
      ca_key: { value: "${tls_private_key.root.private_key_pem}", sensitive: true },
      root_cert: { value: "x" },
    },
  },
  install: {
    resource: {
      kubernetes_secret_v1: {
        cacerts: { data_wo: { "ca-key.pem": "${x}" }, data_wo_revision: 1 },
        legacy: { data: { token: "${x}" } },
        reader: { type: "kubernetes.io/service-account-token", wait_for_service_account_token: true },
      },
    },
    data: { terraform_remote_state: { "cross-stack-reference-input-ca": { backend: "local" } } },
  },
});

describe("secrets in Terraform state", () => {
  const found = secretsInState(model).map((s) => `${s.stack} ${s.address} ${s.attribute}`);

  test("generated secrets, private keys, pre-shared keys, parameters and Secrets not sent write-only, secrets read by data sources, sensitive outputs and remote state holding them", () => {
    expect(found).toEqual([
      "infra random_password.key result",
      "infra aws_vpn_connection.vpn tunnel1_preshared_key, tunnel2_preshared_key",
      "infra aws_ssm_parameter.plain value",
      "infra google_compute_vpn_tunnel.t shared_secret",
      "infra data.aws_ssm_parameter.read value",
      "ca tls_private_key.root private_key_pem, private_key_openssh, private_key_pem_pkcs8",
      "install kubernetes_secret_v1.legacy data",
      "install kubernetes_secret_v1.reader data",
      "ca output.ca_key value",
      "install data.terraform_remote_state.cross-stack-reference-input-ca outputs",
    ]);
  });

  test("write-only attributes, plain parameters, non-sensitive outputs and absent resources (count 0) hold nothing", () => {
    for (const absent of [
      "aws_ssm_parameter.writeOnly",
      "data.aws_ssm_parameter.ami",
      "aws_ssm_parameter.config",
      "kubernetes_secret_v1.cacerts",
      "output.root_cert",
      "random_password.gone",
    ])
      expect(found.join("\n")).not.toContain(absent);
  });

  test("the checks report lists them in its own section", () => {
    const md = renderChecksMarkdown("t", [], [], secretsInState(model));
    expect(md).toContain("## Secrets in Terraform state");
    expect(md).toContain("| ca | output.ca_key (output.ca_key) | value | an output holding a secret |");
    expect(renderChecksMarkdown("t", [], [], [])).toContain("None.");
    expect(renderChecksMarkdown("t", [], [])).not.toContain("Secrets in Terraform state");
  });
});
