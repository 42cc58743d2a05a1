#!/usr/bin/env node
// Copies the non-TypeScript files the library reads at run time (bootstrap shell scripts) into dist/.
import { copyFileSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let copied = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith(".sh")) {
      const target = path.join(root, "dist", path.relative(path.join(root, "lib"), full));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(full, target);
      copied++;
    }
  }
}
walk(path.join(root, "lib"));
console.log(`copy-assets: ${copied} file(s) copied to dist/`);
