// The JS shell's own state, in Node with an injected fetch (no server): the
// module's exports, free() / Symbol.dispose, the answers an AddressSearch
// keeps (bounded at 100, oldest first), and typed errors for bad arguments.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

/** A fetch that answers the search endpoints and counts the searches per query. */
function searchApi() {
  const sent = [];
  const fetch = async (url, init) => {
    const json = (v) => new Response(JSON.stringify(v), { headers: { "content-type": "application/json" } });
    if (init.method === "GET") return json({ session_key: "k-1" });
    const { query } = JSON.parse(init.body);
    sent.push(query);
    return json({ options: [{ value: query, precision: "street", label: query }] });
  };
  return { fetch, sent };
}

test("the package exports exactly the public API", () => {
  assert.deepEqual(Object.keys(lib).sort(), [
    "AddressSearch", "AfostoClient", "AfostoError", "default", "initSync", "isAfostoError", "openingStatus", "selectableShippingMethods",
    "servicePointNeed",
  ]);
});

test("the exported classes keep their names through minification", () => {
  assert.equal(lib.AfostoClient.name, "AfostoClient");
  assert.equal(lib.AddressSearch.name, "AddressSearch");
});

test("free() is idempotent and the client stays usable; Symbol.dispose frees", async () => {
  const api = searchApi();
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9", fetch: api.fetch });
  client.free();
  client.free();
  const s = await client.startAddressSearch("NL", { debounceMs: 0 });
  assert.equal(s.sessionKey, "k-1");
  assert.equal((await s.search("Damrak")).options[0].value, "Damrak");
  if (Symbol.dispose) client[Symbol.dispose]();
});

test("an AddressSearch remembers 100 answers, dropping the oldest first", async () => {
  const api = searchApi();
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9", fetch: api.fetch });
  const s = await client.startAddressSearch("NL", { debounceMs: 0 });
  for (let i = 0; i < 101; i++) await s.search(`q${i}`);
  assert.equal(api.sent.length, 101);
  await s.search("q100"); // newest: from memory
  await s.search(" q50 "); // trimmed, from memory
  assert.equal(api.sent.length, 101);
  await s.search("q0"); // the oldest was dropped: sent again
  assert.deepEqual(api.sent.slice(101), ["q0"]);
});

test("bad arguments reject (or throw, for sync calls) with a typed AfostoError", async () => {
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9", fetch: async () => { throw new Error("unreachable"); } });
  for (const p of [
    client.getAddress(""),
    client.listServicePoints(null),
    client.request("PATCH", "/x"),
    client.findServicePoints({ carriers: [] }),
    client.startAddressSearch("Netherlands"),
    client.signIn({ email: "x" }, { timeoutMs: -1 }),
  ]) {
    const e = await p.then(() => assert.fail("resolved"), (e) => e);
    assert.ok(lib.isAfostoError(e) && e instanceof Error, String(e));
    assert.equal(e.code, "INVALID_INPUT");
  }
  assert.throws(() => new lib.AfostoClient({ baseUrl: "ftp://x" }), (e) => e.code === "INVALID_CONFIG");
  assert.throws(() => lib.openingStatus({}, "not a date"), (e) => e.code === "INVALID_INPUT");
  const e = await client.extendSession().catch((e) => e);
  assert.equal(e.code, "UNAUTHORIZED");
  assert.equal(e.path, "/iam/jwt/extend");
});

