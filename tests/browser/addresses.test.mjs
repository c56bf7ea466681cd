// Address search, formats, validation, geocoding and stored addresses, in
// headless Chromium against the mock (tests/mock/addresses.mjs).
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

const ev = (fn, arg) => t.page.evaluate(fn, arg);
const SEARCH = "/rel/search/addresses";

function assertAfostoError(r, code) {
  assert.equal(r.ok, false, `expected a rejection, got ${JSON.stringify(r)}`);
  assert.equal(r.code, code, r.message);
  assert.equal(r.name, "AfostoError");
  assert.ok(r.isAfosto && r.isError, "a real AfostoError");
}

test("typing 'Damrak 1' one character every 30 ms sends one search; only the last call resolves", async () => {
  const r = await ev(async () => {
    const s = await client().startAddressSearch("NL");
    const text = "Damrak 1";
    const calls = [];
    for (let i = 1; i <= text.length; i++) {
      calls.push(settle(s.search(text.slice(0, i))));
      if (i < text.length) await sleep(30);
    }
    return { settled: await Promise.all(calls), sessionKey: s.sessionKey };
  });
  const log = await t.log();
  const posts = hits(log, SEARCH, "POST");
  const resolved = r.settled.filter((x) => x.ok);
  const aborted = r.settled.filter((x) => !x.ok && x.code === "ABORTED");
  console.log(`typing test: ${r.settled.length} search() calls, ${posts.length} POST ${SEARCH}, ` +
    `${resolved.length} resolved, ${aborted.length} rejected ABORTED`);
  assert.equal(posts.length, 1, "exactly one POST");
  assert.deepEqual(posts[0].body, { session_key: r.sessionKey, context: "", query: "Damrak 1" });
  assert.equal(hits(log, SEARCH, "GET").length, 1, "one session");
  assert.equal(resolved.length, 1);
  assert.equal(aborted.length, r.settled.length - 1);
  assert.ok(r.settled.at(-1).ok, "the last call is the one that resolves");
  for (const a of aborted) {
    assertAfostoError(a, "ABORTED");
    assert.equal(a.path, SEARCH);
  }
  const last = r.settled.at(-1).value;
  assert.ok(last.options.length > 0);
  assert.equal(last.result.isPrecise, true, "Damrak 1 is an exact match");
  assert.equal(typeof last.result.lat, "number");
  assert.equal(last.result.address.thoroughfare, "Damrak");
  assert.equal(last.result.address.premiseNumber, 1);
  assert.ok(!("premiseNumberSuffix" in last.result.address), "null suffix comes out undefined");
  for (const o of last.options) {
    assert.equal(typeof o.value, "string");
    assert.equal(typeof o.label, "string");
    assert.equal(typeof o.precision, "string");
  }
});

test("repeated queries come from memory; blank queries send nothing", async () => {
  const r = await ev(async () => {
    const s = await client().startAddressSearch("nl", { debounceMs: 0 });
    const first = await settle(s.search("Rokin"));
    const again = await settle(s.search("Rokin"));
    const padded = await settle(s.search("  Rokin "));
    const blank = await settle(s.search("   "));
    const empty = await settle(s.search(""));
    const bad = await settle(s.search(42));
    return { first, again, padded, blank, empty, bad, same: first.value === again.value };
  });
  assert.ok(r.first.ok, JSON.stringify(r.first));
  assert.deepEqual(r.again.value, r.first.value);
  assert.deepEqual(r.padded.value, r.first.value);
  assert.deepEqual(r.blank.value, { options: [] });
  assert.deepEqual(r.empty.value, { options: [] });
  assertAfostoError(r.bad, "INVALID_INPUT");
  const log = await t.log();
  assert.equal(hits(log, SEARCH, "POST").length, 1, "only the first search was sent");
  const get = hits(log, SEARCH, "GET");
  assert.equal(get.length, 1);
  assert.equal(get[0].query.country_code, "NL", "country code upper-cased");
});

