// Issue #15, "Right against the real Afosto API": what the reference says and
// the package does, in Node with an injected fetch that answers as a server
// following the reference may (fields left out, one imperfect list element,
// an address format that does not list country_code). Each test failed on
// the build before the issue (e08769c).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

import { json, apiError, fakeApi, rejection } from "../support/fake-api.mjs";

const errorBody = (status, errors) => apiError(status, errors);
/** A client whose fetch answers each request with `route(method, path, body, init, url)` and records it. */
const fake = (route, config) => fakeApi(lib, route, config);

const ADDRESS = { id: "a1", country_code: "NL", postal_code: "1012 AB", premise_number: 1, thoroughfare: "Damrak", locality: "Amsterdam" };

// ---- item 1: the shipping step selects the shipping address ----

test("setCheckoutAddress: POST the address, then PUT /shipping with its id; resolves the selected address", async () => {
  const { client, sent } = fake((m, p, b) => {
    if (m === "POST" && p === "/odr/sessions/s1/address") return json({ ...ADDRESS, id: "new-1" }, 202);
    if (m === "PUT" && p === "/odr/sessions/s1/shipping") return json({ ...ADDRESS, id: b.address_id });
    return json({}, 404);
  });
  const a = await client.setCheckoutAddress("s1", { countryCode: "nl", postalCode: "1012 AB", premiseNumber: 1 });
  assert.equal(a.id, "new-1");
  assert.equal(a.postalCode, "1012 AB");
  assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), ["POST /odr/sessions/s1/address", "PUT /odr/sessions/s1/shipping"]);
  assert.deepEqual(sent[0].body, { country_code: "NL", postal_code: "1012 AB", premise_number: 1 });
  assert.deepEqual(sent[1].body, { address_id: "new-1" });
});

test("setCheckoutAddress: a failed PUT carries addressId, so the page selects instead of creating a duplicate", async () => {
  let fail = true;
  const { client, sent } = fake((m, p, b) => {
    if (m === "POST") return json({ ...ADDRESS, id: "new-2" }, 202);
    if (m === "PUT" && fail) return errorBody(503, {});
    return json({ ...ADDRESS, id: b.address_id });
  });
  const e = await rejection(client.setCheckoutAddress("s1", { countryCode: "NL" }));
  assert.ok(lib.isAfostoError(e));
  assert.equal(e.code, "SERVER");
  assert.equal(e.addressId, "new-2");
  assert.equal(e.path, "/odr/sessions/s1/shipping");
  fail = false;
  const selected = await client.selectShippingAddress("s1", { addressId: e.addressId });
  assert.equal(selected.id, "new-2");
  assert.equal(sent.filter((r) => r.method === "POST").length, 1, "one address created");
  // A failed POST has no addressId: nothing was created.
  const { client: c2 } = fake(() => errorBody(400, { required: ["postal_code"] }));
  const e2 = await rejection(c2.setCheckoutAddress("s1", { countryCode: "NL" }));
  assert.equal(e2.code, "VALIDATION");
  assert.equal(e2.addressId, undefined);
});

test("selectShippingAddress checks its input; checkoutShippingAddress reads active and the saved addresses", async () => {
  const { client, sent } = fake((m, p) => {
    if (m === "GET" && p === "/odr/sessions/s1/shipping") {
      return json({
        active: { ...ADDRESS, id: "c1" },
        options: {
          contact: { primary: { ...ADDRESS, id: "c1" }, secondary: [{ ...ADDRESS, id: "c2", given_name: "Jane" }] },
          organisation: { secondary: [] },
          session: { primary: { ...ADDRESS, id: "s-1" } },
        },
      });
    }
    if (m === "GET" && p === "/odr/sessions/s2/shipping") return json({ active: {}, options: {} });
    if (m === "GET" && p === "/odr/sessions/s3/shipping") return json({});
    return json({}, 404);
  });
  for (const bad of [{}, { addressId: "" }, { addressId: 5 }, null]) {
    const e = await rejection(client.selectShippingAddress("s1", bad));
    assert.equal(e.code, "INVALID_INPUT", JSON.stringify(bad));
  }
  assert.equal((await rejection(client.selectShippingAddress("", { addressId: "a" }))).code, "INVALID_INPUT");
  assert.equal(sent.length, 0, "nothing sent for bad input");
  const s = await client.checkoutShippingAddress("s1");
  assert.equal(s.active.id, "c1");
  assert.equal(s.active.countryCode, "NL");
  assert.equal(s.options.contact.primary.id, "c1");
  assert.deepEqual(s.options.contact.secondary.map((a) => [a.id, a.givenName]), [["c2", "Jane"]]);
  assert.deepEqual(s.options.organisation, { secondary: [] });
  assert.deepEqual(s.options.session.secondary, []);
  // nothing selected yet; no options at all
  assert.deepEqual(await client.checkoutShippingAddress("s2"), { options: {} });
  assert.deepEqual(await client.checkoutShippingAddress("s3"), { options: {} });
});

