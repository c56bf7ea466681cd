// The rest of the checkout (issue #18) in the browser against the mock: a cart the shop's back
// end made, contact, phone, billing, payment method with issuer, totals with the discount
// line, placeOrder, the payment page, the transaction; placeOrder's rules under the mock's
// faults, with the request log showing at most one authorize per session.
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

const ev = (fn, arg) => t.page.evaluate(fn, arg);

/** An order as a shop's back end makes it (the mock's control API). */
async function makeOrder(coupon = { description: "Coupon WELCOME", amount: 500 }) {
  const r = await fetch(t.mock.url + "/__mock/orders", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ items: [{ sku: "TEE-1", description: "T-shirt", amount: 1995, quantity: 2, vat_rate: 21 }], currency: "EUR", coupon }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).id;
}

/** A session ready to pay: cart, address, shipping method, contact, phone, billing, iDEAL with an issuer. */
async function readySession(orderId) {
  return ev(async (orderId) => {
    const c = client();
    const { id } = await c.createCheckoutSession();
    await c.attachOrder(id, { orderId });
    const address = await c.setCheckoutAddress(id, { countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam", givenName: "Jane", familyName: "Doe" });
    const methods = await c.checkoutShippingMethods(id);
    await c.selectShippingMethod(id, { methodId: methods.options[0].id });
    await c.setCheckoutContact(id, { email: "jane@example.com", givenName: "Jane", familyName: "Doe" });
    const phone = await c.addCheckoutPhoneNumber(id, { countryCode: "NL", number: "0612345678" });
    await c.selectPhoneNumber(id, { phoneNumberId: phone.id });
    await c.selectBillingAddress(id, { addressId: address.id });
    const pay = await c.checkoutPaymentMethods(id);
    const ideal = pay.options.find((m) => m.issuers.length) ?? pay.options[0];
    await c.selectPaymentMethod(id, { methodId: ideal.methodId, issuerId: ideal.issuers[0]?.id });
    return id;
  }, orderId);
}

test("the whole checkout: cart, contact, phone, billing, payment method, totals with the discount line, placeOrder, pay, transaction", async () => {
  const orderId = await makeOrder();
  const id = await readySession(orderId);
  const r = await ev(async (id) => {
    const c = client();
    return {
      session: await c.getCheckoutSession(id),
      contact: await c.checkoutContact(id),
      billing: await c.checkoutBillingAddress(id),
      methods: await c.checkoutPaymentMethods(id),
      totals: await c.checkoutTotals(id),
      placed: await settle(c.placeOrder(id)),
    };
  }, id);
  assert.equal(r.session.id, id);
  assert.equal(r.contact.email, "jane@example.com");
  assert.ok(r.billing.active?.id);
  assert.ok(r.methods.active?.methodId && r.methods.active.issuerId);
  const t1 = r.totals;
  assert.equal(t1.currency, "EUR");
  assert.equal(t1.items[0].quantity, 2);
  assert.ok(t1.services.some((s) => s.type === "shipping"), JSON.stringify(t1.services));
  assert.ok(t1.adjustments.some((a) => a.isDiscount && /WELCOME/.test(a.description ?? "")), JSON.stringify(t1.adjustments));
  assert.ok(t1.vat.length >= 1);
  assert.ok(r.placed.ok, JSON.stringify(r.placed));
  const placed = r.placed.value;
  assert.equal(placed.accepted, true);
  assert.equal(placed.total, t1.total, "the calculation's total is what the totals showed");
  assert.ok(placed.forwardUri.startsWith(t.mock.url), placed.forwardUri);
  // The shopper pays on the mock's page; it returns with the transaction's secret.
  const secret = new URL(placed.forwardUri).pathname.split("/").pop();
  const paid = await fetch(placed.forwardUri, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "paid" }), redirect: "manual" });
  assert.equal(paid.status, 303);
  assert.match(paid.headers.get("location"), new RegExp(`secret=${secret}`));
  const tx = await ev(async (secret) => {
    const c = client();
    return c.getTransaction(secret);
  }, secret);
  assert.ok(tx.payments.some((p) => p.isPaid), JSON.stringify(tx));
  assert.equal(tx.amountPaid, placed.total);
  const log = await t.log();
  assert.equal(hits(log, `/odr/sessions/${id}/authorize`, "POST").length, 1);
});

