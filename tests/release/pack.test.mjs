// What `npm publish` would ship: `npm pack --dry-run --json` in pkg/ lists exactly the files
// of package-files.mjs's RELEASE_FILES, nothing else (no tests, no sources, no source maps: those are only in the debug build,
// tests/release/debug-build.test.mjs), every path package.json points at ships, and the sizes
// are printed (the tarball, unpacked, and the Node-only mock's share).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { RELEASE_FILES, dryRun, manifestTargets } from "./package-files.mjs";

const PKG = path.join(ROOT, "pkg");

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test("npm pack ships exactly the release files", () => {
  const info = dryRun(PKG);
  const files = info.files.map((f) => f.path).sort();
  assert.deepEqual(files, [...RELEASE_FILES].sort(), "pkg/'s tarball lists exactly RELEASE_FILES");
  assert.ok(!files.some((f) => /\.map$|(^|\/)tests?\/|\.test\.|\.rs$|selftest|gen-data/.test(f)), "no source maps, tests or sources");

  const mock = info.files.filter((f) => f.path.startsWith("mock/"));
  const mockBytes = mock.reduce((n, f) => n + f.size, 0);
  console.log(`npm pack (dry run) of pkg/: ${info.filename}, ${info.entryCount} files, ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked`);
  for (const f of [...info.files].sort((a, b) => a.path.localeCompare(b.path))) console.log(`  ${f.path.padEnd(34)} ${kb(f.size).padStart(10)}`);
  console.log(`  of which mock/ (Node only, never bundled): ${mock.length} files, ${kb(mockBytes)} unpacked`);
});

test("every path package.json points at ships; the mock entry is Node-only", () => {
  const info = dryRun(PKG);
  const files = new Set(info.files.map((f) => f.path));
  const manifest = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  for (const target of manifestTargets(manifest)) assert.ok(files.has(target), `package.json names ${target}, and it ships`);
  assert.deepEqual(manifest.exports["./mock"], { types: "./mock/index.d.ts", node: "./mock/index.js", default: "./mock/browser.js" },
    "afosto-checkout/mock: the mock under the node condition, a module that throws anywhere else");
  assert.ok(manifest.files.includes("CHANGELOG.md"), "CHANGELOG.md is in files");
  assert.equal(fs.readFileSync(path.join(PKG, "CHANGELOG.md"), "utf8"), fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), "the shipped CHANGELOG.md is the repo's");
});
