#!/usr/bin/env bash
# Runs bun test, keeps its report, then prints the plain closing line CI reads.
set -o pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
node_modules/.bin/bun test --isolate --timeout 60000 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
count() { grep -E "^ *[0-9]+ $1\$" "$log" | tail -1 | tr -dc '0-9'; }
p=$(count pass); f=$(count fail); s=$(count skip); t=$(count todo)
echo "${p:-0} passed, ${f:-0} failed, $(( ${s:-0} + ${t:-0} )) skipped"
rm -f "$log"; exit $rc