test("drill-down from a street option to a house number gives a precise result", async () => {
  const r = await ev(async () => {
    const s = await client().startAddressSearch("NL", { debounceMs: 0 });
    const streets = await s.search("Damrak");
    const street = streets.options.find((o) => o.precision === "Street" && o.value === "Damrak");
    const house = await s.search("1", { context: street.context });
    const houseAgain = await s.search("1", { context: street.context });
    const plain = await s.search("1"); // same query, no context: a different answer
    const numbers = await s.search("", { context: street.context }); // picking the street lists its numbers
    return { streets, street, house, houseAgain, plain, numbers };
  });
  assert.equal(r.streets.result, undefined, "a street is not a precise location");
  assert.equal(typeof r.street.context, "string");
  assert.equal(r.house.result.isPrecise, true);
  assert.equal(typeof r.house.result.lat, "number");
  assert.equal(typeof r.house.result.long, "number");
  assert.equal(typeof r.house.result.box.northEast.lat, "number");
  assert.equal(r.house.result.address.thoroughfare, "Damrak");
  assert.equal(r.house.result.address.premiseNumber, 1);
  assert.ok(r.house.options.every((o) => o.precision === "Address"));
  assert.deepEqual(r.houseAgain, r.house);
  assert.ok(r.numbers.options.length > 0, "an empty query inside a street lists its house numbers");
  assert.ok(r.numbers.options.every((o) => o.precision === "Address" && o.value.startsWith("Damrak ")));
  const posts = hits(await t.log(), SEARCH, "POST");
  assert.equal(posts.length, 4, "street, house in context, house without context, numbers of the street");
  assert.equal(posts[1].body.context, r.street.context);
  assert.equal(posts[2].body.context, "");
  assert.deepEqual([posts[3].body.query, posts[3].body.context], ["", r.street.context]);
});

test("an expired session key is renewed once and the search still succeeds", async () => {
  const r = await ev(async () => {
    const s = await client().startAddressSearch("NL", { debounceMs: 0 });
    const before = await settle(s.search("Damrak"));
    const oldKey = s.sessionKey;
    await fetch(MOCK + "/__mock/search/expire", { method: "POST" });
    const after = await settle(s.search("Kalverstraat"));
    const next = await settle(s.search("Warmoesstraat"));
    return { before, after, next, oldKey, newKey: s.sessionKey };
  });
  assert.ok(r.before.ok && r.after.ok && r.next.ok, JSON.stringify(r.after));
  assert.ok(r.after.value.options.some((o) => o.value === "Kalverstraat"));
  assert.notEqual(r.newKey, r.oldKey, "sessionKey reflects the new key");
  const log = await t.log();
  const gets = hits(log, SEARCH, "GET");
  const posts = hits(log, SEARCH, "POST");
  console.log(`session renewal: ${gets.length} GET ${SEARCH}, ${posts.length} POST ${SEARCH} (statuses ${posts.map((p) => p.status).join(",")})`);
  assert.equal(gets.length, 2, "a second GET starts the new session");
  assert.deepEqual(posts.map((p) => p.body.session_key), [r.oldKey, r.oldKey, r.newKey, r.newKey]);
  assert.deepEqual(posts.map((p) => p.status), [200, 400, 200, 200]);
});

test("the caller's AbortSignal aborts a search", async () => {
  const r = await ev(async () => {
    const s = await client().startAddressSearch("NL", { debounceMs: 50 });
    const ctl = new AbortController();
    const p = settle(s.search("Coolsingel", { signal: ctl.signal }));
    setTimeout(() => ctl.abort(), 10);
    const during = await p;
    const pre = await settle(s.search("Meent", { signal: AbortSignal.abort() }));
    const ok = await settle(s.search("Meent"));
    return { during, pre, ok };
  });
  assertAfostoError(r.during, "ABORTED");
  assertAfostoError(r.pre, "ABORTED");
  assert.ok(r.ok.ok);
  assert.deepEqual(hits(await t.log(), SEARCH, "POST").map((p) => p.body.query), ["Meent"]);
});

