#!/usr/bin/env bash
# Offline install bundle for county servers without internet:
#   dist/wanmi-<version>-linux-<arch>.tar.gz (+ .sha256) containing the single binary, the
#   systemd unit, the env example, install/upgrade scripts and README-zh.md.
# Usage: bash deploy/bundle.sh            (builds the binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node_modules/.bin/bun -e 'console.log(require("./package.json").version)')
arch=$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
name="wanmi-${version}-linux-${arch}"
out="dist/${name}"
rm -rf "$out" && mkdir -p "$out"
bash deploy/build.sh "$out/wanmi"
cp deploy/wanmi.service deploy/wanmi.env.example deploy/README-zh.md deploy/install.sh deploy/upgrade.sh "$out/"
chmod +x "$out/wanmi" "$out/install.sh" "$out/upgrade.sh"
(cd "$out" && sha256sum wanmi wanmi.service wanmi.env.example README-zh.md install.sh upgrade.sh > SHA256SUMS)
tar -C dist -czf "dist/${name}.tar.gz" "$name"
(cd dist && sha256sum "${name}.tar.gz" > "${name}.tar.gz.sha256")
ls -l "dist/${name}.tar.gz"
cat "dist/${name}.tar.gz.sha256"
