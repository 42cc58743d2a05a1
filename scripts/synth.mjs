#!/usr/bin/env node
// `npm run synth [-- <example dir>]`: runs `cdktf synth` on the app of a cdktf.json (the repository
// root's by default, which is examples/aws-gcp) without the noise an offline machine gets from
// cdktf's telemetry check (`getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com`), and without a
// Terraform CLI configuration variable that names a missing file. Your own environment wins: set
// CHECKPOINT_DISABLE= (empty) to keep cdktf's telemetry.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const dir = args[0] && !args[0].startsWith("-") ? path.resolve(args.shift()) : process.cwd();
if (!existsSync(path.join(dir, "cdktf.json"))) {
  console.error(
    `synth: no cdktf.json in ${dir}; give an example folder, e.g. npm run synth -- examples/three-sites`,
  );
  process.exit(2);
}
const env = { ...process.env };
if (env.CHECKPOINT_DISABLE === undefined) env.CHECKPOINT_DISABLE = "1";
if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
const cli = path.join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const hasOutput = args.some((a) => a === "--output" || a === "-o" || a.startsWith("--output="));
const result = spawnSync(
  process.execPath,
  [cli, "synth", ...(hasOutput ? [] : ["--output", "cdktf.out"]), ...args],
  {
    cwd: dir,
    env,
    stdio: "inherit",
  },
);
process.exit(result.status ?? 1);
