// A failed init() is an AfostoError (issue #19): NETWORK when the wasm could not be fetched,
// INVALID_CONFIG when what was loaded is not the package's wasm, with the original error as
// `cause`; the package stays unusable with a clear error, not a TypeError from the glue.
// Each case runs in its own Node process (a module loads its wasm once).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support/harness.mjs";

const PKG = pathToFileURL(path.join(ROOT, "pkg/afosto_checkout.js")).href;

function tryInit(arg) {
  const script = `
    const lib = await import(${JSON.stringify(PKG)});
    let out;
    try { await lib.default(${arg}); out = { ok: true }; }
    catch (e) { out = { name: e.name, code: e.code, retryable: e.retryable, isAfosto: lib.isAfostoError(e),
      instance: e instanceof lib.AfostoError, cause: Boolean(e.cause), message: e.message }; }
    try { new lib.AfostoClient(); } catch (e) { out.after = e.code; }
    console.log(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

test("bytes that are not the package's wasm: INVALID_CONFIG, not retryable, with its cause", () => {
  const r = tryInit("new Uint8Array([0, 97, 115, 109, 9, 9])");
  assert.deepEqual([r.name, r.code, r.retryable, r.isAfosto, r.instance, r.cause], ["AfostoError", "INVALID_CONFIG", false, true, true, true]);
  assert.match(r.message, /could not load its wasm module/);
  assert.equal(r.after, "INVALID_CONFIG", "the client still says init() is needed");
});

test("a wasm URL that cannot be fetched: NETWORK, retryable, naming the URL", () => {
  const r = tryInit('"http://127.0.0.1:9/afosto_checkout_bg.wasm"');
  assert.deepEqual([r.code, r.retryable, r.isAfosto], ["NETWORK", true, true]);
  assert.match(r.message, /127\.0\.0\.1:9\/afosto_checkout_bg\.wasm/);
});
