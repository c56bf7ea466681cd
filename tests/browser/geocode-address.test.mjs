// geocodeAddress(id): GET /rel/addresses/{id}/geocode against the mock (the demonstration
// endpoint of issue #16: one entry in src/client/operations.rs, one builder in src/api/addresses.rs).
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

test("geocodeAddress reads a stored address's location; unknown id NOT_FOUND; empty id INVALID_INPUT", async () => {
  const r = await t.page.evaluate(async () => {
    const c = client();
    const a = await c.createAddress({ countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" });
    return {
      id: a.id,
      geo: await settle(c.geocodeAddress(a.id)),
      missing: await settle(c.geocodeAddress("no-such-address")),
      empty: await settle(c.geocodeAddress("")),
      aborted: await settle(c.geocodeAddress(a.id, { signal: AbortSignal.abort() })),
    };
  });
  assert.ok(r.geo.ok, JSON.stringify(r.geo));
  assert.equal(typeof r.geo.value.lat, "number");
  assert.equal(typeof r.geo.value.long, "number");
  assert.equal(typeof r.geo.value.isPrecise, "boolean");
  assert.ok(Math.abs(r.geo.value.lat - 52.37) < 0.1, `lat ${r.geo.value.lat}`);
  assert.equal(r.missing.code, "NOT_FOUND");
  assert.equal(r.missing.path, "/rel/addresses/no-such-address/geocode");
  assert.equal(r.empty.code, "INVALID_INPUT");
  assert.equal(r.aborted.code, "ABORTED");
  const log = await t.log();
  assert.equal(hits(log, `/rel/addresses/${r.id}/geocode`, "GET").length, 1, "one request; the aborted call sent nothing");
});
