// Issue #15 in the browser, against the mock (which follows the reference: it selects a
// session's shipping address only on PUT /odr/sessions/{id}/shipping).
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

const ev = (fn, arg) => t.page.evaluate(fn, arg);

test("setCheckoutAddress leaves the address selected as the session's shipping address (POST, then PUT)", async () => {
  const r = await ev(async () => {
    const c = client();
    const sess = await c.createCheckoutSession();
    const address = await settle(c.setCheckoutAddress(sess.id, { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" }));
    const shipping = await settle(c.checkoutShippingAddress(sess.id));
    const second = await settle(c.setCheckoutAddress(sess.id, { countryCode: "NL", postalCode: "3511 AB", premiseNumber: 2, thoroughfare: "Oudegracht", locality: "Utrecht" }));
    const back = await settle(c.selectShippingAddress(sess.id, { addressId: address.value.id }));
    const after = await settle(c.checkoutShippingAddress(sess.id));
    return { id: sess.id, address, shipping, second, back, after };
  });
  assert.ok(r.address.ok, JSON.stringify(r.address));
  assert.ok(r.shipping.ok, JSON.stringify(r.shipping));
  assert.equal(r.shipping.value.active.id, r.address.value.id);
  assert.equal(r.shipping.value.active.postalCode, "1012 AB");
  assert.equal(typeof r.shipping.value.options, "object");
  assert.ok(r.second.ok && r.second.value.id !== r.address.value.id);
  assert.equal(r.back.value.id, r.address.value.id);
  assert.equal(r.after.value.active.id, r.address.value.id, "a saved address selected again");
  const log = await t.log();
  const base = `/odr/sessions/${r.id}`;
  assert.equal(hits(log, `${base}/address`, "POST").length, 2);
  const puts = hits(log, `${base}/shipping`, "PUT");
  assert.deepEqual(puts.map((e) => e.body), [{ address_id: r.address.value.id }, { address_id: r.second.value.id }, { address_id: r.address.value.id }]);
});

test("selecting the addressId of a failed setCheckoutAddress makes it the shipping address, with one POST", async () => {
  const sessionId = await ev(async () => (await client().createCheckoutSession()).id);
  await t.fault({ method: "PUT", path: `/odr/sessions/${sessionId}/shipping`, fault: "503" });
  const r = await ev(async (id) => {
    const c = client({ retries: 0 });
    const input = { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" };
    let addressId, code;
    try { await c.setCheckoutAddress(id, input); } catch (e) { addressId = e.addressId; code = e.code; }
    const selected = await settle(c.selectShippingAddress(id, { addressId }));
    const shipping = await c.checkoutShippingAddress(id);
    return { addressId, code, selected, active: shipping.active?.id };
  }, sessionId);
  assert.equal(r.code, "SERVER");
  assert.ok(r.addressId);
  assert.ok(r.selected.ok, JSON.stringify(r.selected));
  assert.equal(r.active, r.addressId);
  const log = await t.log();
  assert.equal(hits(log, `/odr/sessions/${sessionId}/address`, "POST").length, 1, "no duplicate address");
});

test("selectShippingAddress: an unknown address is VALIDATION, an unknown session NOT_FOUND, bad input INVALID_INPUT", async () => {
  const r = await ev(async () => {
    const c = client();
    const sess = await c.createCheckoutSession();
    return {
      unknown: await settle(c.selectShippingAddress(sess.id, { addressId: "no-such-address" })),
      noSession: await settle(c.checkoutShippingAddress("no-such-session")),
      bad: await settle(c.selectShippingAddress(sess.id, { addressId: "" })),
      nothing: await settle(c.checkoutShippingAddress(sess.id)),
    };
  });
  assert.equal(r.unknown.code, "VALIDATION");
  assert.equal(r.noSession.code, "NOT_FOUND");
  assert.equal(r.bad.code, "INVALID_INPUT");
  assert.deepEqual(r.bad.fieldErrors, { addressId: ["required"] });
  assert.equal(r.nothing.value.active, undefined, "nothing selected before any PUT");
});

test("validateAddress in the browser: countryCode allowed whatever `allowed` lists; fieldErrors keyed once", async () => {
  const r = await ev(async () => {
    const c = client();
    const f = { countryCode: "NL", required: ["postalCode"], allowed: ["postalCode"] };
    const server = await settle(c.createAddress({ countryCode: "NL" }));
    return { local: c.validateAddress({ countryCode: "NL", postalCode: "1012 AB" }, f), server };
  });
  assert.deepEqual(r.local, {});
  assert.equal(r.server.code, "VALIDATION");
  for (const k of Object.keys(r.server.fieldErrors)) assert.ok(!k.includes("_"), `keyed by the camelCase name: ${k}`);
});

test("ClientConfig.headers cross CORS to the API (preflight allowed) and reach it", async () => {
  const r = await ev(async () => settle(client({ headers: { "X-Trace-Id": "trace-1", "Accept-Language": "nl-NL" } }).listShippingMethods({ countryCode: "NL" })));
  assert.ok(r.ok, JSON.stringify(r));
  const log = await t.log();
  const get = log.find((e) => e.rawPath === "/lcs/methods" && e.method === "GET");
  assert.equal(get.headers["x-trace-id"], "trace-1");
  assert.equal(get.headers["accept-language"], "nl-NL");
});