test("placeOrder: two clicks send one authorize; a click after success sends nothing; a changed cart total is CONFLICT", async () => {
  const orderId = await makeOrder();
  const id = await readySession(orderId);
  const r = await ev(async (id) => {
    const c = client();
    const totals = await c.checkoutTotals(id);
    const [a, b] = await Promise.all([settle(c.placeOrder(id, { expectedTotal: totals.total })), settle(c.placeOrder(id, { expectedTotal: totals.total }))]);
    const again = await settle(client().placeOrder(id)); // another client: the server refuses a second authorize
    const sameClient = await settle(c.placeOrder(id));
    return { a, b, again, sameClient };
  }, id);
  assert.ok(r.a.ok && r.b.ok, JSON.stringify(r));
  assert.deepEqual(r.b.value, r.a.value);
  assert.deepEqual(r.sameClient.value, r.a.value, "a click after the back button answers from memory");
  assert.equal(r.again.ok, false, "the server refuses to authorize a session twice");
  const log = await t.log();
  assert.equal(hits(log, `/odr/sessions/${id}/authorize`, "POST").filter((e) => e.status === 200).length, 1);

  // The shop changes the cart after the shopper saw the total.
  const order2 = await makeOrder();
  const id2 = await readySession(order2);
  const seen = await ev(async (id) => (await client().checkoutTotals(id)).total, id2);
  const put = await fetch(`${t.mock.url}/__mock/orders/${order2}`, { method: "PUT", headers: { "content-type": "application/json" },
    body: JSON.stringify({ items: [{ sku: "TEE-1", description: "T-shirt", amount: 2495, quantity: 2, vat_rate: 21 }], currency: "EUR" }) });
  assert.equal(put.status, 200);
  const changed = await ev(async ([id, seen]) => settle(client().placeOrder(id, { expectedTotal: seen })), [id2, seen]);
  assert.equal(changed.code, "CONFLICT", JSON.stringify(changed));
  assert.equal(hits(await t.log(), `/odr/sessions/${id2}/authorize`, "POST").length, 0, "nothing authorized");
});

/** The transactions the mock made for session `id` (an authorize it ran). */
async function transactionsOf(id) {
  const all = await (await fetch(t.mock.url + "/__mock/transactions")).json();
  return all.filter((x) => x.session_id === id);
}

test("placeOrder under the mock's faults on authorize: the outcome is unknown, the next call refuses without retryUnknown; one authorize per session", async () => {
  for (const fault of ["stall-after", "truncate"]) {
    const id = await readySession(await makeOrder());
    await t.fault({ method: "POST", path: `/odr/sessions/${id}/authorize`, fault });
    const r = await ev(async (id) => {
      const c = client({ timeoutMs: 1500 });
      let first;
      try { await c.placeOrder(id); } catch (e) { first = { code: e.code, outcomeUnknown: e.outcomeUnknown }; }
      const refused = await settle(c.placeOrder(id));
      return { first, refused };
    }, id);
    assert.ok(["TIMEOUT", "DECODE"].includes(r.first?.code), `${fault}: ${JSON.stringify(r.first)}`);
    assert.equal(r.first.outcomeUnknown, true, fault);
    assert.equal(r.refused.code, "CONFLICT", fault);
    assert.equal(hits(await t.log(), `/odr/sessions/${id}/authorize`, "POST").length, 1, `${fault}: one authorize in the log`);
    assert.equal((await transactionsOf(id)).length, 1, `${fault}: one transaction`);
  }
  // A reset after the mock ran the authorize: the package never resends a POST, but an engine may
  // resend on a reset keep-alive socket (Chromium does); the server refuses that second authorize,
  // so the shopper still pays once. Either way: one transaction.
  const id = await readySession(await makeOrder());
  await t.fault({ method: "POST", path: `/odr/sessions/${id}/authorize`, fault: "reset-after" });
  const r = await ev(async (id) => {
    const c = client();
    try { await c.placeOrder(id); } catch (e) { return { code: e.code, outcomeUnknown: e.outcomeUnknown }; }
    return { code: "none" };
  }, id);
  assert.ok(r.code === "NETWORK" ? r.outcomeUnknown === true : r.code === "VALIDATION", JSON.stringify(r));
  assert.equal((await transactionsOf(id)).length, 1, "reset-after: one transaction");
});

