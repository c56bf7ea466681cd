#!/usr/bin/env bash
# Build the npm package into pkg/: wasm-pack (web target, release, into
# build/wasm/), wasm-opt -Oz from the npm binaryen; the JS and TypeScript
# generated from the Rust declarations (src/bin/gen.rs, into build/generated/);
# then scripts/package.mjs bundles the JS shell, assembles the .d.ts, merges
# pkg-template/ and prints sizes. build/ holds only generated files.
#
# --debug (npm run build:debug): the same package with names, into
# build/debug-pkg/; pkg/, build/wasm/ and build/generated/ are not touched (its
# own build/debug-wasm/ and build/debug-generated/ sit beside them: the
# generated JS imports ../../src/js/). The wasm is the release crate build (the
# same cargo artifact) through wasm-pack --profiling without its optimizer,
# then wasm-opt with Cargo.toml's release flags minus --strip-debug plus
# --debuginfo, so its `name` section keeps the Rust function names (stack
# traces show `afosto_checkout::…`); the JS is bundled unminified with a source
# map (scripts/package.mjs --debug).
set -euo pipefail
cd "$(dirname "$0")/.."
debug=0
case "${1:-}" in
  "") ;;
  --debug) debug=1 ;;
  *) echo "usage: scripts/build.sh [--debug]" >&2; exit 2 ;;
esac
bash scripts/bootstrap.sh npm wasm
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [ "$debug" = 0 ]; then
  rm -rf pkg build/wasm build/generated
  wasm-pack --quiet build --release --target web --out-dir build/wasm --out-name afosto_checkout --no-pack
  cargo run --quiet --features gen --bin gen -- build/generated
  node scripts/package.mjs
else
  rm -rf build/debug-pkg build/debug-wasm build/debug-generated
  wasm-pack --quiet build --profiling --no-opt --target web --out-dir build/debug-wasm --out-name afosto_checkout --no-pack
  # Cargo.toml's [package.metadata.wasm-pack.profile.release] wasm-opt list, one flag a line.
  mapfile -t flags < <(node -e '
    const toml = require("fs").readFileSync("Cargo.toml", "utf8");
    const m = /\[package\.metadata\.wasm-pack\.profile\.release\][^[]*?wasm-opt\s*=\s*(\[[^\]]*\])/.exec(toml);
    if (!m) { console.error("build.sh --debug: no wasm-opt list under [package.metadata.wasm-pack.profile.release] in Cargo.toml"); process.exit(1); }
    for (const f of JSON.parse(m[1])) if (f !== "--strip-debug") console.log(f);')
  [ "${#flags[@]}" -gt 0 ] || { echo "build.sh --debug: could not read the release wasm-opt flags" >&2; exit 1; }
  wasm-opt "${flags[@]}" --debuginfo build/debug-wasm/afosto_checkout_bg.wasm -o build/debug-wasm/afosto_checkout_bg.wasm
  cargo run --quiet --features gen --bin gen -- build/debug-generated
  node scripts/package.mjs --debug
fi
