// The construction guards and checkout hints of issue #19, in Node with an
// injected fetch (tests/support/fake-api.mjs): ClientConfig's channelId and
// clientId are UUIDs; a persistSession whose storage this runtime lacks is
// INVALID_CONFIG (one that exists but throws falls back to memory);
// servicePointNeed; selectServicePoint's warnings; AddressSearch.resolve.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { fakeApi, json } from "../support/fake-api.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

const CHANNEL = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const CLIENT = "5b0c2b4e-8a0f-4f55-9e49-0f1d2b7a9c11";

/** The AfostoError `new AfostoClient(config)` throws (fails when it constructs). */
function refused(config) {
  try {
    new lib.AfostoClient(config);
  } catch (e) {
    return e;
  }
  throw new Error(`constructed with ${JSON.stringify(config)}`);
}

test("channelId and clientId must be UUIDs: INVALID_CONFIG naming the field", async () => {
  for (const key of ["channelId", "clientId"]) {
    for (const bad of ["channel-1", "", "3fa85f6457174562b3fc2c963f66afa6", `{${CHANNEL}}`, `${CHANNEL} `]) {
      const e = refused({ [key]: bad });
      assert.equal(e.code, "INVALID_CONFIG", `${key} ${JSON.stringify(bad)}`);
      assert.ok(lib.isAfostoError(e) && e instanceof Error);
      assert.deepEqual(e.fieldErrors, { [key]: ["invalid"] });
      assert.match(e.message, new RegExp(`ClientConfig\\.${key}`));
    }
  }
  // Either case; sent as given.
  const { client, sent } = fakeApi(lib, () => json([]), { channelId: CHANNEL.toUpperCase(), clientId: CLIENT });
  await client.listShippingMethods({ countryCode: "NL" });
  assert.equal(sent[0].query.channel_id, CHANNEL.toUpperCase());
});

test("persistSession naming a storage this runtime lacks is INVALID_CONFIG, not a silent memory session", () => {
  assert.equal(globalThis.localStorage, undefined, "Node 20 has no localStorage");
  for (const persistSession of ["localStorage", "sessionStorage"]) {
    const e = refused({ persistSession });
    assert.equal(e.code, "INVALID_CONFIG");
    assert.deepEqual(e.fieldErrors, { persistSession: ["invalid"] });
    assert.match(e.message, /persistSession: names a storage this runtime does not have/);
  }
  // A global that is there but holds no storage (a stub set to undefined, a number) does not count.
  for (const value of [undefined, null, 42, "storage"]) {
    globalThis.localStorage = value;
    try {
      assert.equal(refused({ persistSession: "localStorage" }).code, "INVALID_CONFIG", String(value));
    } finally {
      delete globalThis.localStorage;
    }
  }
  // "memory" (and no persistSession) needs none.
  new lib.AfostoClient({ persistSession: "memory" }).free();
  new lib.AfostoClient().free();
});

test("a storage that exists but throws on access (sandboxed iframe, privacy settings) falls back to memory", async () => {
  const jwt = (p) => ["e30", Buffer.from(JSON.stringify(p)).toString("base64url"), "sig"].join(".");
  const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
  Object.defineProperty(globalThis, "localStorage", {
    configurable: true,
    get() {
      throw new DOMException("The document is sandboxed and lacks the 'allow-same-origin' flag.", "SecurityError");
    },
  });
  try {
    const { client } = fakeApi(lib, () => json({ token, expires_at: new Date(Date.now() + 3600e3).toISOString() }), {
      persistSession: "localStorage",
    });
    const s = await client.signIn({ email: "a@example.test", password: "pw-not-real" });
    assert.equal(client.session?.token, s.token, "kept in memory");
    client.free();
  } finally {
    delete globalThis.localStorage;
  }
});

