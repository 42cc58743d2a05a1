#!/usr/bin/env bash
# Packaging test: packs hybrid-mesh, installs the tarball into a new TypeScript app outside the
# repository (as a user would), compiles the README's first TypeScript block and a file importing
# every public entry point with strict tsc, runs the compiled program and checks what it synthesized.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
app=$(mktemp -d "${TMPDIR:-/tmp}/hybrid-mesh-app-XXXXXX")
trap 'rm -rf "$app"' EXIT
cd "$repo"
tarball=$(npm pack --silent --pack-destination "$app" | tail -1)
echo "package-test: packed $tarball ($(du -h "$app/$tarball" | cut -f1))"
tar -tzf "$app/$tarball" | grep -Ev '^package/(dist/|README.md|LICENSE|package.json)' && { echo "package-test: unexpected files in the tarball" >&2; exit 1; }
node -e '
  const fs = require("fs");
  const text = fs.readFileSync(process.argv[1], "utf8");
  const m = /```ts\n([\s\S]*?)```/.exec(text);
  if (!m) { console.error("package-test: no ```ts block in README.md"); process.exit(1); }
  fs.writeFileSync(process.argv[2], m[1]);
' README.md "$app/main.ts"
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
node out/entries.js
node out/main.js
ls cdktf.out/stacks/*/cdk.tf.json >/dev/null
if [ -d "$repo/../shared/tools" ]; then node "$repo/../shared/tools/tf-schema-check.mjs" --quiet cdktf.out; fi
echo "package-test: the README program compiles under strict tsc against the packed package and synthesizes"
