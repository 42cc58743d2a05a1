#!/usr/bin/env bash
# Checks the instance bootstrap of synthesized stacks with the tools that will run it:
# - every launch template whose user data is a literal cloud-config passes `cloud-init schema`;
# - the shell scripts in lib/, and those the cloud-configs write, pass shellcheck.
# Usage: scripts/check-bootstrap.sh CDKTF_OUT_DIR...
# Needs cloud-init and shellcheck (Debian/Ubuntu: apt-get install -y cloud-init shellcheck).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in cloud-init shellcheck; do
  command -v "$tool" >/dev/null || { echo "check-bootstrap: $tool is not installed (apt-get install -y cloud-init shellcheck)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shellcheck -x -P SCRIPTDIR lib/aws/bootstrap/*.sh
node scripts/extract-user-data.mjs "$work" "$@"
count=0
for file in "$work"/*.cloud-config; do
  [ -e "$file" ] || continue
  cloud-init schema -c "$file" >/dev/null
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "check-bootstrap: no literal cloud-config user data found in $*" >&2; exit 1; }
for dir in "$work"/*.scripts; do
  (cd "$dir" && shellcheck -x -P SCRIPTDIR ./*.sh)
done
echo "check-bootstrap: $count cloud-config(s) valid (cloud-init schema); their scripts pass shellcheck"
