#!/usr/bin/env bash
# Build the npm package into pkg/: wasm-pack (web target, release), wasm-opt -Oz
# from the npm binaryen, merge pkg-template/, print sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh npm wasm
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rm -rf pkg
wasm-pack --quiet build --release --target web --out-dir pkg --out-name afosto_checkout --no-pack
node scripts/package.mjs
