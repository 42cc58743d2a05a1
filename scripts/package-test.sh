#!/usr/bin/env bash
# Packaging test: packs hybrid-mesh, installs the tarball into a new TypeScript app outside the
# repository (as a user would), compiles the README's first TypeScript block, type-checks the other
# blocks, and a file importing every public entry point with strict tsc, runs the compiled program and checks what it synthesized.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
app=$(mktemp -d "${TMPDIR:-/tmp}/hybrid-mesh-app-XXXXXX")
trap 'rm -rf "$app"' EXIT
mkdir "$app/fragments"
cd "$repo"
tarball=$(npm pack --silent --pack-destination "$app" | tail -1)
echo "package-test: packed $tarball ($(du -h "$app/$tarball" | cut -f1))"
tar -tzf "$app/$tarball" | grep -Ev '^package/(dist/|README.md|LICENSE|package.json)' && { echo "package-test: unexpected files in the tarball" >&2; exit 1; }
# The first ```ts block is a complete program (compiled and run). The others are fragments: each is
# type-checked with a prelude declaring what the fragments use (an app, a topology, a build
# function, jest's test and expect).
node -e '
  const fs = require("fs");
  const path = require("path");
  const text = fs.readFileSync(process.argv[1], "utf8");
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) { console.error("package-test: no ```ts block in README.md"); process.exit(1); }
  const dir = process.argv[2];
  fs.writeFileSync(path.join(dir, "main.ts"), blocks[0]);
  const prelude = [
    "import type { App as PreludeApp } from \"cdktf\";",
    "import type { HybridTopology as PreludeTopology } from \"hybrid-mesh/topology\";",
    "declare const app: PreludeApp;",
    "declare const topology: PreludeTopology;",
    "declare function test(name: string, fn: () => void): void;",
    "declare function expect(value: unknown): { toBe(v: unknown): void; toEqual(v: unknown): void; toHaveProperty(p: string): void; toMatchSnapshot(): void };",
    "void app; void topology;",
    "",
  ].join("\n");
  const files = [];
  blocks.slice(1).forEach((b, i) => {
    const file = `fragment-${i + 1}.ts`;
    fs.writeFileSync(path.join(dir, "fragments", file), prelude + b);
    files.push(`fragments/${file}`);
  });
  fs.writeFileSync(path.join(dir, "fragments", "topology.ts"),
    "import type { Construct } from \"constructs\";\nimport type { HybridTopology } from \"hybrid-mesh/topology\";\nexport declare function build(app: Construct): HybridTopology;\n");
  fs.writeFileSync(path.join(dir, "fragments.json"), JSON.stringify(files));
' README.md "$app"
entries=$(node -e 'console.log(Object.keys(require("./package.json").exports).filter(k => !k.endsWith(".json")).map(k => "hybrid-mesh" + k.slice(1)).join(" "))')
{
  i=0
  for entry in $entries; do
    echo "import * as entry$i from \"$entry\";"
    echo "if (Object.keys(entry$i).length === 0) throw new Error(\"$entry exports nothing\");"
    i=$((i + 1))
  done
} > "$app/entries.ts"
cd "$app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "./$tarball" typescript@~5.9 @types/node@20 >/dev/null
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "node16",
    "moduleResolution": "node16",
    "strict": true,
    "noImplicitAny": true,
    "esModuleInterop": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "out"
  },
  "files": ["main.ts", "entries.ts"]
}
JSON
npx tsc -p .
# README fragments: type-checked only (strict, no emit).
node -e '
  const fs = require("fs");
  const base = JSON.parse(fs.readFileSync("tsconfig.json", "utf8"));
  base.compilerOptions.noEmit = true;
  base.files = JSON.parse(fs.readFileSync("fragments.json", "utf8"));
  fs.writeFileSync("tsconfig.fragments.json", JSON.stringify(base, null, 2));
'
npx tsc -p tsconfig.fragments.json
echo "package-test: $(node -p 'JSON.parse(require("fs").readFileSync("fragments.json", "utf8")).length') README fragment(s) type-check"
node out/entries.js
node out/main.js
ls cdktf.out/stacks/*/cdk.tf.json >/dev/null
if [ -d "$repo/../shared/tools" ]; then node "$repo/../shared/tools/tf-schema-check.mjs" --quiet cdktf.out; fi
echo "package-test: the README program compiles under strict tsc against the packed package and synthesizes"