test("addressFormat: camelCase, cached per country, country code checked", async () => {
  const r = await ev(async () => {
    const c = client();
    const nl = await settle(c.addressFormat("nl"));
    const nl2 = await settle(c.addressFormat("NL"));
    const de = await settle(c.addressFormat("DE"));
    const bad = await settle(c.addressFormat("NLD"));
    const bad2 = await settle(c.addressFormat(""));
    const badSearch = await settle(c.startAddressSearch("N1"));
    return { nl, nl2, de, bad, bad2, badSearch };
  });
  assert.ok(r.nl.ok, JSON.stringify(r.nl));
  assert.equal(r.nl.value.countryCode, "NL");
  for (const f of ["countryCode", "postalCode", "premiseNumber"]) assert.ok(r.nl.value.required.includes(f), f);
  assert.ok(r.nl.value.allowed.includes("addressLine1"));
  assert.ok(r.nl.value.allowed.includes("premiseNumberSuffix"));
  assert.ok(!r.de.value.allowed.includes("premiseNumberSuffix"), "DE: no premise suffix");
  assert.ok([...r.nl.value.required, ...r.nl.value.allowed].every((n) => !n.includes("_")), "camelCase");
  assert.deepEqual(r.nl2.value, r.nl.value);
  for (const b of [r.bad, r.bad2, r.badSearch]) {
    assertAfostoError(b, "INVALID_INPUT");
    assert.deepEqual(b.fieldErrors, { countryCode: ["invalid"] });
  }
  const log = await t.log();
  const gets = hits(log, "/rel/options/addresses", "GET");
  assert.deepEqual(gets.map((g) => g.query.country_code), ["NL", "DE"], "second NL call sent nothing");
  assert.equal(hits(log, SEARCH).length, 0);
});