test("outcomeUnknown is on the rejection, and retryUnknown sends again", async () => {
  const id = await readySession(await makeOrder());
  await t.fault({ method: "POST", path: `/odr/sessions/${id}/authorize`, fault: "stall-after" });
  const r = await ev(async (id) => {
    const c = client({ timeoutMs: 1500 });
    let unknown;
    try { await c.placeOrder(id); } catch (e) { unknown = e.outcomeUnknown; }
    const retried = await settle(c.placeOrder(id, { retryUnknown: true }));
    return { unknown, retried };
  }, id);
  assert.equal(r.unknown, true);
  // The first authorize did happen (the mock ran it, then stalled): the server refuses a second.
  assert.equal(r.retried.ok, false);
  assert.equal(hits(await t.log(), `/odr/sessions/${id}/authorize`, "POST").length, 2);
  assert.equal((await transactionsOf(id)).length, 1, "still one transaction");
});

test("every checkout method: VALIDATION with fieldErrors where the mock refuses an input, NOT_FOUND on an unknown session, ABORTED on an aborted signal", async () => {
  const id = await readySession(await makeOrder());
  const r = await ev(async (id) => {
    const c = client();
    const calls = {
      getCheckoutSession: (s, o) => c.getCheckoutSession(s, o),
      attachOrder: (s, o) => c.attachOrder(s, { orderId: "no-such-order" }, o),
      setCheckoutContact: (s, o) => c.setCheckoutContact(s, { email: "jane@example.com" }, o),
      checkoutContact: (s, o) => c.checkoutContact(s, o),
      addCheckoutPhoneNumber: (s, o) => c.addCheckoutPhoneNumber(s, { countryCode: "NL", number: "12" }, o),
      selectPhoneNumber: (s, o) => c.selectPhoneNumber(s, { phoneNumberId: "no-such-number" }, o),
      selectBillingAddress: (s, o) => c.selectBillingAddress(s, { addressId: "no-such-address" }, o),
      checkoutBillingAddress: (s, o) => c.checkoutBillingAddress(s, o),
      checkoutPaymentMethods: (s, o) => c.checkoutPaymentMethods(s, o),
      selectPaymentMethod: (s, o) => c.selectPaymentMethod(s, { methodId: "no-such-method" }, o),
      checkoutTotals: (s, o) => c.checkoutTotals(s, o),
      placeOrder: (s, o) => c.placeOrder(s, {}, o),
      getTransaction: (s, o) => c.getTransaction(s === "no-such-session" ? "no-such-secret" : s, o),
    };
    const out = {};
    for (const [name, call] of Object.entries(calls)) {
      out[name] = {
        unknown: await settle(call("no-such-session")),
        aborted: await settle(call(id, { signal: AbortSignal.abort() })),
        refused: ["attachOrder", "addCheckoutPhoneNumber", "selectPhoneNumber", "selectBillingAddress", "selectPaymentMethod"].includes(name)
          ? await settle(call(id)) : null,
      };
    }
    return out;
  }, id);
  for (const [name, x] of Object.entries(r)) {
    assert.equal(x.unknown.code, "NOT_FOUND", `${name}: ${x.unknown.message}`);
    assert.equal(x.aborted.code, "ABORTED", name);
    if (x.refused) {
      assert.equal(x.refused.code, "VALIDATION", `${name}: ${x.refused.message}`);
      assert.ok(x.refused.fieldErrors && Object.keys(x.refused.fieldErrors).length, `${name}: fieldErrors`);
      for (const k of Object.keys(x.refused.fieldErrors)) assert.ok(!k.includes("_"), `${name}: camelCase key ${k}`);
    }
  }
});

