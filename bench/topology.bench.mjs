// HybridTopology benchmarks.
// 1. The analysis (address plan, reachability of every gateway and API server between every pair
//    of clusters, single failures) of a 100-site topology: one GCP hub, 50 AWS sites, 49
//    on-premises sites with BGP, a primary-remote mesh over the 100 clusters. Measured cold, in a
//    fresh process, on the synthesized Terraform (what synth analyzes). Target: < 1 s.
// 2. Whole-process synth of the default example (examples/aws-gcp): node starting, the package
//    loading, the topology built, synthesized (Terraform, analysis, security checks, reports),
//    the mesh YAML and the SVG diagram written. Target: <= 0.5 s (issue "Scale"). Printed with it:
//    the time of each phase, and the same Terraform written directly with the provider classes.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { sameTerraform } from "./same-terraform.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function child(root, args, options = {}) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 26,
    ...options,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`bench child failed: ${run.stderr}`);
  return { wall, out: run.stdout };
}

export async function run({ report, root }) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "hm-topology-bench-"));
  try {
    // 1. Analysis of 100 sites.
    const input = path.join(tmp, "input.json");
    const prepared = JSON.parse(child(root, ["bench/topology-child.cjs", "prepare", "100", input]).out);
    report(
      `100-site topology: build and synthesize ${prepared.resources} resources (reference)`,
      prepared.seconds.toFixed(2),
      "s",
      "-",
      true,
    );
    const runs = Array.from({ length: 5 }, () =>
      JSON.parse(child(root, ["bench/topology-child.cjs", "analyze", input]).out),
    );
    const seconds = median(runs.map((r) => r.seconds));
    report(
      `analysis of a 100-site topology (${runs[0].paths} paths, ${runs[0].errors} errors), median of 5`,
      seconds.toFixed(3),
      "s",
      "< 1 s",
      seconds < 1 && runs[0].errors === 0,
    );

    // 2. Whole-process synth of the default example, from its TypeScript transpiled once (what
    // `cdktf synth` runs, minus the CLI and the TypeScript loader).
    const require = createRequire(import.meta.url);
    const ts = require("typescript");
    const cache = path.join(root, "bench", ".cache");
    mkdirSync(cache, { recursive: true });
    const source = readFileSync(path.join(root, "examples", "aws-gcp", "main.ts"), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    // The package refers to itself by name ("hybrid-mesh/topology" resolves to dist/ through the
    // package's exports), so the transpiled file lives inside the package.
    const main = path.join(cache, "aws-gcp-main.cjs");
    writeFileSync(main, js);
    const walls = [];
    for (let i = 0; i < 5; i++) {
      const work = mkdtempSync(path.join(tmp, "synth-"));
      // The example writes its YAML next to its main file.
      const yaml = path.join(cache, "dist");
      rmSync(yaml, { recursive: true, force: true });
      walls.push(
        child(root, [main], {
          cwd: work,
          env: { ...process.env, CDKTF_OUTDIR: path.join(work, "cdktf.out") },
        }).wall,
      );
      const produced = [
        "cdktf.out/stacks/hybrid/cdk.tf.json",
        "cdktf.out/hybrid-mesh/hybrid/analysis.md",
        "cdktf.out/hybrid-mesh/hybrid/topology.svg",
      ];
      for (const f of produced)
        if (!existsSync(path.join(work, f))) throw new Error(`synth did not write ${f}`);
      if (!existsSync(path.join(yaml, "gke-cluster", "manifests.yaml")))
        throw new Error("synth did not write the mesh YAML (dist/gke-cluster/manifests.yaml)");
    }
    const synth = median(walls);
    report(
      "whole-process synth of the default example (median of 5)",
      synth.toFixed(3),
      "s",
      "<= 0.5 s",
      synth <= 0.5,
    );

    // Where that time goes: the phases of the same program (bench/example-child.cjs), medians of 5,
    // and the same Terraform written directly with the provider classes (bench/scale-raw.cjs), whole
    // process: what cdktf itself costs for these resources.
    const phases = Array.from({ length: 5 }, () => {
      const work = mkdtempSync(path.join(tmp, "phases-"));
      return JSON.parse(
        child(root, [path.join(root, "bench", "example-child.cjs"), main, path.join(work, "dist")], {
          cwd: work,
          env: { ...process.env, CDKTF_OUTDIR: path.join(work, "cdktf.out") },
        }).out,
      );
    });
    const mark = (key) => median(phases.map((p) => p[key]));
    const steps = [
      ["node started, cdktf loaded", 0, mark("cdktf")],
      ["the example's modules loaded (hybrid-mesh, provider classes, cdk8s)", mark("cdktf"), mark("loaded")],
      ["the topology built", mark("loaded"), mark("built")],
      ["synthesized: Terraform, analysis, security checks, reports", mark("built"), mark("synthesized")],
      ["the mesh YAML written", mark("synthesized"), mark("yaml")],
      ["the SVG diagram rendered (Graphviz in WebAssembly)", mark("yaml"), mark("diagram")],
    ];
    for (const [label, from, to] of steps)
      report(`  default example, phase: ${label}`, (to - from).toFixed(3), "s", "-", true);
    const exampleOut = path.join(
      tmp,
      readdirSync(tmp).find((d) => d.startsWith("synth-")),
      "cdktf.out",
    );
    const rawWalls = Array.from({ length: 5 }, (_, i) => {
      const rawOut = path.join(tmp, `raw-example-${i}`);
      const run = child(root, [path.join(root, "bench", "scale-child.cjs"), "raw", exampleOut, rawOut]);
      if (i === 0 && !sameTerraform(exampleOut, rawOut))
        throw new Error("bench: the raw resources do not synthesize what the default example does");
      return run.wall;
    });
    report(
      "  the same Terraform written directly with cdktf's provider classes, whole process (reference)",
      median(rawWalls).toFixed(3),
      "s",
      "-",
      true,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
