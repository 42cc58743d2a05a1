#!/usr/bin/env node
// Writes the literal user data of every aws_launch_template in cdktf.out folders to WORK:
// <stack>-<id>.cloud-config, and the .sh files each cloud-config writes to <stack>-<id>.scripts/.
// Usage: extract-user-data.mjs WORK CDKTF_OUT_DIR...
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const [work, ...outs] = process.argv.slice(2);
for (const out of outs) {
  const stacks = path.join(out, "stacks");
  if (!existsSync(stacks)) continue;
  for (const stack of readdirSync(stacks)) {
    const file = path.join(stacks, stack, "cdk.tf.json");
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8"));
    for (const [id, lt] of Object.entries(json.resource?.aws_launch_template ?? {})) {
      if (typeof lt.user_data !== "string" || lt.user_data.includes("${")) continue;
      const text = Buffer.from(lt.user_data, "base64").toString("utf8");
      if (!text.startsWith("#cloud-config")) continue;
      const base = path.join(work, `${stack}-${id}`);
      writeFileSync(`${base}.cloud-config`, text);
      const dir = `${base}.scripts`;
      mkdirSync(dir, { recursive: true });
      for (const f of parse(text).write_files ?? []) {
        if (f.path.endsWith(".sh")) writeFileSync(path.join(dir, path.basename(f.path)), f.content);
      }
    }
  }
}
