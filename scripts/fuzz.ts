// `npm run fuzz [-- --cases N --seed S]`: props fuzzing at depth. Every case builds one public
// construct (or a whole HybridTopology) with mutated props, synthesizes it, and counts the outcome:
// a hybrid-mesh error, or output that must pass the catalogue's cloud rules and tf-schema-check
// (../shared/tools). Any other error is a crash. Exits 1 on a crash, a violation or a schema problem.
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import * as fc from "fast-check";
import { cases, ISTIO_CHECK, istioProblems, runCase, schemaProblems, SCHEMA_CHECK } from "../test/fuzz/run";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const total = arg("cases", 5000);
const seed = arg("seed", 20261130);
const root = mkdtempSync(path.join(os.tmpdir(), "hybrid-mesh-fuzz-"));
const rows: Record<
  string,
  { cases: number; rejected: number; accepted: number; crash: number; violations: number }
> = {};
const crashes = new Map<string, string>();
const violations: string[] = [];
const accepted: string[] = [];
const started = Date.now();
let n = 0;
for (const c of fc.sample(cases, { numRuns: total, seed })) {
  const result = runCase(c.target, c.mutations, path.join(root, `case-${n++}`));
  const row = (rows[result.target] ??= { cases: 0, rejected: 0, accepted: 0, crash: 0, violations: 0 });
  row.cases++;
  row[result.outcome]++;
  row.violations += result.violations.length;
  violations.push(...result.violations);
  if (result.outcome === "crash") {
    const key = `${result.target}: ${result.message!.split("\n")[0].slice(0, 160)}`;
    if (!crashes.has(key)) crashes.set(key, result.message!);
  }
  if (result.outdir) accepted.push(result.outdir);
  if (n % 500 === 0) process.stderr.write(`fuzz: ${n}/${total} cases\n`);
}
const seconds = (Date.now() - started) / 1000;
const schema = schemaProblems(accepted);
const istio = istioProblems(accepted);
rmSync(root, { recursive: true, force: true });

const sum = (k: "cases" | "rejected" | "accepted" | "crash" | "violations") =>
  Object.values(rows).reduce((a, r) => a + r[k], 0);
console.log(`props fuzzing: ${total} cases, seed ${seed}, ${seconds.toFixed(0)} s\n`);
console.log("| target | cases | hybrid-mesh errors | accepted | crashes | catalogue violations |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [name, r] of Object.entries(rows).sort())
  console.log(`| ${name} | ${r.cases} | ${r.rejected} | ${r.accepted} | ${r.crash} | ${r.violations} |`);
console.log(
  `| total | ${sum("cases")} | ${sum("rejected")} | ${sum("accepted")} | ${sum("crash")} | ${sum("violations")} |\n`,
);
console.log(
  schema === undefined
    ? `tf-schema-check: not run (${SCHEMA_CHECK} not found)`
    : `tf-schema-check on the ${accepted.length} accepted outputs: ${schema.length} problem(s)`,
);
console.log(
  istio === undefined
    ? `istio-check: not run (${ISTIO_CHECK} not found)`
    : `istio-check on the accepted meshes' YAML at their Istio releases: ${istio.problems.length} problem(s)` +
        (istio.unjudged ? ` (${istio.unjudged} at a release istio-check has no schemas for)` : ""),
);
for (const [key, message] of crashes) console.log(`\ncrash ${key}\n${message}`);
for (const v of [...new Set(violations)].slice(0, 20)) console.log(`violation ${v}`);
for (const p of (schema ?? []).slice(0, 20)) console.log(`schema ${p}`);
for (const p of (istio?.problems ?? []).slice(0, 20)) console.log(`istio ${p}`);
process.exitCode =
  crashes.size > 0 || violations.length > 0 || (schema?.length ?? 0) > 0 || (istio?.problems.length ?? 0) > 0
    ? 1
    : 0;
