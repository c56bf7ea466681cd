// Node 20 (SSR): importing the package touches no window/document/localStorage,
// and after init with the wasm bytes read from disk, calls work with Node's fetch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { startMock } from "../mock/server.mjs";

const touched = [];
for (const name of ["window", "document", "localStorage", "sessionStorage", "navigator", "location"]) {
  const had = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() { touched.push(name); return had && "value" in had ? had.value : had?.get?.call(globalThis); },
  });
}

let mock;
before(async () => { mock = await startMock({ port: 0 }); });
after(async () => { await mock?.close(); });

test("import + init + calls in Node without browser globals", async () => {
  const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
  assert.deepEqual(touched, [], "import touched no browser global");
  await lib.default({ module_or_path: fs.readFileSync(path.join(ROOT, "pkg/afosto_checkout_bg.wasm")) });
  // Node has no localStorage: persistSession "localStorage" would be INVALID_CONFIG here (guards.test.mjs).
  const client = new lib.AfostoClient({ baseUrl: mock.url });
  const s = await client.signUp({ email: "node@example.com", password: "pw" });
  assert.equal(s.claims.email, "node@example.com");
  assert.equal(client.session.token, s.token);
  const methods = await client.request("GET", "/lcs/methods", { query: { country_code: "NL" } });
  assert.ok(Array.isArray(methods) && methods.length > 0);
  const err = await client.signIn({ email: "node@example.com", password: "wrong" }).catch((e) => e);
  assert.ok(err instanceof Error);
  assert.equal(err.code, "UNAUTHORIZED");
  assert.ok(lib.isAfostoError(err));
  assert.equal(lib.isAfostoError(new Error("x")), false);
  assert.equal(lib.isAfostoError({ name: "AfostoError", code: "HTTP" }), true, "name-based, works across realms");
  // After init, wasm-bindgen's futures runtime probes `typeof window` for queueMicrotask; nothing reads the DOM.
  assert.deepEqual(touched.filter((n) => n === "document" || n === "sessionStorage"), []);
});
