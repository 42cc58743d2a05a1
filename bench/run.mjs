#!/usr/bin/env node
// hybrid-mesh benchmark: `npm run bench` (builds first). Prints a table and exits 1 when a target is missed.
//
// 1. Cold start: a fresh Node process that requires the built package root (dist/index.js).
//    Target: <= 0.5 s and <= 150 MB peak RSS (median of 7 runs). Layers other than core load on
//    first use (scripts/lazy-root.mjs); loading all of them is reported for reference.
// Further sections are added by the layers (see bench/*.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist", "index.js");
if (!existsSync(dist)) {
  console.error("bench: dist/index.js is missing; run `npm run build` first (npm run bench does).");
  process.exit(2);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];

/** Runs `code` in a fresh node process `runs` times; returns median wall seconds and median peak RSS (MB). */
export function coldProcess(code, runs = 7) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      ["-e", `${code};process.stdout.write(String(process.resourceUsage().maxRSS))`],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
    walls.push(wall);
    rss.push(Number(child.stdout.trim().split("\n").pop()) / 1024);
  }
  return { seconds: median(walls), mb: median(rss) };
}

export function report(name, value, unit, target, ok) {
  results.push({ name, value, unit, target, ok });
}

const cold = coldProcess(`require(${JSON.stringify(dist)})`);
report("require('hybrid-mesh') wall time", cold.seconds.toFixed(3), "s", "<= 0.5 s", cold.seconds <= 0.5);
report("require('hybrid-mesh') peak RSS", cold.mb.toFixed(1), "MB", "<= 150 MB", cold.mb <= 150);
const all = coldProcess(`const h = require(${JSON.stringify(dist)}); for (const k of Object.keys(h)) h[k];`);
report("require('hybrid-mesh') and load every layer (reference)", all.seconds.toFixed(3), "s", "-", true);
const baseline = coldProcess("0");
report("empty node process (reference)", baseline.seconds.toFixed(3), "s", "-", true);

// Layer benchmarks: every bench/*.bench.mjs exports `run({ report, coldProcess, root })`.
for (const file of readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".bench.mjs"))
  .sort()) {
  const mod = await import(pathToFileURL(path.join(root, "bench", file)).href);
  await mod.run({ report, coldProcess, root });
}

const width = Math.max(...results.map((r) => r.name.length));
console.log(`hybrid-mesh bench (node ${process.version}, ${process.platform}/${process.arch})`);
for (const r of results) {
  console.log(
    `${r.ok ? "ok  " : "MISS"}  ${r.name.padEnd(width)}  ${String(r.value).padStart(9)} ${r.unit.padEnd(3)}  target ${r.target}`,
  );
}
const missed = results.filter((r) => !r.ok);
if (missed.length > 0) {
  console.log(`${missed.length} target(s) missed`);
  process.exit(1);
}
