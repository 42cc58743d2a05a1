// Child process of the site benchmarks: builds N sites of one kind ("aws" or "gcp") either with
// hybrid-mesh constructs ("ours") or with the same provider resources created directly ("raw"),
// synthesizes them, and prints {"ms": <build + synth time>, "bytes": <JSON size>, "types": {<type>: count}}.
// Usage: node bench/sites-child.cjs <aws|gcp> <ours|raw> <N>
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const { App, TerraformStack, Testing } = require("cdktf");

const [kind, variant, count] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const root = path.resolve(__dirname, "..");
const builders = require(path.join(__dirname, `${kind}-sites.cjs`));

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "hybrid-mesh-bench-"));
// Warm-up: one site in a throwaway app, so that module loading and JIT warm-up are not timed.
const warm = new TerraformStack(new App({ outdir, stackTraces: false }), "warm-up");
builders.providers(warm);
builders[variant](warm, 0, root);
Testing.synth(warm);
const start = process.hrtime.bigint();
const app = new App({ outdir, stackTraces: false });
const stack = new TerraformStack(app, "bench");
builders.providers(stack);
for (let i = 0; i < count; i++) builders[variant](stack, i, root);
const text = Testing.synth(stack, true);
const json = JSON.parse(text);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
fs.rmSync(outdir, { recursive: true, force: true });
const types = {};
for (const section of ["resource", "data"]) {
  for (const [type, byId] of Object.entries(json[section] ?? {}))
    types[`${section}.${type}`] = Object.keys(byId).length;
}
process.stdout.write(JSON.stringify({ ms, bytes: text.length, types }));
