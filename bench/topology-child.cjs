// Child processes of bench/topology.bench.mjs (fresh process each, so the numbers are cold).
//   node topology-child.cjs prepare <sites> <file>  builds a <sites>-site topology and writes its
//                                                  synthesized Terraform and analysis input to <file>
//   node topology-child.cjs analyze <file>          times reading the model and the analysis
const { readFileSync, writeFileSync, mkdtempSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const [, , mode, arg1, arg2] = process.argv;

if (mode === "prepare") {
  const { buildTopology } = require("./topology-sites.cjs");
  const t0 = process.hrtime.bigint();
  const { topology } = buildTopology(Number(arg1), mkdtempSync(path.join(os.tmpdir(), "hm-bench-")));
  const input = topology.analysisInput();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const resources = Object.values(input.model.stacks).reduce(
    (n, s) => n + Object.values(s.resource ?? {}).reduce((m, r) => m + Object.keys(r).length, 0),
    0,
  );
  writeFileSync(
    arg2,
    JSON.stringify({
      stacks: input.model.stacks,
      clusters: input.clusters,
      onPrem: input.onPrem,
      siteOfNetwork: input.siteOfNetwork,
      meshModel: input.meshModel,
    }),
  );
  process.stdout.write(JSON.stringify({ seconds, resources }));
} else if (mode === "analyze") {
  const { TerraformModel } = require(path.join(root, "dist", "core"));
  const { analyze } = require(path.join(root, "dist", "analysis"));
  const input = JSON.parse(readFileSync(arg1, "utf8"));
  const t0 = process.hrtime.bigint();
  const result = analyze({ ...input, model: TerraformModel.fromJson(input.stacks) });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    JSON.stringify({
      seconds,
      paths: result.paths.length,
      errors: result.findings.filter((f) => f.level === "error").length,
    }),
  );
} else {
  console.error("usage: topology-child.cjs prepare <sites> <file> | analyze <file>");
  process.exit(2);
}