// ---- item 2: the format's country is never "not allowed" ----

test("validateAddress / createAddress: countryCode is allowed even when the format's `allowed` does not list it", async () => {
  const format = { country_code: "NL", required: ["postal_code", "premise_number"], allowed: ["postal_code", "premise_number", "thoroughfare"] };
  const { client, sent } = fake((m, p) => (p === "/rel/options/addresses" ? json(format) : json({ ...ADDRESS, id: "x" })));
  const f = await client.addressFormat("NL");
  assert.ok(!f.allowed.includes("countryCode"));
  assert.deepEqual(client.validateAddress({ countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1 }, f), {});
  // other unlisted fields still are not allowed; an empty `allowed` restricts nothing
  assert.deepEqual(client.validateAddress({ countryCode: "NL", postalCode: "1", premiseNumber: 1, sortingCode: "x" }, f), { sortingCode: ["not_allowed"] });
  assert.deepEqual(client.validateAddress({ countryCode: "NL", locality: "A" }, { countryCode: "NL", required: [], allowed: [] }), {});
  // createAddress checks against the cached format and sends
  const a = await client.createAddress({ countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1 });
  assert.equal(a.id, "x");
  assert.equal(sent.filter((r) => r.path === "/rel/addresses").length, 1);
});

// ---- item 3: one imperfect element does not fail a whole list ----

const POINT = (id, extra = {}) => ({
  distance: 100, point: { id, name: `Point ${id}`, carrier: "postnl", latitude: 52.37, longitude: 4.89, address: { country_code: "NL" }, openings: [], ...extra },
});

test("a service point without `name` is left out and reported through onWarning; the other 49 stay", async () => {
  const list = Array.from({ length: 50 }, (_, i) => POINT(String(i)));
  delete list[3].point.name;
  const { client, warnings } = fake(() => json(list));
  const matches = await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 AB" });
  assert.equal(matches.length, 49);
  assert.ok(!matches.some((m) => m.point.id === "3"));
  assert.equal(warnings.length, 1);
  const w = warnings[0];
  assert.ok(lib.isAfostoError(w) && w instanceof Error);
  assert.equal(w.code, "DECODE");
  assert.equal(w.jsonPath, "$[3].point.name");
  assert.equal(w.method, "GET");
  assert.equal(w.path, "/lcs/points/postnl");
  assert.match(w.message, /left out \$\[3\]/);
});

test("suggestions without precision, methods without carrier_code, session options without a field: left out and reported", async () => {
  const { client, warnings } = fake((m, p) => {
    if (p === "/rel/search/addresses" && m === "GET") return json({ session_key: "k" });
    if (p === "/rel/search/addresses") return json({ options: [{ value: "Damrak", label: "Damrak" }, { value: "Dam", label: "Dam", precision: "Street" }] });
    if (p === "/lcs/methods") return json([{ id: "m1", name: "A" }, { id: "m2", name: "B", carrier_code: "dhl" }]);
    if (p === "/odr/sessions/s1/shipping/methods") return json({ options: [{ id: "o1", carrier: "dhl", name: "x", type: "home" }, { id: "o2", carrier: "dhl", name: "y", type: "home", price: 5 }] });
    return json({}, 404);
  });
  const s = await client.startAddressSearch("NL", { debounceMs: 0 });
  const r = await s.search("Dam");
  assert.deepEqual(r.options.map((o) => o.value), ["Dam"]);
  const methods = await client.listShippingMethods({ countryCode: "NL" });
  assert.deepEqual(methods.map((x) => x.id), ["m2"]);
  const opts = await client.checkoutShippingMethods("s1");
  assert.deepEqual(opts.options.map((x) => x.id), ["o2"]);
  assert.deepEqual(warnings.map((w) => [w.path, w.jsonPath]), [
    ["/rel/search/addresses", "$.options[0].precision"],
    ["/lcs/methods", "$[0].carrier_code"],
    ["/odr/sessions/s1/shipping/methods", "$.options[0].price"],
  ]);
});

