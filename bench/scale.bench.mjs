// Scaling: one GCP hub and 10, 50 and 75 AWS sites (HA VPN each, one multi-primary mesh: its remote
// secrets grow as n^2), synthesized by hybrid-mesh and, from that output, the same resources written
// directly with cdktf's provider classes (bench/scale-raw.cjs: each resource built with its class and
// given its configuration through the class's own setters, every reference read from its target as
// hand-written code does; the raw output equals ours, checked here). Each run is a fresh process;
// the constructs and the raw resources at 10 and 50 sites run ROUNDS times, interleaved (medians).
//
// Targets (issue "Scale"): the marginal cost per resource of the constructs <= 1.2x raw at 50 sites;
// peak memory <= 1.3x raw (same resources); hub + 75 <= 12 s and <= 900 MB with the analysis and the
// security checks; the default example <= 0.5 s whole process (topology.bench.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sameTerraform } from "./same-terraform.mjs";

function child(root, args) {
  const run = spawnSync(process.execPath, [path.join(root, "bench", "scale-child.cjs"), ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`scale child ${args[0]} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The run of median time among `runs` (its peak memory the median too). */
function median(runs) {
  const mid = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { ...runs[0], seconds: mid("seconds"), mb: mid("mb") };
}

// The marginal cost is a difference of times, so scheduling noise weighs on it: the constructs and the
// raw resources at 10 and 50 sites run this many times, interleaved, and each takes its median.
const ROUNDS = 5;

export async function run({ report, root }) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "hybrid-mesh-scale-"));
  try {
    const rows = {};
    const synthesized = {};
    for (const n of [10, 50, 75]) {
      const oursDir = path.join(tmp, `ours-${n}`);
      // Peak memory depends on when V8 collects: at 75 sites, the median of three runs.
      rows[n] = {
        ours: median(
          [oursDir, ...(n === 75 ? [1, 2].map((i) => path.join(tmp, `ours-75-${i}`)) : [])].map((dir) =>
            child(root, ["ours", String(n), dir]),
          ),
        ),
      };
      synthesized[n] = oursDir;
    }
    const runs = { constructs: { 10: [], 50: [], 75: [] }, raw: { 10: [], 50: [], 75: [] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of round === 0 ? [10, 50, 75] : [10, 50]) {
        runs.constructs[n].push(
          child(root, ["constructs", String(n), path.join(tmp, `constructs-${n}-${round}`)]),
        );
        const rawDir = path.join(tmp, `raw-${n}-${round}`);
        runs.raw[n].push(child(root, ["raw", synthesized[n], rawDir]));
        if (n === 10 && round === 0 && !sameTerraform(synthesized[n], rawDir))
          throw new Error(
            "bench scale: the raw resources do not synthesize what ours do (bench/scale-raw.cjs)",
          );
        rmSync(path.join(tmp, `constructs-${n}-${round}`), { recursive: true, force: true });
        rmSync(rawDir, { recursive: true, force: true });
      }
    }
    for (const n of [10, 50, 75]) {
      rows[n].constructs = median(runs.constructs[n]);
      rows[n].raw = median(runs.raw[n]);
      const times = (kind) => (runs[kind][n].length > 1 ? `, median of ${runs[kind][n].length}` : "");
      for (const [label, kind] of [
        ["hybrid-mesh (analysis, checks)", "ours"],
        ["hybrid-mesh constructs only", "constructs"],
        ["raw resources", "raw"],
      ]) {
        const r = rows[n][kind];
        report(
          `hub + ${n}: ${label}: ${r.resources} resources, ${(r.tokens / r.resources).toFixed(2)} tokens/resource, ${r.mb.toFixed(0)} MB${kind === "ours" ? (n === 75 ? ", median of 3" : "") : times(kind)}`,
          r.seconds.toFixed(2),
          "s",
          "-",
          true,
        );
      }
    }
    const marginal = (kind, a, b) =>
      (rows[b][kind].seconds - rows[a][kind].seconds) / (rows[b][kind].resources - rows[a][kind].resources);
    for (const [kind, label] of [
      ["constructs", "constructs"],
      ["ours", "with analysis and checks"],
    ]) {
      const ratio = marginal(kind, 10, 50) / marginal("raw", 10, 50);
      report(
        `marginal time per resource, 10 -> 50 sites, ${label} / raw (${(marginal(kind, 10, 50) * 1000).toFixed(3)} vs ${(marginal("raw", 10, 50) * 1000).toFixed(3)} ms)`,
        ratio.toFixed(2),
        "x",
        kind === "constructs" ? "<= 1.2" : "-",
        kind !== "constructs" || ratio <= 1.2,
      );
    }
    const memory = rows[50].constructs.mb / rows[50].raw.mb;
    report(
      "peak memory at 50 sites, constructs / raw (same resources)",
      memory.toFixed(2),
      "x",
      "<= 1.3",
      memory <= 1.3,
    );
    const big = rows[75].ours;
    report(
      "hub + 75 sites with analysis and checks: time (median of 3)",
      big.seconds.toFixed(2),
      "s",
      "<= 12 s",
      big.seconds <= 12,
    );
    report(
      "hub + 75 sites with analysis and checks: peak memory (median of 3)",
      big.mb.toFixed(0),
      "MB",
      "<= 900 MB",
      big.mb <= 900,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
