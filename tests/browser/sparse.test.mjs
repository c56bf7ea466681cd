// Issue #15, item 3, in the browser: the mock's sparse mode answers as thin as the reference
// allows (optional fields left out) and every list has one element without a field the package
// needs. The package leaves that element out, keeps the rest, and reports it to onWarning.
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

test("sparse answers: each list keeps every complete element, and each left-out one is one DECODE warning naming its path", async () => {
  const full = await t.page.evaluate(async () => {
    const c = client();
    const q = { countryCode: "NL", postalCode: "1012 AB" };
    return {
      points: (await c.listServicePoints({ carrier: "postnl", ...q })).length,
      dpd: (await c.listDpdServicePoints(q)).length,
      methods: (await c.listShippingMethods({ countryCode: "NL" })).length,
    };
  });
  await t.config({ sparse: true });
  const r = await t.page.evaluate(async () => {
    const c = client();
    const warnings = [];
    c.onWarning((w) => warnings.push({ code: w.code, jsonPath: w.jsonPath, path: w.path, method: w.method, isAfosto: lib.isAfostoError(w), message: w.message }));
    const q = { countryCode: "NL", postalCode: "1012 AB" };
    const points = await settle(c.listServicePoints({ carrier: "postnl", ...q }));
    const dpd = await settle(c.listDpdServicePoints(q));
    const methods = await settle(c.listShippingMethods({ countryCode: "NL" }));
    const search = await c.startAddressSearch("NL", { debounceMs: 0 });
    const options = await settle(search.search("Dam"));
    return { points, dpd, methods, options, warnings };
  });
  for (const k of ["points", "dpd", "methods", "options"]) assert.ok(r[k].ok, `${k}: ${JSON.stringify(r[k]).slice(0, 300)}`);
  assert.equal(r.points.value.length, full.points - 1, "one point left out, the others kept");
  assert.equal(r.dpd.value.length, full.dpd - 1);
  assert.equal(r.methods.value.length, full.methods - 1);
  assert.ok(r.options.value.options.length >= 1);
  // Every kept element is complete as its type says.
  for (const m of r.points.value) assert.ok(typeof m.point.name === "string" && typeof m.point.id === "string");
  for (const m of r.methods.value) assert.equal(typeof m.carrierCode, "string");
  for (const o of r.options.value.options) assert.equal(typeof o.precision, "string");
  const byPath = (p) => r.warnings.filter((w) => w.path === p);
  for (const w of r.warnings) {
    assert.equal(w.code, "DECODE");
    assert.ok(w.isAfosto);
    assert.match(w.jsonPath, /^\$/);
    assert.match(w.message, /left out \$/);
  }
  assert.deepEqual(byPath("/lcs/points/postnl").map((w) => w.jsonPath), ["$[1].point.name"]);
  assert.equal(byPath("/lcs/dpd/points").length, 1);
  assert.deepEqual(byPath("/lcs/methods").map((w) => w.jsonPath), ["$[1].carrier_code"]);
  assert.equal(byPath("/rel/search/addresses").length, 1);
  assert.equal(r.warnings.length, 4, JSON.stringify(r.warnings));
});