test("a geocode box without south_west is left out (and reported), the location stays", async () => {
  const { client, warnings } = fake(() => json({ lat: 52.37, long: 4.89, is_precise: true, box: { north_east: { lat: 53, long: 5 } } }));
  const g = await client.geocode({ countryCode: "NL", address: "Damrak 1" });
  assert.deepEqual(g, { lat: 52.37, long: 4.89, isPrecise: true });
  assert.deepEqual(warnings.map((w) => w.jsonPath), ["$.box.south_west"]);
});

test("not the documented shape at all stays DECODE naming the JSON path; a lone warning without a listener goes to console.warn", async () => {
  const { client, warnings } = fake((m, p) => {
    if (p === "/odr/sessions") return json({ id: "s1" });
    if (p === "/lcs/methods/m1") return json({ id: "m1", name: "A" });
    if (p === "/lcs/points/dhl") return json([{ distance: 1, point: { id: 7, name: "x" } }]);
    return json({ not: "a list" });
  });
  const e1 = await rejection(client.createCheckoutSession());
  assert.equal(e1.code, "DECODE");
  assert.equal(e1.jsonPath, "$.expires_at");
  const e2 = await rejection(client.getShippingMethod("m1"));
  assert.equal(e2.jsonPath, "$.carrier_code", "a single object lacking a required field");
  const e3 = await rejection(client.listServicePoints({ carrier: "dhl", countryCode: "NL", postalCode: "1" }));
  assert.equal(e3.jsonPath, "$[0].point.id", "a number where an id string is due");
  const e4 = await rejection(client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1" }));
  assert.equal(e4.jsonPath, "$", "an object where a list is due");
  assert.equal(warnings.length, 0);

  const list = [POINT("1"), { distance: 1 }];
  const quiet = new lib.AfostoClient({ fetch: async () => json(list) });
  const logged = [];
  const warn = console.warn;
  console.warn = (...a) => logged.push(a.join(" "));
  try {
    const m = await quiet.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1" });
    assert.equal(m.length, 1);
  } finally {
    console.warn = warn;
  }
  assert.equal(logged.length, 1);
  assert.match(logged[0], /DECODE.*left out \$\[1\]/);
  // onWarning takes only functions
  assert.throws(() => quiet.onWarning("no"), (e) => e.code === "INVALID_INPUT");
});

// ---- item 4: DPD as the reference has it; merging by computed metres ----

const DPD_SHOP = {
  parcelShopId: 528010100, pudoId: "NL10100", company: "Action", street: "Spuistraat", houseNo: "12", country: "NL", zipCode: "1012 VT",
  city: "Amsterdam", phone: "+31 20 555 0100", email: "shop@example.com", homepage: "https://example.com", extraInfo: "at the back",
  expressPickupTime: "11:00", services: [{ code: "pickup" }], latitude: 52.3745, longitude: 4.8902, distance: 0.31, openingHours: [],
};

test("DPD points expose both ids and DPD's own fields on point.dpd", async () => {
  const { client } = fake(() => json({ parcelShop: [DPD_SHOP, { ...DPD_SHOP, pudoId: undefined, parcelShopId: 42, phone: "", services: undefined }] }));
  const [a, b] = await client.listDpdServicePoints({ countryCode: "NL", postalCode: "1012 VT" });
  assert.equal(a.point.id, "NL10100");
  assert.deepEqual(a.point.dpd, {
    pudoId: "NL10100", parcelShopId: 528010100, phone: "+31 20 555 0100", email: "shop@example.com", homepage: "https://example.com",
    extraInfo: "at the back", expressPickupTime: "11:00", services: [{ code: "pickup" }],
  });
  assert.equal(b.point.id, "42");
  assert.equal(b.point.dpd.parcelShopId, 42);
  assert.equal(b.point.dpd.pudoId, undefined);
  assert.equal(b.point.dpd.phone, undefined, "an empty string is no phone number");
});

test("findServicePoints merges by great-circle metres from the geocoded postal code, not the carriers' distances", async () => {
  // DPD's distance is in kilometres here, PostNL's in metres: merging them as one unit would put DPD first.
  let geocodeFails = false;
  const { client, sent } = fake((m, p) => {
    if (p === "/rel/geocode") return geocodeFails ? errorBody(500, {}) : json({ lat: 52.3731, long: 4.8926, is_precise: false });
    if (p === "/lcs/dpd/points") return json({ parcelShop: [{ ...DPD_SHOP, latitude: 52.3900, longitude: 4.9300, distance: 3.1 }] });
    return json([POINT("near", { latitude: 52.3735, longitude: 4.8930 }), POINT("mid", { latitude: 52.3800, longitude: 4.9000 })].map((x, i) => ({ ...x, distance: 40 + i * 900 })));
  });
  const q = { carriers: ["dpd", "postnl"], countryCode: "NL", postalCode: "1012 AB" };
  const r = await client.findServicePoints(q);
  assert.deepEqual(r.matches.map((x) => x.point.id), ["near", "mid", "NL10100"]);
  assert.ok(r.matches.every((x) => Number.isInteger(x.metres)));
  assert.ok(r.matches[0].metres < 100 && r.matches[2].metres > 2000, JSON.stringify(r.matches.map((x) => x.metres)));
  assert.deepEqual(r.matches.map((x) => x.distance), [40, 940, 3.1], "each keeps the distance its carrier sent");
  assert.deepEqual(sent.find((x) => x.path === "/rel/geocode").body, { country_code: "NL", address: "1012 AB" });
  // cached per country + postal code
  await client.findServicePoints(q);
  assert.equal(sent.filter((x) => x.path === "/rel/geocode").length, 1);
  // the geocode fails: per-carrier order, carriers in the order asked, no metres
  geocodeFails = true;
  const r2 = await client.findServicePoints({ ...q, postalCode: "9999 ZZ", limit: 2 });
  assert.deepEqual(r2.matches.map((x) => x.point.id), ["NL10100", "near"]);
  assert.ok(r2.matches.every((x) => x.metres === undefined));
  assert.deepEqual(r2.failed, []);
});

// ---- item 5: what the reference constrains ----

test("requestIdentityToken takes type reset | confirm only; selectServicePoint checks and upper-cases countryCode", async () => {
  const { client, sent } = fake((m, p, b) => (p === "/rel/identity/tokens" ? json({ status: "sent" }) : json(b)));
  const e = await rejection(client.requestIdentityToken({ email: "jane@example.com", type: "password" }));
  assert.equal(e.code, "INVALID_INPUT");
  assert.deepEqual(e.fieldErrors, { type: ["invalid"] });
  assert.equal(sent.length, 0);
  assert.deepEqual(await client.requestIdentityToken({ email: "jane@example.com", type: "confirm" }), { status: "sent" });
  const p = await client.selectServicePoint("s1", { spid: "160001", countryCode: "nl" });
  assert.deepEqual(p, { spid: "160001", countryCode: "NL" });
  assert.deepEqual(sent.at(-1).body, { spid: "160001", country_code: "NL" });
  for (const countryCode of ["NLD", "1", " "]) {
    const bad = await rejection(client.selectServicePoint("s1", { spid: "1", countryCode }));
    assert.equal(bad.code, "INVALID_INPUT", countryCode);
    assert.ok("countryCode" in bad.fieldErrors);
  }
  assert.equal(sent.length, 2);
});

// ---- item 7: fieldErrors keyed once, one vocabulary ----

test("fieldErrors from the API are keyed once by the camelCase name, in the package's problem codes", async () => {
  const { client } = fake(() => errorBody(400, { required: ["postal_code", "email"], "invalid value": ["postal_code", "address_line_1"], "Already Exists": ["email"] }));
  const e = await rejection(client.createAddress({ countryCode: "NL" }));
  assert.equal(e.code, "VALIDATION");
  assert.deepEqual(e.fieldErrors, {
    postalCode: ["required", "invalid"],
    email: ["required", "already_exists"],
    addressLine1: ["invalid"],
  });
  // local checks use the same names and codes
  const local = await rejection(client.createAddress({ countryCode: "NL", postalCode: 5 }));
  assert.deepEqual(local.fieldErrors, { postalCode: ["invalid"] });
});

// ---- found by a black-box audit of this change ----

test("every method checks countryCode (two letters) and sends it upper case", async () => {
  const { client, sent } = fake((m, p) => (p === "/lcs/dpd/points" ? json({ parcelShop: [] }) : p.startsWith("/odr/") ? json({ options: [] }) : json([])));
  await client.listDpdServicePoints({ countryCode: "nl", postalCode: "1012 AB" });
  await client.listShippingMethods({ countryCode: "be" });
  await client.listServicePoints({ carrier: "postnl", countryCode: "de", postalCode: "10115" });
  await client.checkoutShippingMethods("s1", { countryCode: "nl" });
  await client.checkoutServicePoints("s1", { countryCode: "nl" });
  assert.deepEqual(sent.map((r) => r.query.country_code), ["NL", "BE", "DE", "NL", "NL"]);
  const before = sent.length;
  for (const call of [
    () => client.listDpdServicePoints({ countryCode: "NLD", postalCode: "1" }),
    () => client.listShippingMethods({ countryCode: "1 " }),
    () => client.getShippingMethod("m1", { countryCode: "" }),
    () => client.checkoutServicePoints("s1", { countryCode: "" }),
    () => client.findServicePoints({ carriers: ["postnl"], countryCode: "nld", postalCode: "1" }),
  ]) {
    const e = await rejection(call());
    assert.equal(e.code, "INVALID_INPUT");
    assert.deepEqual(e.fieldErrors, { countryCode: ["invalid"] });
  }
  assert.equal(sent.length, before, "nothing sent");
});

test("an argument that is not an object is 'invalid', the one vocabulary; so is a bad request() path", async () => {
  const { client } = fake(() => json({}));
  for (const [call, field] of [
    [() => client.setCheckoutAddress("s", null), "address"],
    [() => client.selectShippingAddress("s", null), "input"],
    [() => client.listShippingMethods(null), "query"],
    [() => client.findServicePoints(null), "query"],
    [() => client.request("GET", "http://evil.example/x"), "path"],
    [() => client.request("GET", "/a/../b"), "path"],
  ]) {
    const e = await rejection(call());
    assert.equal(e.code, "INVALID_INPUT");
    assert.deepEqual(e.fieldErrors, { [field]: ["invalid"] }, e.message);
  }
});

test("a session's active selection without its id, but with something else said, is left out and reported", async () => {
  const { client, warnings } = fake(() => json({ active: { is_split_allowed: true }, options: [] }));
  assert.deepEqual(await client.checkoutShippingMethods("s1"), { options: [] });
  assert.deepEqual(warnings.map((w) => w.jsonPath), ["$.active.method_id"]);
  const quiet = fake(() => json({ active: { method_id: "", is_split_allowed: false }, options: [] }));
  assert.deepEqual(await quiet.client.checkoutShippingMethods("s1"), { options: [] });
  assert.equal(quiet.warnings.length, 0, "an empty selection is 'nothing selected'");
});

test("AfostoError is an exported class: every rejection and every warning is an instance (one realm)", async () => {
  const { client, warnings } = fake(() => json([POINT("1"), { distance: 1 }]));
  await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1" });
  assert.equal(warnings.length, 1);
  assert.ok(warnings[0] instanceof lib.AfostoError);
  const e = await rejection(client.getAddress(""));
  assert.ok(e instanceof lib.AfostoError && e instanceof Error);
  assert.equal(e.name, "AfostoError");
  assert.equal(lib.AfostoError.name, "AfostoError");
  assert.ok(typeof e.stack === "string");
  assert.ok(!(new Error("x") instanceof lib.AfostoError));
  let thrown;
  try {
    new lib.AfostoClient({ baseUrl: "http://example.com" });
  } catch (x) {
    thrown = x;
  }
  assert.ok(thrown instanceof lib.AfostoError);
  assert.equal(thrown.code, "INVALID_CONFIG");
});

test("ClientConfig.headers go with every request; Authorization and Content-Type stay the package's; a NETWORK message names the host", async () => {
  const seen = [];
  const client = new lib.AfostoClient({
    headers: { "Accept-Language": "nl-NL", "X-Trace-Id": "t-1" },
    fetch: async (url, init) => (seen.push(init.headers), json([])),
  });
  await client.listShippingMethods({ countryCode: "NL" });
  assert.equal(seen[0]["Accept-Language"], "nl-NL");
  assert.equal(seen[0]["X-Trace-Id"], "t-1");
  for (const headers of [{ Authorization: "Bearer x" }, { "content-type": "text/plain" }, { "bad name": "x" }, { "X-A": "line\nbreak" }, { "X-A": 5 }, "x"]) {
    assert.throws(() => new lib.AfostoClient({ headers }), (e) => e.code === "INVALID_CONFIG" && e.fieldErrors?.headers?.[0] === "invalid", JSON.stringify(headers));
  }
  const offline = new lib.AfostoClient({ retries: 0, baseUrl: "https://api.example.test", fetch: async () => { throw new TypeError("Failed to fetch"); } });
  const e = await rejection(offline.listShippingMethods({ countryCode: "NL" }));
  assert.equal(e.code, "NETWORK");
  assert.match(e.message, /network error reaching api\.example\.test: Failed to fetch/);
});
