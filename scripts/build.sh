#!/usr/bin/env bash
# Build the npm package into pkg/: wasm-pack (web target, release, into
# build/wasm/), wasm-opt -Oz from the npm binaryen; the JS and TypeScript
# generated from the Rust declarations (src/bin/gen.rs, into build/generated/);
# then scripts/package.mjs bundles the JS shell, assembles the .d.ts, merges
# pkg-template/ and prints sizes. build/ holds only generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh npm wasm
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rm -rf pkg build/wasm build/generated
wasm-pack --quiet build --release --target web --out-dir build/wasm --out-name afosto_checkout --no-pack
cargo run --quiet --features gen --bin gen -- build/generated
node scripts/package.mjs
