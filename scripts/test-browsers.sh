#!/usr/bin/env bash
# The package's browser tests (tests/browser/) in each engine, one after another:
# headless Chromium (playwright-core), Firefox ESR (puppeteer-core over WebDriver
# BiDi) and WebKitGTK's MiniBrowser (WebKitWebDriver under xvfb-run); see
# tests/support/engines.mjs. Test names start with the engine ("[webkit] ...").
# Usage: scripts/test-browsers.sh [chromium] [firefox] [webkit]   (no args = all three)
# The demo walks (demo-walk.test.mjs: keyboard walk + screenshots; demo-checkout.test.mjs: the
# whole checkout on a phone screen + screenshots) run in Chromium only.
set -uo pipefail
cd "$(dirname "$0")/.."
engines=("$@")
(( ${#engines[@]} )) || engines=(chromium firefox webkit)
failed=()
summary=()
for engine in "${engines[@]}"; do
  files=()
  for f in tests/browser/*.test.mjs; do
    [[ $engine != chromium && ( $f == */demo-walk.test.mjs || $f == */demo-checkout.test.mjs ) ]] && continue
    files+=("$f")
  done
  echo "--- browser tests in $engine (${#files[@]} files)"
  start=$(date +%s)
  TEST_ENGINE=$engine node --test --test-concurrency=1 "${files[@]}" || failed+=("$engine")
  summary+=("$engine $(( $(date +%s) - start ))s")
done
echo "--- browser test time per engine: ${summary[*]}"
if (( ${#failed[@]} )); then
  echo "--- browser tests FAILED in: ${failed[*]}"
  exit 1
fi
