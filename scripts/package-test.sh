#!/usr/bin/env bash
# Packaging test: packs hybrid-mesh and installs the tarball into new TypeScript apps outside the
# repository, as users do, then synthesizes the README's first program in each with `cdktf synth`:
#   1. an app made from cdktf's own TypeScript template (what `cdktf init --template typescript`
#      writes: its tsconfig.json with "module": "CommonJS" and node10 resolution, its cdktf.json
#      with "app": "npx ts-node main.ts");
#   2. a strict app with node16 resolution (compiled with tsc, run with node), which also
#      type-checks every other README ```ts fragment and a file importing every entry point, and
#      type-checks the same files again with "moduleResolution": "bundler".
# The synthesized Terraform of each is checked with ../shared/tools/tf-schema-check.mjs when present.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hybrid-mesh-app-XXXXXX")
trap 'rm -rf "$work"' EXIT
init="$work/cdktf-init"   # app 1; its node_modules also serve app 2 (a sub-folder)
modern="$init/node16"
template="$repo/node_modules/cdktf-cli/bundle/templates/typescript"
mkdir -p "$init" "$modern/fragments"
cd "$repo"
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
echo "package-test: packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
tar -tzf "$work/$tarball" | grep -Ev '^package/(dist/|README.md|LICENSE|package.json)' && { echo "package-test: unexpected files in the tarball" >&2; exit 1; }

# --- app 1: cdktf's TypeScript template, placeholders filled as `cdktf init` fills them.
cp "$template/tsconfig.json" "$init/tsconfig.json"
sed -e 's/{{ $base }}/hybrid-mesh-app/' "$template/package.json" > "$init/package.json"
sed -e 's/{{projectId}}/00000000-0000-4000-8000-000000000000/' -e 's/{{sendCrashReports}}/false/' \
  -e '/{{futureFlags}}/d' "$template/cdktf.json" > "$init/cdktf.json"
grep -q '"app": "npx ts-node main.ts"' "$init/cdktf.json" || { echo "package-test: cdktf's template changed" >&2; exit 1; }

# The first ```ts block of the README is a complete program; the others are fragments, each
# type-checked with a prelude declaring what they use (an app, a topology, a build function, jest).
node -e '
  const fs = require("fs");
  const path = require("path");
  const text = fs.readFileSync(process.argv[1], "utf8");
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) { console.error("package-test: no ```ts block in README.md"); process.exit(1); }
  const [init, modern] = process.argv.slice(2);
  fs.writeFileSync(path.join(init, "main.ts"), blocks[0]);
  fs.writeFileSync(path.join(modern, "main.ts"), blocks[0]);
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
    const file = `fragments/fragment-${i + 1}.ts`;
    fs.writeFileSync(path.join(modern, file), prelude + b);
    files.push(file);
  });
  fs.writeFileSync(path.join(modern, "fragments", "topology.ts"),
    "import type { Construct } from \"constructs\";\nimport type { HybridTopology } from \"hybrid-mesh/topology\";\nexport declare function build(app: Construct): HybridTopology;\n");
  fs.writeFileSync(path.join(modern, "fragments.json"), JSON.stringify(files));
' README.md "$init" "$modern"
entries=$(node -e 'console.log(Object.keys(require("./package.json").exports).filter(k => !k.endsWith(".json")).map(k => "hybrid-mesh" + k.slice(1)).join(" "))')
{
  i=0
  for entry in $entries; do
    echo "import * as entry$i from \"$entry\";"
    echo "if (Object.keys(entry$i).length === 0) throw new Error(\"$entry exports nothing\");"
    i=$((i + 1))
  done
} > "$modern/entries.ts"

cd "$init"
# What the template's post-install hook installs (cdktf, constructs; typescript, ts-node, types),
# with TypeScript pinned to the 5.x the project supports.
npm install --no-audit --no-fund --loglevel=error "../$tarball" cdktf@0.21.0 constructs@10 >/dev/null
npm install --no-audit --no-fund --loglevel=error -D typescript@~5.9 ts-node @types/node@20 >/dev/null

synth() { # synth <dir> <label>: cdktf synth as the README runs it, then the schema check
  node "$repo/scripts/synth.mjs" "$1" > "$1/synth.log" 2>&1 || { cat "$1/synth.log" >&2; echo "package-test: cdktf synth failed in the $2 app" >&2; exit 1; }
  ls "$1"/cdktf.out/stacks/*/cdk.tf.json >/dev/null
  if [ -d "$repo/../shared/tools" ]; then node "$repo/../shared/tools/tf-schema-check.mjs" --quiet "$1/cdktf.out"; fi
  echo "package-test: the README program synthesizes with cdktf synth in the $2 app"
}
synth "$init" "cdktf init (CommonJS, node10 resolution, ts-node)"

# --- app 2: strict, node16 resolution, compiled with tsc; then bundler resolution (type-check only).
cd "$modern"
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
cat > cdktf.json <<'JSON'
{ "language": "typescript", "app": "node out/main.js", "output": "cdktf.out", "sendCrashReports": "false", "terraformProviders": [], "terraformModules": [], "context": {} }
JSON
npx tsc -p .
node -e '
  const fs = require("fs");
  const base = JSON.parse(fs.readFileSync("tsconfig.json", "utf8"));
  const fragments = JSON.parse(fs.readFileSync("fragments.json", "utf8"));
  const write = (file, options, files) => fs.writeFileSync(file, JSON.stringify({
    compilerOptions: { ...base.compilerOptions, ...options, noEmit: true }, files }, null, 2));
  write("tsconfig.fragments.json", {}, fragments);
  write("tsconfig.bundler.json", { module: "esnext", moduleResolution: "bundler" }, ["main.ts", "entries.ts", ...fragments]);
'
npx tsc -p tsconfig.fragments.json
echo "package-test: $(node -p 'JSON.parse(require("fs").readFileSync("fragments.json", "utf8")).length') README fragment(s) type-check (node16)"
npx tsc -p tsconfig.bundler.json
echo "package-test: the README program, its fragments and every entry point type-check with bundler resolution"
node out/entries.js
synth "$modern" "node16"
echo "package-test: passed"
