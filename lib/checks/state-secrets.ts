// What Terraform state holds that is secret: every stack's state keeps the attributes, data source
// results and outputs below in plain text, whoever reads the state backend reads them. Listed in
// the checks report so that teams know what their backend protects.
import { TerraformModel, TfElement } from "../core";
import { markdownTable } from "../core/markdown";
import { bool, many } from "../core/terraform/values";

/** A secret Terraform state holds. */
export interface StateSecret {
  /** Stack (Terraform working directory, one state). */
  readonly stack: string;
  /** Terraform address, e.g. "random_password.x" or "output.ca_key". */
  readonly address: string;
  /** Construct path (or the address when unknown). */
  readonly path: string;
  /** The attribute or output holding it. */
  readonly attribute: string;
  /** What it is. */
  readonly what: string;
}

/** The secret attributes a resource or data source keeps in state, and what they are. */
function secretsOf(e: TfElement): [attribute: string, what: string][] {
  const c = e.config;
  switch (e.type) {
    case "random_password":
      return [["result", "a generated secret (random_password)"]];
    case "random_bytes":
      return [["base64, hex", "a generated key (random_bytes)"]];
    case "tls_private_key":
      return [
        ["private_key_pem, private_key_openssh, private_key_pem_pkcs8", "a private key (tls_private_key)"],
      ];
    case "aws_vpn_connection":
      return [
        [
          "tunnel1_preshared_key, tunnel2_preshared_key",
          "the tunnels' pre-shared keys (the AWS provider keeps them; no write-only attribute exists)",
        ],
      ];
    case "google_compute_vpn_tunnel":
      return [["shared_secret", "the tunnel's pre-shared key (no write-only attribute exists)"]];
    case "aws_ssm_parameter":
      return c.type === "SecureString" && c.value !== undefined && c.value_wo === undefined
        ? [
            [
              "value",
              "a SecureString parameter's value (value_wo keeps it out: see hybrid-mesh:writeOnlySecrets)",
            ],
          ]
        : [];
    case "kubernetes_secret_v1":
    case "kubernetes_secret":
      if (c.type === "kubernetes.io/service-account-token" || bool(c.wait_for_service_account_token, false))
        return [["data", "a service account token, read back from the cluster (no write-only alternative)"]];
      return c.data !== undefined || c.binary_data !== undefined
        ? [["data", "a Secret's data (data_wo keeps it out: see hybrid-mesh:writeOnlySecrets)"]]
        : [];
    case "helm_release":
      return many(c.set_sensitive).length
        ? [["set_sensitive", "sensitive Helm values (set_wo keeps them out)"]]
        : [];
    case "data.aws_ssm_parameter":
      // Public parameters (AMI ids under /aws/service/) are not secrets; a SecureString read with
      // decryption is.
      return bool(c.with_decryption, false) && !String(c.name ?? "").startsWith("/aws/service/")
        ? [["value", "a parameter read (decrypted) at plan time"]]
        : [];
    case "data.aws_secretsmanager_secret_version":
      return [["secret_string, secret_binary", "a secret read at plan time"]];
    case "data.google_secret_manager_secret_version":
      return [["secret_data", "a secret read at plan time"]];
    default:
      return [];
  }
}

/**
 * Every secret the state of each stack keeps: generated secrets and keys, pre-shared keys, Secrets
 * and parameters not sent write-only, secrets read by data sources, outputs holding a secret, and
 * other stacks' outputs holding one, read through `terraform_remote_state`.
 *
 * @internal
 */
export function secretsInState(model: TerraformModel): StateSecret[] {
  const elements: StateSecret[] = [];
  for (const e of model.elements) {
    if (e.presence === "absent") continue;
    for (const [attribute, what] of secretsOf(e))
      elements.push({ stack: e.stack, address: `${e.type}.${e.name}`, path: e.path, attribute, what });
  }
  // Outputs carrying one of those secrets (cdktf marks every cross-stack output sensitive: only the
  // ones whose value is a secret count).
  const outputs: StateSecret[] = [];
  for (const [stack, json] of Object.entries(model.stacks)) {
    const holders = elements.filter((h) => h.stack === stack);
    for (const [name, o] of Object.entries<Record<string, unknown>>(json.output ?? {})) {
      const value = String(o?.value ?? "");
      if (holders.some((h) => h.attribute.split(", ").some((a) => value.includes(`\${${h.address}.${a}`))))
        outputs.push({
          stack,
          address: `output.${name}`,
          path: `output.${name}`,
          attribute: "value",
          what: "an output holding a secret",
        });
    }
  }
  // Other stacks' such outputs, read by cross-stack references (data sources are kept in state).
  const remote: StateSecret[] = [];
  for (const [stack, json] of Object.entries(model.stacks)) {
    for (const [name, d] of Object.entries<Record<string, unknown>>(
      json.data?.terraform_remote_state ?? {},
    )) {
      const producer = model.producer(name.replace(/^cross-stack-reference-input-/, ""));
      const held = outputs.filter((o) => o.stack === producer).map((o) => o.address.slice("output.".length));
      if (held.length)
        remote.push({
          stack,
          address: `data.terraform_remote_state.${name}`,
          path: String((d?.["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? name),
          attribute: "outputs",
          what: `${producer}'s outputs holding secrets (${held.join(", ")}), read for cross-stack references`,
        });
    }
  }
  return [...elements, ...outputs, ...remote];
}

/**
 * The "secrets in Terraform state" section of the checks report.
 *
 * @internal
 */
export function renderStateSecretsMarkdown(secrets: readonly StateSecret[]): string {
  const lines = [
    "## Secrets in Terraform state",
    "",
    "Whoever can read a stack's state reads these in plain text: keep state in an encrypted backend",
    "(S3 with `encrypt`, GCS, HCP Terraform) that few can read. Write-only attributes (Terraform 1.11)",
    "keep the SSM parameters' and Kubernetes Secrets' values out of state where the providers allow it.",
    "",
  ];
  if (!secrets.length) return `${[...lines, "None."].join("\n")}\n`;
  lines.push(
    markdownTable(
      ["Stack", "Resource", "Attribute", "What"],
      secrets.map((s) => [s.stack, `${s.address} (${s.path})`, s.attribute, s.what]),
    ),
  );
  return `${lines.join("\n")}\n`;
}
