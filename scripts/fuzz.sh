#!/usr/bin/env bash
# Property-based fuzzing of every decoder and pure function (tests/fuzz.rs):
# FUZZ_CASES per target (default 150000; 8 targets = 1,200,000 cases), plus the address
# search's and the identity session's machines, each over 7 x FUZZ_CASES generated
# interleavings of events (tests/fuzz/search.rs, tests/fuzz/session.rs: 1,050,000 each). Any panic or broken rule fails. Then the
# (value, table) pairs the two table targets decoded are replayed through
# src/shape.js, the browser's twin of the Rust walker (scripts/fuzz-shapes.mjs):
# any difference fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cases="${FUZZ_CASES:-150000}"
start=$(date +%s)
rm -rf target/fuzz-shapes
out=$(FUZZ_CASES=$cases cargo test --release --quiet --test fuzz -- --test-threads=1 --nocapture 2>&1) || { echo "$out"; echo "fuzz: FAILED (a panic or a broken invariant, see above)"; exit 1; }
total=$(echo "$out" | sed -n 's/.*fuzz cases run by this test binary so far: \([0-9]*\).*/\1/p' | tail -1)
machine=$(echo "$out" | sed -n 's/.*search machine interleavings run so far: \([0-9]*\) (\([0-9]*\) events).*/\1 interleavings, \2 events/p' | tail -1)
session=$(echo "$out" | sed -n 's/.*session machine interleavings run so far: \([0-9]*\) (\([0-9]*\) events).*/\1 interleavings, \2 events/p' | tail -1)
echo "$out" | grep -E "test result" || true
echo "fuzz: search machine: ${machine} (every rule checked after every event)"
echo "fuzz: session machine: ${session} (every rule checked after every event)"
echo "fuzz: ${total} cases, 0 panics, $(( $(date +%s) - start ))s (FUZZ_CASES=${cases} per target)"
node scripts/fuzz-shapes.mjs || { echo "fuzz: FAILED (shape.js and shape.rs differ, see above)"; exit 1; }
