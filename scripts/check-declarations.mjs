#!/usr/bin/env node
// Type-checks the published declarations (dist/**/*.d.ts) on their own, with skipLibCheck off, as a
// consumer's strict compiler would: internals are stripped from them (stripInternal), so a public
// declaration that still names an internal type fails here. Run after `npm run build`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".d.ts")) files.push(path.relative(dist, p));
  }
})(dist);
const config = path.join(dist, "tsconfig.declarations.json");
writeFileSync(
  config,
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "commonjs",
      moduleResolution: "node",
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ["node"],
      typeRoots: [path.join(root, "node_modules", "@types")],
    },
    files,
  }),
);
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const run = spawnSync(process.execPath, [tsc, "-p", config], { encoding: "utf8", cwd: dist });
// Errors inside other packages' declarations are theirs; ours must be clean.
const ours = run.stdout
  .split("\n")
  .filter((l) => /^[^/].*\.d\.ts\(\d+,\d+\): error/.test(l) && !l.includes("node_modules"));
if (ours.length) {
  console.error(ours.join("\n"));
  console.error(`check-declarations: ${ours.length} error(s) in dist/**/*.d.ts`);
  process.exit(1);
}
console.log(
  `check-declarations: ${files.length} declaration files type-check on their own (internals stripped)`,
);
