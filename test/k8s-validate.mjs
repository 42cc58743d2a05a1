#!/usr/bin/env node
// Validates Kubernetes objects (a JSON array on stdin) against real schemas: kubernetes-models
// for core kinds, @kubernetes-models/istio for Istio kinds. Both packages are ESM-only, hence
// this script (test/util.ts runs it in a child process). Prints a JSON array of problems.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
const problems = [];
for (const [i, object] of objects.entries()) {
  const { apiVersion, kind } = object ?? {};
  const where = `#${i} ${apiVersion}/${kind} ${object?.metadata?.name ?? "(no name)"}`;
  if (!apiVersion || !kind) {
    problems.push(`${where}: apiVersion and kind are required`);
    continue;
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group.endsWith("istio.io")
    ? `@kubernetes-models/istio/${group}/${version}/${kind}`
    : group === ""
      ? `kubernetes-models/${version}/${kind}`
      : `kubernetes-models/${group}/${version}/${kind}`;
  let Model;
  try {
    Model = (await import(module))[kind];
  } catch (e) {
    problems.push(`${where}: no schema (${module}): ${e.message.split("\n")[0]}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
