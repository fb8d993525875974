#!/usr/bin/env bash
# Build the single executable: migrations (Bun macro) and assets (file imports) are embedded.
# Usage: bash deploy/build.sh [outfile]   (default dist/wanmi)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist/wanmi}"
mkdir -p "$(dirname "$out")"
node_modules/.bin/bun build --compile --minify --sourcemap \
  --no-compile-autoload-dotenv --no-compile-autoload-bunfig \
  server/main.ts server/worker.ts --outfile "$out"
ls -l "$out"
