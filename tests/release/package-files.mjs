// The release package's file list and `npm pack --dry-run`, shared by pack.test.mjs and
// debug-build.test.mjs.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT } from "../support/harness.mjs";

/** The release package's files, as `npm pack` lists them. */
export const RELEASE_FILES = [
  "CHANGELOG.md",
  "README.md",
  "afosto_checkout.d.ts",
  "afosto_checkout.js",
  "afosto_checkout_bg.wasm",
  "afosto_checkout_bg.wasm.d.ts",
  // afosto-checkout/mock (Node only): scripts/package-mock.mjs
  "mock/afosto-openapi.json",
  "mock/browser.js",
  "mock/data/address-formats.json",
  "mock/data/addresses.json",
  "mock/data/areas.json",
  "mock/data/methods.json",
  "mock/data/points.json",
  "mock/index.d.ts",
  "mock/index.js",
  "package.json",
];

/** `npm pack --dry-run --json` of `dir`: its one result ({files, size, unpackedSize, …}). */
export function dryRun(dir) {
  assert.ok(fs.existsSync(path.join(dir, "package.json")), `${path.relative(ROOT, dir)}/ is missing: run the build first`);
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: dir, encoding: "utf8" }));
  return info;
}

/** Every path package.json names (main, module, types, exports' targets). */
export function manifestTargets(manifest) {
  const targets = [manifest.main, manifest.module, manifest.types];
  const walk = (v) => {
    if (typeof v === "string") targets.push(v);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(manifest.exports);
  return [...new Set(targets.filter(Boolean).map((t) => t.replace(/^\.\//, "")))];
}