test("selectServicePoint warns through onWarning (CONFLICT, not thrown) when the point's carrier is not the selected method's", async () => {
  const r = await ev(async () => {
    const c = client();
    const heard = [];
    c.onWarning((w) => heard.push({ code: w.code, fieldErrors: w.fieldErrors, method: w.method, path: w.path, message: w.message, isAfosto: lib.isAfostoError(w) }));
    const { id } = await c.createCheckoutSession();
    await c.setCheckoutAddress(id, { countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" });
    // Nothing known yet: no warning, whatever is selected.
    const first = await c.checkoutServicePoints(id, { postalCode: "1012 LG" });
    await c.selectServicePoint(id, { spid: first.options[0].point.id, countryCode: "NL" });
    const before = heard.length;
    const { options } = await c.checkoutShippingMethods(id);
    // A pick-up method of each carrier (the mock's type for them is not a home delivery).
    const byCarrier = (carrier) => options.find((o) => o.carrier === carrier && o.type === "servicepoint");
    const dhl = byCarrier("dhl");
    const postnl = byCarrier("postnl");
    const postnlPoints = await c.checkoutServicePoints(id, { methodId: postnl.id, postalCode: "1012 LG" });
    const dhlPoints = await c.checkoutServicePoints(id, { methodId: dhl.id, postalCode: "1012 LG" });
    await c.selectShippingMethod(id, { methodId: dhl.id });
    const fits = await settle(c.selectServicePoint(id, { spid: dhlPoints.options[0].point.id, countryCode: "NL" }));
    const fitting = heard.length;
    // The last points listed are DHL's: a PostNL point the client has not seen listed is not judged.
    await c.selectServicePoint(id, { spid: postnlPoints.options[0].point.id, countryCode: "NL" });
    const unseen = heard.length;
    await c.checkoutServicePoints(id, { methodId: postnl.id, postalCode: "1012 LG" });
    const odd = await settle(c.selectServicePoint(id, { spid: postnlPoints.options[0].point.id, countryCode: "NL" }));
    const held = await c.checkoutServicePoints(id, { methodId: dhl.id, postalCode: "1012 LG" });
    return { before, fits, fitting, unseen, odd, heard, held: held.active, postnlPoint: postnlPoints.options[0].point, dhl, id };
  });
  assert.equal(r.before, 0, "no warning while the client knows nothing of the session");
  assert.ok(r.fits.ok && r.fitting === 0, "a DHL point for a DHL method: no warning");
  assert.equal(r.unseen, 0);
  assert.ok(r.odd.ok, "accepted: the server decides");
  assert.deepEqual(r.odd.value, { spid: r.postnlPoint.id, countryCode: "NL" });
  assert.equal(r.heard.length, 1, JSON.stringify(r.heard));
  const [w] = r.heard;
  assert.equal(w.code, "CONFLICT");
  assert.ok(w.isAfosto);
  assert.deepEqual(w.fieldErrors, { spid: ["carrier_mismatch"] });
  assert.equal(w.method, "PUT");
  assert.equal(w.path, `/odr/sessions/${r.id}/shipping/point`);
  assert.ok(w.message.includes(`${r.dhl.id} ships with dhl, service point ${r.postnlPoint.id} is postnl's`), w.message);
  assert.deepEqual(r.held, { spid: r.postnlPoint.id, countryCode: "NL" });
  assert.deepEqual(t.problems, []);
});
