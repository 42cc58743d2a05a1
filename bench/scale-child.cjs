// Child process of bench/scale.bench.mjs (a fresh process each, so that peak memory is its own):
//   node scale-child.cjs ours <sites> <outdir>        the hub + <sites> topology, synthesized
//   node scale-child.cjs constructs <sites> <outdir>  the same without the analysis and the checks
//   node scale-child.cjs raw <synthesized> <outdir>   the same resources written directly (scale-raw.cjs)
// Prints {"seconds", "mb" (peak RSS), "resources", "tokens"} (tokens: cdktf tokens registered).
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
require("cdktf");
// Read only, to count the tokens the program created (cdktf's token registry).
const { TokenMap } = require("cdktf/lib/tokens/private/token-map");

const [, , mode, arg, outdir] = process.argv;
const t0 = process.hrtime.bigint();
let app;
if (mode === "raw") {
  const { App } = require("cdktf");
  const { buildRaw } = require("./scale-raw.cjs");
  app = new App({ outdir, stackTraces: false });
  buildRaw(app, arg);
} else {
  const { buildHubAndSpokes } = require("./scale-sites.cjs");
  app = buildHubAndSpokes(Number(arg), outdir, mode === "constructs").app;
}
app.synth();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
let resources = 0;
for (const stack of readdirSync(path.join(outdir, "stacks"))) {
  const json = JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  for (const byId of Object.values(json.resource ?? {})) resources += Object.keys(byId).length;
}
process.stdout.write(
  JSON.stringify({
    seconds,
    mb: process.resourceUsage().maxRSS / 1024,
    resources,
    tokens: TokenMap.instance().tokenCounter,
  }),
);