test("a signal that is not an AbortSignal is INVALID_INPUT; a shape mismatch is DECODE with the status", async () => {
  const sent = [];
  const fetch = async (url) => {
    sent.push(url);
    return new Response(JSON.stringify({ not: "a list" }), { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9", fetch });
  const bad = await client.listShippingMethods({ countryCode: "NL" }, { signal: {} }).catch((e) => e);
  assert.ok(lib.isAfostoError(bad), String(bad));
  assert.equal(bad.code, "INVALID_INPUT");
  assert.deepEqual(bad.fieldErrors, { signal: ["invalid"] });
  assert.equal(sent.length, 0);
  const e = await client.listShippingMethods({ countryCode: "NL" }).catch((e) => e);
  assert.equal(e.code, "DECODE");
  assert.equal(e.status, 200);
  assert.equal(e.path, "/lcs/methods");
});

test("validateAddress throws INVALID_INPUT unless given an address object and an AddressFormat", () => {
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9" });
  const format = { countryCode: "NL", required: ["countryCode", "postalCode"], allowed: ["locality"] };
  assert.deepEqual(client.validateAddress({ countryCode: "NL", locality: "Amsterdam" }, format), { postalCode: ["required"] });
  for (const [a, f, field] of [[null, format, "address"], ["NL", format, "address"], [{}, null, "format"], [{}, {}, "format"]]) {
    assert.throws(() => client.validateAddress(a, f), (e) => lib.isAfostoError(e) && e.code === "INVALID_INPUT" && e.fieldErrors[field][0] === "invalid");
  }
});

test("the autoExtend timer does not keep Node running", () => {
  // A session valid for an hour schedules a background extend; the process must still exit at once.
  const payload = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString("base64url");
  const token = `e30.${payload}.sig`;
  const script = `const lib = await import(${JSON.stringify(path.join(ROOT, "pkg/afosto_checkout.js"))});
    await lib.default();
    const c = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9", token: ${JSON.stringify(token)} });
    if (!c.session) process.exit(3);`;
  const { spawnSync } = process.getBuiltinModule("child_process");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { timeout: 15000, encoding: "utf8" });
  assert.equal(r.error, undefined, "exited before the timeout");
  assert.equal(r.status, 0, r.stderr);
});

test("onSessionChange without a function is INVALID_INPUT", () => {
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9" });
  for (const bad of [undefined, "x", {}, 1]) {
    assert.throws(() => client.onSessionChange(bad), (e) => lib.isAfostoError(e) && e.code === "INVALID_INPUT" && e.fieldErrors?.cb?.[0] === "invalid");
  }
  const off = client.onSessionChange(() => {});
  assert.equal(typeof off, "function");
  off();
});

test("objects without a prototype are read like plain ones; a __proto__ key stays an own property", async () => {
  const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9" });
  const format = { countryCode: "NL", required: ["countryCode"], allowed: ["countryCode", "postalCode"] };
  const address = Object.assign(Object.create(null), { countryCode: "NL", organisation: "Acme" });
  assert.deepEqual(client.validateAddress(address, format), { organisation: ["not_allowed"] });

  const method = Object.assign(Object.create(null), {
    id: "m1", name: "Post", isEnabled: true, priority: 1, countries: [{ code: "NL", amount: 695 }],
  });
  const [picked] = lib.selectableShippingMethods([method], { countryCode: "NL" });
  assert.equal(picked.id, "m1");
  assert.equal(picked.price, 695);

  const parsed = JSON.parse('{"id":"m2","name":"X","isEnabled":true,"countries":[{"code":"NL","amount":1}],"__proto__":{"polluted":true}}');
  const [copy] = lib.selectableShippingMethods([parsed], { countryCode: "NL" });
  assert.equal(Object.getPrototypeOf(copy), Object.prototype, "the copy's prototype is untouched");
  assert.deepEqual(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value, { polluted: true });
  assert.equal(copy.polluted, undefined);

  const body = JSON.stringify({ message: "invalid", errors: { required: ["__proto__", "email"] } });
  const api = new lib.AfostoClient({
    baseUrl: "http://127.0.0.1:9",
    fetch: async () => new Response(body, { status: 422, headers: { "content-type": "application/json" } }),
  });
  const e = await api.identityExists({ email: "a@example.com" }).then(() => null, (x) => x);
  assert.equal(e?.code, "VALIDATION");
  assert.equal(Object.getPrototypeOf(e.fieldErrors), Object.prototype);
  // Keyed once, by the camelCase name (issue #15); "__proto__" has no word separator to fold.
  assert.deepEqual(Object.keys(e.fieldErrors).sort(), ["__proto__", "email"]);
  assert.deepEqual(Object.getOwnPropertyDescriptor(e.fieldErrors, "__proto__").value, ["required"]);
});
