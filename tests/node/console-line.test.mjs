// The code in the console line (issue #19): the first line of an AfostoError's stack, which
// Chromium's and Node's consoles print for an uncaught error, reads `AfostoError [CODE]: …`;
// `name` stays "AfostoError" and `String(e)` is unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { fakeApi, rejection } from "../support/fake-api.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

test("a config error and a request error name their code in the stack's first line", async () => {
  let config;
  try {
    new lib.AfostoClient({ baseUrl: "ftp://shop.example" });
  } catch (e) {
    config = e;
  }
  assert.match(config.stack.split("\n")[0], /^AfostoError \[INVALID_CONFIG\]: .*baseUrl/);
  assert.equal(config.name, "AfostoError");
  assert.match(String(config), /^AfostoError: /);
  const { client } = fakeApi(lib, () => Promise.reject(new TypeError("offline")));
  const net = await rejection(client.listShippingMethods({ countryCode: "NL" }));
  assert.match(net.stack.split("\n")[0], /^AfostoError \[NETWORK\]: \[GET\] \/lcs\/methods: network error/);
  assert.ok(net instanceof lib.AfostoError && lib.isAfostoError(net));
});
