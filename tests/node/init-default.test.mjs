// Node 20: `await init()` without arguments reads the .wasm next to the
// package file (Node's fetch cannot load file: URLs), so SSR code can use the
// same call as the browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { startMock } from "../mock/server.mjs";

test("init() with no arguments works in Node", async () => {
  const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
  await lib.default();
  const mock = await startMock({ port: 0 });
  try {
    const client = new lib.AfostoClient({ baseUrl: mock.url });
    const methods = await client.listShippingMethods({ countryCode: "NL" });
    assert.ok(methods.length > 0 && typeof methods[0].isEnabled === "boolean");
  } finally {
    await mock.close();
  }
});
