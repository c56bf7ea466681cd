// The size check that `npm test` runs on pkg/: it prints the figure, reports the
// 32 KB budget, and fails above the ceiling (the no-regression ratchet).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { ROOT } from "../support/harness.mjs";

const run = (...args) => spawnSync(process.execPath, ["scripts/size.mjs", ...args], { cwd: ROOT, encoding: "utf8" });

test("size check: prints the figure, fails above the ceiling, passes below it", () => {
  const over = run("--budget", "32", "--report-only", "--ceiling", "1");
  assert.equal(over.status, 1);
  assert.match(over.stderr, /SIZE CEILING EXCEEDED: [\d.]+ KB > 1 KB/);
  assert.match(over.stdout, /size budget: wasm \+ glue gzip -9 = [\d.]+ KB \(budget 32 KB/);
  const under = run("--budget", "32", "--report-only", "--ceiling", "10000");
  assert.equal(under.status, 0, under.stderr);
  assert.match(under.stdout, /size ceiling: [\d.]+ KB <= 10000 KB/);
  const strict = run("--budget", "1");
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /SIZE BUDGET EXCEEDED/);
});
