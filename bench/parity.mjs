#!/usr/bin/env node
// CI's quick check of the site benchmarks (needs `npm run build`): the raw provider-resource
// builders in bench/*-sites.cjs still create the same resources as the constructs they are
// compared with. No timing; a second or two.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkParity } from "./sites.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
for (const kind of ["aws", "gcp"]) {
  const { one } = checkParity(root, kind);
  const resources = Object.values(one.ours).reduce((a, b) => a + b, 0);
  console.log(`bench parity: ${kind} site, ${resources} resources, the same both ways`);
}