test("validateAddress: local rules against a format", async () => {
  const r = await ev(async () => {
    const c = client();
    const nl = await c.addressFormat("NL");
    const de = await c.addressFormat("DE");
    const ok = { countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" };
    const okDe = { countryCode: "DE", postalCode: "10117", premiseNumber: 77, thoroughfare: "Unter den Linden", locality: "Berlin" };
    return {
      valid: c.validateAddress(ok, nl),
      withExtras: c.validateAddress({ ...ok, premiseNumberSuffix: "A", givenName: "Jane", addressLine1: "Damrak 1" }, nl),
      missing: c.validateAddress({ countryCode: "NL", locality: "Amsterdam" }, nl),
      blank: c.validateAddress({ ...ok, postalCode: " " }, nl),
      suffixDe: c.validateAddress({ ...okDe, premiseNumberSuffix: "a" }, de),
      validDe: c.validateAddress(okDe, de),
      notAllowed: c.validateAddress({ ...ok, administrativeArea: "Noord-Holland" }, nl),
      badCountry: c.validateAddress({ ...ok, countryCode: "NLD" }, nl),
      zero: c.validateAddress({ ...ok, premiseNumber: 0 }, nl),
      fraction: c.validateAddress({ ...ok, premiseNumber: 2.5 }, nl),
      text: c.validateAddress({ ...ok, premiseNumber: "1" }, nl),
    };
  });
  assert.deepEqual(r.valid, {});
  assert.deepEqual(r.withExtras, {});
  assert.deepEqual(r.validDe, {});
  assert.deepEqual(r.missing, { postalCode: ["required"], premiseNumber: ["required"], thoroughfare: ["required"] });
  assert.deepEqual(r.blank, { postalCode: ["required"] });
  assert.deepEqual(r.suffixDe, { premiseNumberSuffix: ["not_allowed"] });
  assert.deepEqual(r.notAllowed, { administrativeArea: ["not_allowed"] });
  assert.deepEqual(r.badCountry, { countryCode: ["invalid"] });
  assert.deepEqual(r.zero, { premiseNumber: ["invalid"] });
  assert.deepEqual(r.fraction, { premiseNumber: ["invalid"] });
  assert.deepEqual(r.text, { premiseNumber: ["invalid"] });
});

test("createAddress: local checks after addressFormat, server 400 as VALIDATION, getAddress round trip", async () => {
  const r = await ev(async () => {
    const c = client();
    await c.addressFormat("NL");
    const missing = await settle(c.createAddress({ countryCode: "NL", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" }));
    const notAllowed = await settle(c.createAddress({ countryCode: "nl", postalCode: "1012 LG", premiseNumber: 1,
      thoroughfare: "Damrak", locality: "Amsterdam", sortingCode: "X" }));
    const badType = await settle(c.createAddress({ countryCode: "BE", premiseNumber: "12" })); // no BE format cached: types only
    const fresh = client(); // nothing cached: the server decides
    const server = await settle(fresh.createAddress({ countryCode: "NL", postalCode: "ABC", premiseNumber: 1, locality: "Amsterdam" }));
    const created = await settle(c.createAddress({ countryCode: "nl", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak",
      locality: "Amsterdam", givenName: "Jane", familyName: "Jansen" }));
    const got = created.ok ? await settle(c.getAddress(created.value.id)) : null;
    const unknown = await settle(c.getAddress("no/such?id"));
    const emptyId = await settle(c.getAddress(""));
    return { missing, notAllowed, badType, server, created, got, unknown, emptyId };
  });
  assertAfostoError(r.missing, "INVALID_INPUT");
  assert.deepEqual(r.missing.fieldErrors, { postalCode: ["required"] });
  assertAfostoError(r.notAllowed, "INVALID_INPUT");
  assert.deepEqual(r.notAllowed.fieldErrors, { sortingCode: ["not_allowed"] });
  assertAfostoError(r.badType, "INVALID_INPUT");
  assert.deepEqual(r.badType.fieldErrors, { premiseNumber: ["invalid"] });

  assertAfostoError(r.server, "VALIDATION");
  assert.equal(r.server.status, 400);
  assert.equal(r.server.path, "/rel/addresses");
  assert.deepEqual(r.server.fieldErrors.postalCode, ["invalid"]); // the API's "invalid value", in the package's vocabulary
  assert.deepEqual(r.server.fieldErrors.thoroughfare, ["required"]);
  assert.ok(r.server.reference);

  assert.ok(r.created.ok, JSON.stringify(r.created));
  const a = r.created.value;
  assert.equal(typeof a.id, "string");
  assert.equal(a.countryCode, "NL");
  assert.equal(a.postalCode, "1012 LG");
  assert.equal(a.givenName, "Jane");
  assert.equal(typeof a.createdAt, "string");
  assert.equal(a.geoLocation.isPrecise, true);
  assert.equal(typeof a.geoLocation.lat, "number");
  assert.ok(!("premiseNumberSuffix" in a), "absent field stays undefined");
  assert.ok(!("premiseNumberSuffix" in a.geoLocation.address), "null suffix comes out undefined");
  assert.ok(Object.keys(a).every((k) => !k.includes("_")), "camelCase");
  assert.ok(r.got.ok);
  assert.deepEqual(r.got.value, a);

  assertAfostoError(r.unknown, "NOT_FOUND");
  assertAfostoError(r.emptyId, "INVALID_INPUT");

  const log = await t.log();
  const posts = hits(log, "/rel/addresses", "POST");
  assert.equal(posts.length, 2, "only the server-checked and the valid address were sent");
  assert.equal(posts[1].body.country_code, "NL");
  assert.equal(posts[1].body.given_name, "Jane");
  assert.equal(hits(log, `/rel/addresses/${a.id}`, "GET").length, 1);
  assert.equal(hits(log, "/rel/addresses/no%2Fsuch%3Fid", "GET").length, 1, "id percent-encoded");
});

test("geocode returns coordinates", async () => {
  const r = await ev(async () => {
    const c = client();
    const nl = await settle(c.geocode({ countryCode: "nl", address: "Damrak 1, Amsterdam" }));
    const be = await settle(c.geocode({ countryCode: "BE", address: "Rue Neuve 12, 1000 Bruxelles" }));
    const street = await settle(c.geocode({ countryCode: "DE", address: "Friedrichstraße, Berlin" }));
    const bad = await settle(c.geocode({ countryCode: "Netherlands", address: "Damrak 1" }));
    const none = await settle(c.geocode({ countryCode: "NL", address: "Nowhere Lane 999, Atlantis" }));
    return { nl, be, street, bad, none };
  });
  for (const g of [r.nl, r.be]) {
    assert.ok(g.ok, JSON.stringify(g));
    assert.equal(typeof g.value.lat, "number");
    assert.equal(typeof g.value.long, "number");
    assert.equal(g.value.isPrecise, true);
    assert.ok(!("premiseNumberSuffix" in g.value.address));
  }
  assert.equal(r.nl.value.address.postalCode, "1012 LG");
  assert.ok(r.street.ok);
  assert.equal(r.street.value.isPrecise, false);
  assertAfostoError(r.bad, "INVALID_INPUT");
  assert.deepEqual(r.bad.fieldErrors, { countryCode: ["invalid"] });
  assertAfostoError(r.none, "NOT_FOUND");
  const posts = hits(await t.log(), "/rel/geocode", "POST");
  assert.equal(posts.length, 4);
  assert.deepEqual(posts[0].body, { country_code: "NL", address: "Damrak 1, Amsterdam" });
});

test("no page errors", () => {
  assert.deepEqual(t.problems, []);
});

test("resolve(option): a chosen house number's address, ready for the form; a street resolves undefined", async () => {
  const r = await ev(async () => {
    const c = client();
    const s = await c.startAddressSearch("NL", { debounceMs: 500 });
    const typed = await s.search("Damrak");
    const street = typed.options.find((o) => o.precision !== "premise" && o.context);
    const inStreet = await s.search("", { context: street.context });
    const house = inStreet.options.find((o) => o.context);
    const t0 = performance.now();
    const address = await s.resolve(house);
    const ms = performance.now() - t0;
    const again = await settle(s.resolve(house));
    const streetAddress = await settle(s.resolve(street));
    // A pending search is superseded by the choice.
    const pending = settle(s.search("Rok"));
    const chosen = await settle(s.resolve(house));
    // The form's fields (a Dutch form has no province: the API's administrativeArea comes along).
    const { administrativeArea, ...form } = address;
    const valid = c.validateAddress(form, await c.addressFormat("NL"));
    const bad = await settle(s.resolve({ label: "no value" }));
    return { house, address, ms, again, streetAddress, pending: await pending, chosen, valid, bad, key: s.sessionKey };
  });
  assert.equal(r.address.countryCode, "NL");
  assert.equal(typeof r.address.premiseNumber, "number");
  assert.equal(typeof r.address.thoroughfare, "string");
  assert.equal(typeof r.address.postalCode, "string");
  assert.equal(typeof r.address.locality, "string");
  assert.ok(r.house.value.startsWith(`${r.address.thoroughfare} ${r.address.premiseNumber}`), JSON.stringify([r.house, r.address]));
  assert.ok(!("isPrecise" in r.address) && !("lat" in r.address), "an AddressInput, not the GeoLocation");
  assert.deepEqual(r.valid, {}, "fills a form the country's format accepts");
  assert.equal(typeof r.address.administrativeArea, "string", "the API's province, as it sent it");
  assert.ok(r.ms < 450, `sent at once, not after the 500 ms debounce (${Math.round(r.ms)} ms)`);
  assert.deepEqual(r.again.value, r.address, "again: from memory");
  assert.ok(r.streetAddress.ok && r.streetAddress.value === undefined, "a street is not one address");
  assert.equal(r.pending.code, "ABORTED");
  assert.deepEqual(r.chosen.value, r.address);
  assertAfostoError(r.bad, "INVALID_INPUT");
  assert.deepEqual(r.bad.fieldErrors, { "option.value": ["invalid"] });
  const posts = hits(await t.log(), SEARCH, "POST").map((e) => e.body);
  const drills = posts.filter((b) => b.context === r.house.context);
  assert.deepEqual(drills, [{ session_key: r.key, context: r.house.context, query: "" }], "one request for the house number, a blank query in its context");
  assert.deepEqual(t.problems, []);
});
