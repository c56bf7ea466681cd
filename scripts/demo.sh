#!/usr/bin/env bash
# Build the package, start the bundled mock API and serve the demo checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/demo.mjs "$@"
