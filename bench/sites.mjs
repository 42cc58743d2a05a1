// Shared driver of the site benchmarks (aws.bench.mjs, gcp.bench.mjs): builds N sites with
// hybrid-mesh and with raw provider resources in fresh processes, checks that both produce the
// same resources, and reports both times and their ratio.
import { spawnSync } from "node:child_process";
import path from "node:path";

const SIZES = [1, 10, 50];
const RUNS = 5;

function child(root, kind, variant, n) {
  const run = spawnSync(
    process.execPath,
    [path.join(root, "bench", "sites-child.cjs"), kind, variant, String(n)],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  if (run.status !== 0) throw new Error(`bench ${kind}/${variant}/${n} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Builds one `kind` site both ways and throws unless both have the same resources (the comparison
 * is meaningless otherwise). CI runs this through bench/parity.mjs so that a construct change
 * that the raw builder does not follow fails there, not at the next `npm run bench`.
 */
export function checkParity(root, kind) {
  const first = { ours: child(root, kind, "ours", 1), raw: child(root, kind, "raw", 1) };
  const one = { ours: first.ours.types, raw: first.raw.types };
  const differences = Object.keys({ ...one.ours, ...one.raw }).filter((t) => one.ours[t] !== one.raw[t]);
  if (differences.length > 0) {
    throw new Error(
      `bench ${kind}: the raw build differs from ours in ${differences.map((t) => `${t} (${one.ours[t]} vs ${one.raw[t]})`).join(", ")}; update bench/${kind}-sites.cjs`,
    );
  }
  return { first, one };
}

/** Measures `kind` sites; target: ours/raw <= `maxRatio` at the largest N, and linear growth. */
export function benchSites({ report, root }, kind, label, maxRatio = 1.3) {
  const { first, one } = checkParity(root, kind);
  const resources = Object.values(one.ours).reduce((a, b) => a + b, 0);
  // The comparison is fair only if both write about the same JSON (same attributes, tags, names).
  const sizeRatio = first.ours.bytes / first.raw.bytes;
  report(
    `${label}: JSON size hybrid-mesh / raw (same resources: ${resources})`,
    sizeRatio.toFixed(3),
    "x",
    "0.95-1.05",
    sizeRatio >= 0.95 && sizeRatio <= 1.05,
  );
  const times = {};
  for (const n of SIZES) {
    for (const variant of ["ours", "raw"]) {
      times[`${variant}${n}`] = median(Array.from({ length: RUNS }, () => child(root, kind, variant, n).ms));
    }
    report(`${label} x${n}: hybrid-mesh build+synth`, times[`ours${n}`].toFixed(0), "ms", "-", true);
    report(`${label} x${n}: raw resources build+synth`, times[`raw${n}`].toFixed(0), "ms", "-", true);
  }
  const big = SIZES[SIZES.length - 1];
  const ratio = times[`ours${big}`] / times[`raw${big}`];
  report(
    `${label} x${big}: ratio hybrid-mesh / raw (${resources} resources per site)`,
    ratio.toFixed(2),
    "x",
    `<= ${maxRatio}`,
    ratio <= maxRatio,
  );
  const perSite10 = times.ours10 / 10;
  const perSite50 = times.ours50 / 50;
  const growth = perSite50 / perSite10;
  report(
    `${label}: time per site at x50 / at x10 (1.0 = linear)`,
    growth.toFixed(2),
    "x",
    "<= 1.5",
    growth <= 1.5,
  );
}