test("a storage that exists is used (a stub in Node, as a browser's)", async () => {
  const m = new Map();
  globalThis.sessionStorage = { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  try {
    const jwt = (p) => ["e30", Buffer.from(JSON.stringify(p)).toString("base64url"), "sig"].join(".");
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    const { client } = fakeApi(lib, () => json({ token, expires_at: new Date(Date.now() + 3600e3).toISOString() }), {
      persistSession: "sessionStorage", storageKey: "guards",
    });
    await client.signIn({ email: "a@example.test", password: "pw-not-real" });
    assert.match(m.get("guards"), new RegExp(token.split(".")[1]));
    client.free();
  } finally {
    delete globalThis.sessionStorage;
  }
});

test("servicePointNeed: from the session option's type, as the reference lists it (pick, homedelivery, servicepoint)", () => {
  const option = (type, carrier = "postnl") => ({ id: "m-1", carrier, name: "A method", type, price: 395 });
  assert.deepEqual(lib.servicePointNeed(option("servicepoint", "dhl")), { needed: true, known: true, carrier: "dhl" });
  assert.deepEqual(lib.servicePointNeed(option("SERVICEPOINT")), { needed: true, known: true, carrier: "postnl" });
  assert.deepEqual(lib.servicePointNeed(option("homedelivery")), { needed: false, known: true });
  // The reference does not say whether "pick" takes a point; other types (the mock's "pickup", "home") are unknown too.
  for (const type of ["pick", "pickup", "home", ""]) {
    assert.deepEqual(lib.servicePointNeed(option(type)), { needed: false, known: false }, type);
  }
  for (const [bad, field] of [[undefined, "option"], ["servicepoint", "option"], [{ carrier: "dhl" }, "option.type"],
    [{ type: "servicepoint" }, "option.carrier"], [{ type: "servicepoint", carrier: 7 }, "option.carrier"]]) {
    let e;
    try {
      lib.servicePointNeed(bad);
    } catch (err) {
      e = err;
    }
    assert.equal(e?.code, "INVALID_INPUT", JSON.stringify(bad));
    assert.deepEqual(e.fieldErrors, { [field]: ["invalid"] });
  }
  // A throwing getter is INVALID_INPUT, never the getter's own exception.
  const hostile = { carrier: "dhl", get type() { throw new Error("boom"); } };
  assert.throws(() => lib.servicePointNeed(hostile), (e) => e.code === "INVALID_INPUT");
});

/**
 * A fake checkout session API: methods (one per shipping type), points of two carriers, and
 * PUTs that accept what they get (the server decides; the client only warns).
 */
function checkoutApi(active) {
  return (method, p, body) => {
    if (p.endsWith("/shipping/methods") && method === "GET") {
      return json({
        ...(active ? { active: { method_id: active, is_split_allowed: false } } : {}),
        options: [
          { id: "pnl-point", carrier: "postnl", name: "PostNL pick-up point", type: "servicepoint", price: 395 },
          { id: "dhl-point", carrier: "dhl", name: "DHL ServicePoint", type: "servicepoint", price: 375 },
          { id: "pnl-home", carrier: "postnl", name: "PostNL at home", type: "homedelivery", price: 495 },
        ],
      });
    }
    if (p.endsWith("/shipping/methods")) return json(body);
    if (p.endsWith("/shipping/point") && method === "GET") {
      const point = (id, carrier) => ({ distance: 100, point: { id, name: id, carrier, latitude: 52.37, longtitude: 4.89,
        address: { country_code: "NL", postal_code: "1012 AB" }, openings: [] } });
      return json({ options: [point("P1", "postnl"), point("D1", "dhl")] });
    }
    if (p.endsWith("/shipping/point")) return body.spid === "refused" ? json({ code: 400, message: "no", errors: { "invalid value": ["spid"] } }, 400) : json(body);
    return json({}, 404);
  };
}

test("selectServicePoint warns (CONFLICT, not thrown) when the point does not fit the selected method, and only then", async () => {
  const { client, warnings } = fakeApi(lib, checkoutApi());
  // Knowing nothing of the session: no warning.
  await client.selectServicePoint("s-1", { spid: "D1", countryCode: "NL" });
  assert.deepEqual(warnings, []);
  await client.checkoutShippingMethods("s-1");
  await client.checkoutServicePoints("s-1", { postalCode: "1012 AB" });
  await client.selectShippingMethod("s-1", { methodId: "pnl-point" });
  // A PostNL point for a PostNL method: fine.
  const ok = await client.selectServicePoint("s-1", { spid: "P1", countryCode: "NL" });
  assert.deepEqual(ok, { spid: "P1", countryCode: "NL" });
  assert.deepEqual(warnings, []);
  // A DHL point: accepted (the answer is returned), and warned about.
  const odd = await client.selectServicePoint("s-1", { spid: "D1", countryCode: "NL" });
  assert.deepEqual(odd, { spid: "D1", countryCode: "NL" });
  assert.equal(warnings.length, 1);
  const [w] = warnings;
  assert.ok(lib.isAfostoError(w) && w instanceof lib.AfostoError);
  assert.equal(w.code, "CONFLICT");
  assert.equal(w.retryable, false);
  assert.deepEqual(w.fieldErrors, { spid: ["carrier_mismatch"] });
  assert.equal(w.method, "PUT");
  assert.equal(w.path, "/odr/sessions/s-1/shipping/point");
  assert.match(w.message, /pnl-point ships with postnl, service point D1 is dhl's/);
  // Another session knows nothing.
  await client.selectServicePoint("s-2", { spid: "D1", countryCode: "NL" });
  assert.equal(warnings.length, 1);
  // Home delivery takes no point at all.
  await client.selectShippingMethod("s-1", { methodId: "pnl-home" });
  await client.selectServicePoint("s-1", { spid: "P1", countryCode: "NL" });
  assert.equal(warnings.length, 2);
  assert.deepEqual(warnings[1].fieldErrors, { spid: ["no_service_point"] });
  assert.match(warnings[1].message, /pnl-home \(type homedelivery\) takes no service point/);
  // A refused selection is the server's error, with no warning besides.
  const e = await client.selectServicePoint("s-1", { spid: "refused", countryCode: "NL" }).catch((x) => x);
  assert.equal(e.code, "VALIDATION");
  assert.equal(warnings.length, 2);
});

test("the method the session holds, from checkoutShippingMethods' active, counts as selected", async () => {
  const { client, warnings } = fakeApi(lib, checkoutApi("dhl-point"));
  await client.checkoutServicePoints("s-1");
  await client.selectServicePoint("s-1", { spid: "P1", countryCode: "NL" });
  assert.deepEqual(warnings, [], "the methods were never read: nothing known");
  await client.checkoutShippingMethods("s-1");
  await client.selectServicePoint("s-1", { spid: "D1", countryCode: "NL" });
  assert.deepEqual(warnings, []);
  await client.selectServicePoint("s-1", { spid: "P1", countryCode: "NL" });
  assert.deepEqual(warnings.map((w) => w.fieldErrors), [{ spid: ["carrier_mismatch"] }]);
});

/** A fake address search: a premise context answers one address, a street context its house numbers. */
function addressApi({ country = "NL", rejectFirst = false } = {}) {
  let sessions = 0;
  let rejected = !rejectFirst;
  return (method, p, body) => {
    if (method === "GET") return json({ session_key: `k-${++sessions}` });
    if (!rejected) {
      rejected = true;
      return json({ code: 400, message: "expired", errors: { "invalid value": ["session_key"] } }, 400);
    }
    if (body.context === "premise-1") {
      return json({ options: [], result: { lat: 52.37, long: 4.89, is_precise: true, address: {
        premise_number: 1, premise_number_suffix: null, thoroughfare: "Damrak", postal_code: "1012 LG", locality: "Amsterdam",
        ...(country ? { country_code: country } : {}) } } });
    }
    if (body.context === "street-1") return json({ options: [{ value: "Damrak 1", label: "Damrak 1", precision: "Address", context: "premise-1" }] });
    if (body.query === "Damrak 1") return json({ options: [], result: { lat: 1, long: 2, is_precise: false, address: { thoroughfare: "Damrak" } } });
    return json({ options: [] });
  };
}

test("AddressSearch.resolve(option): the option's address as an AddressInput, through the search's machine", async () => {
  const { client, sent } = fakeApi(lib, addressApi({ country: "" }));
  const s = await client.startAddressSearch("be", { debounceMs: 10_000 });
  const house = { value: "Damrak 1", label: "Damrak 1, 1012 LG Amsterdam", precision: "Address", context: "premise-1" };
  // Sent at once (the debounce is 10 s), a blank query in the option's context.
  const a = await s.resolve(house);
  assert.deepEqual(a, { countryCode: "BE", premiseNumber: 1, thoroughfare: "Damrak", postalCode: "1012 LG", locality: "Amsterdam" },
    "the search's country when the API gives none; a null suffix left out");
  assert.deepEqual(sent.at(-1).body, { session_key: "k-1", context: "premise-1", query: "" });
  // Again: from memory (no request), a new object each time.
  const before = sent.length;
  const b = await s.resolve(house);
  assert.deepEqual(b, a);
  assert.notEqual(b, a);
  b.locality = "changed";
  assert.equal((await s.resolve(house)).locality, "Amsterdam");
  // The drill-down search of the same context shares the answer.
  const drilled = await s.search("", { context: "premise-1" });
  assert.equal(drilled.result.address.thoroughfare, "Damrak");
  assert.equal(sent.length, before, "all from memory");
  // Not one address (a street): undefined. No context: the value is the query.
  assert.equal(await s.resolve({ value: "Damrak", label: "Damrak", precision: "Street", context: "street-1" }), undefined);
  assert.deepEqual(await s.resolve({ value: "Damrak 1", label: "Damrak 1", precision: "PartialAddress" }), { countryCode: "BE", thoroughfare: "Damrak" });
  assert.deepEqual(sent.at(-1).body, { session_key: "k-1", context: "", query: "Damrak 1" });
  // Refused input; an aborted signal.
  const bad = await s.resolve({ label: "x" }).catch((e) => e);
  assert.equal(bad.code, "INVALID_INPUT");
  assert.deepEqual(bad.fieldErrors, { "option.value": ["invalid"] });
  const ctrl = new AbortController();
  ctrl.abort();
  assert.equal((await s.resolve(house, { signal: ctrl.signal }).catch((e) => e)).code, "ABORTED");
  s.free();
});

test("resolve: a pending search is superseded, a rejected session key is renewed once", async () => {
  const { client, sent } = fakeApi(lib, addressApi({ rejectFirst: true }));
  const s = await client.startAddressSearch("NL", { debounceMs: 50 });
  const typing = s.search("Dam").catch((e) => e);
  const a = await s.resolve({ value: "Damrak 1", label: "Damrak 1", precision: "Address", context: "premise-1" });
  assert.equal((await typing).code, "ABORTED");
  assert.equal(a.countryCode, "NL");
  assert.equal(s.sessionKey, "k-2");
  assert.deepEqual(sent.map((r) => [r.method, r.body?.session_key]), [["GET", undefined], ["POST", "k-1"], ["GET", undefined], ["POST", "k-2"]]);
  s.free();
});
