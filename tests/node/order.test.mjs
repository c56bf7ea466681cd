// The rest of the checkout (issue #18, API.md "The rest of the checkout"), in Node with an
// injected fetch answering as the reference documents: every method's request and answer,
// typed errors, and placeOrder's rules (never pay twice).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

import { json, apiError, fakeApi, rejection } from "../support/fake-api.mjs";

const empty = (status) => new Response(null, { status });
const hang = (signal) => new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
const fake = (route, config) => fakeApi(lib, route, config);

const ADDRESS = { id: "a1", country_code: "NL", postal_code: "1012 AB" };
const TOTALS = {
  items: [{ sku: "TSHIRT", description: "T-shirt", quantity: 2, amount: 1500, subtotal: 3000, total: 2700, vat_percentage: 21,
    adjustments: [{ description: "10% off", amount: 10, is_percentage: true, is_discount: true }], type: "product" }],
  services: [{ type: "shipping", description: "PostNL", amount: 695, quantity: 1, subtotal: 695, total: 695 },
    { type: "fee", description: "Payment fee", amount: 2, is_percentage: true, quantity: 1, subtotal: 68, total: 68 }],
  adjustments: [{ description: "Coupon WELCOME", amount: 500, is_discount: true, result: { is_applied_rule: true } }],
  subtotal: 3763, total: 3263, vat: [{ rate: 21, amount: 566 }], currency: "EUR", is_including_vat: true, client_id: "x",
};

test("session, order, contact, phone numbers, billing: requests as the reference documents, answers in camelCase", async () => {
  const { client, sent } = fake((m, p, b) => {
    if (p === "/odr/sessions/s1" && m === "GET") return json({ expires_at: "2026-12-07T10:00:00Z" });
    if (p === "/odr/sessions/s1/order") return json({ order_id: b.order_id });
    if (p === "/odr/sessions/s1/contact" && m === "POST") return empty(204);
    if (p === "/odr/sessions/s1/contact") return json({ id: "c1", version: "v1", email: "jane@example.com", given_name: "Jane", tags: ["vip"] });
    if (p === "/odr/sessions/s2/contact") return json({});
    if (p === "/odr/sessions/s1/phonenumbers" && m === "POST") return json({ id: "p1", country_code: b.country_code, number: b.number }, 202);
    if (p === "/odr/sessions/s1/phonenumbers") return empty(202);
    if (p === "/odr/sessions/s1/billing" && m === "PUT") return json({ ...ADDRESS, id: b.address_id });
    if (p === "/odr/sessions/s1/billing") return json({ active: ADDRESS, options: { session: { primary: ADDRESS, secondary: [] } } });
    return apiError(404);
  });
  assert.deepEqual(await client.getCheckoutSession("s1"), { id: "s1", expiresAt: "2026-12-07T10:00:00Z" });
  assert.equal(await client.attachOrder("s1", { orderId: "o1" }), undefined);
  assert.equal(await client.setCheckoutContact("s1", { email: "jane@example.com", givenName: "Jane" }), undefined);
  assert.deepEqual(await client.checkoutContact("s1"), { id: "c1", email: "jane@example.com", givenName: "Jane", tags: ["vip"] });
  assert.equal(await client.checkoutContact("s2"), undefined, "no contact yet");
  assert.deepEqual(await client.addCheckoutPhoneNumber("s1", { countryCode: "nl", number: "0612345678" }), { id: "p1", countryCode: "NL", number: "0612345678" });
  assert.equal(await client.selectPhoneNumber("s1", { phoneNumberId: "p1" }), undefined);
  assert.equal((await client.selectBillingAddress("s1", { addressId: "a9" })).id, "a9");
  const billing = await client.checkoutBillingAddress("s1");
  assert.equal(billing.active.id, "a1");
  assert.equal(billing.options.session.primary.postalCode, "1012 AB");
  assert.deepEqual(sent.map((r) => [r.method, r.path, r.body]), [
    ["GET", "/odr/sessions/s1", undefined],
    ["PUT", "/odr/sessions/s1/order", { order_id: "o1" }],
    ["POST", "/odr/sessions/s1/contact", { email: "jane@example.com", given_name: "Jane" }],
    ["GET", "/odr/sessions/s1/contact", undefined],
    ["GET", "/odr/sessions/s2/contact", undefined],
    ["POST", "/odr/sessions/s1/phonenumbers", { country_code: "NL", number: "0612345678" }],
    ["PUT", "/odr/sessions/s1/phonenumbers", { phone_number_id: "p1" }],
    ["PUT", "/odr/sessions/s1/billing", { address_id: "a9" }],
    ["GET", "/odr/sessions/s1/billing", undefined],
  ]);
});

test("addCheckoutAddress: one POST …/address (no PUT …/shipping), the added address back; bad input sends nothing", async () => {
  const { client, sent } = fake((m, p, b) => {
    if (p === "/odr/sessions/s1/address" && m === "POST") return json({ ...b, id: "a7", created_at: "2026-12-06T10:00:00Z" }, 202);
    if (p === "/odr/sessions/nope/address") return apiError(404);
    return apiError(400, { "invalid value": ["postal_code"] });
  });
  const added = await client.addCheckoutAddress("s1", { countryCode: "be", postalCode: "1000", locality: "Brussel" });
  assert.deepEqual(added, { id: "a7", countryCode: "BE", postalCode: "1000", locality: "Brussel", createdAt: "2026-12-06T10:00:00Z" });
  assert.deepEqual(sent.map((r) => [r.method, r.path, r.body]), [
    ["POST", "/odr/sessions/s1/address", { country_code: "BE", postal_code: "1000", locality: "Brussel" }],
  ]);
  for (const call of [() => client.addCheckoutAddress("", { countryCode: "NL" }), () => client.addCheckoutAddress("s1", { countryCode: "NLD" }),
    () => client.addCheckoutAddress("s1", {}), () => client.addCheckoutAddress("s1", null)]) {
    assert.equal((await rejection(call())).code, "INVALID_INPUT", call.toString());
  }
  assert.equal(sent.length, 1, "bad input sends nothing");
  assert.equal((await rejection(client.addCheckoutAddress("nope", { countryCode: "NL" }))).code, "NOT_FOUND");
  const v = await rejection(client.addCheckoutAddress("s2", { countryCode: "NL", postalCode: "x" }));
  assert.equal(v.code, "VALIDATION");
  assert.deepEqual(Object.keys(v.fieldErrors), ["postalCode"]);
});

test("payment methods ('acitve', sic; an issuer's id is its method_id), totals and the transaction", async () => {
  const { client, sent } = fake((m, p, b) => {
    if (p === "/odr/sessions/s1/billing/methods" && m === "GET") {
      return json({ acitve: { method_id: "ideal", issuer_id: "ing" }, options: [
        { method_id: "ideal", name: "iDEAL", issuers: [{ method_id: "ing", name: "ING", metadata: {} }, { method_id: "abn", name: "ABN AMRO" }], metadata: {} },
        { method_id: "paypal", name: "PayPal" }] });
    }
    if (p === "/odr/sessions/s1/billing/methods") return json(b);
    if (p === "/odr/sessions/s1/projection") return json(TOTALS);
    if (p === "/odr/transactions/sec-1") {
      return json({ id: "t1", number: "T-1", amount_due: 0, amount_paid: 3263, currency: "EUR", secret: "sec-1",
        payments: [{ id: "pay1", amount: 3263, method_code: "ideal", issuer_code: "ing", is_paid: true, paid_at: "2026-12-06T21:00:00Z" }] });
    }
    return apiError(404);
  });
  const methods = await client.checkoutPaymentMethods("s1");
  assert.deepEqual(methods.active, { methodId: "ideal", issuerId: "ing" });
  assert.deepEqual(methods.options[0].issuers, [{ id: "ing", name: "ING" }, { id: "abn", name: "ABN AMRO" }]);
  assert.deepEqual(methods.options[1], { methodId: "paypal", name: "PayPal", issuers: [] });
  assert.deepEqual(await client.selectPaymentMethod("s1", { methodId: "ideal", issuerId: "abn" }), { methodId: "ideal", issuerId: "abn" });
  assert.deepEqual(sent.at(-1).body, { method_id: "ideal", issuer_id: "abn" });
  const t = await client.checkoutTotals("s1");
  assert.equal(t.total, 3263);
  assert.equal(t.currency, "EUR");
  assert.equal(t.isIncludingVat, true);
  assert.deepEqual(t.items[0].adjustments[0], { description: "10% off", amount: 10, isPercentage: true, isDiscount: true });
  assert.equal(t.services[1].isPercentage, true, "a percentage service amount is marked, never money");
  assert.equal(t.services[0].isPercentage, false);
  assert.deepEqual(t.adjustments[0], { description: "Coupon WELCOME", amount: 500, isPercentage: false, isDiscount: true });
  assert.deepEqual(t.vat, [{ rate: 21, amount: 566 }]);
  const money = new Intl.NumberFormat("nl-NL", { style: "currency", currency: t.currency });
  assert.match(money.format(t.total / 100), /32,63/);
  const tx = await client.getTransaction("sec-1");
  assert.equal(tx.amountPaid, 3263);
  assert.deepEqual(tx.payments[0], { id: "pay1", amount: 3263, methodCode: "ideal", issuerCode: "ing", isPending: false, isPaid: true, paidAt: "2026-12-06T21:00:00Z" });
});

test("every new method: bad input is INVALID_INPUT (nothing sent), an unknown session NOT_FOUND, a 400 VALIDATION with fieldErrors, an aborted signal ABORTED", async () => {
  const { client, sent } = fake((m, p) => (p.startsWith("/odr/sessions/nope") ? apiError(404) : apiError(400, { "invalid value": ["email", "phone_number_id", "method_id"] })));
  const bad = [
    () => client.getCheckoutSession(""), () => client.attachOrder("s1", { orderId: "" }), () => client.setCheckoutContact("s1", { email: "no-at" }),
    () => client.checkoutContact(""), () => client.addCheckoutPhoneNumber("s1", { countryCode: "NLD", number: "1" }),
    () => client.selectPhoneNumber("s1", {}), () => client.selectBillingAddress("s1", { addressId: 1 }), () => client.checkoutBillingAddress(5),
    () => client.checkoutPaymentMethods(""), () => client.selectPaymentMethod("s1", { issuerId: "x" }), () => client.checkoutTotals(null),
    () => client.placeOrder("s1", { expectedTotal: "12" }), () => client.placeOrder(""), () => client.getTransaction(""),
  ];
  for (const call of bad) assert.equal((await rejection(call())).code, "INVALID_INPUT", call.toString());
  assert.equal(sent.length, 0);
  const calls = {
    getCheckoutSession: (s) => client.getCheckoutSession(s), attachOrder: (s) => client.attachOrder(s, { orderId: "o" }),
    setCheckoutContact: (s) => client.setCheckoutContact(s, { email: "a@b.nl" }), checkoutContact: (s) => client.checkoutContact(s),
    addCheckoutPhoneNumber: (s) => client.addCheckoutPhoneNumber(s, { countryCode: "NL", number: "1" }),
    selectPhoneNumber: (s) => client.selectPhoneNumber(s, { phoneNumberId: "p" }), selectBillingAddress: (s) => client.selectBillingAddress(s, { addressId: "a" }),
    checkoutBillingAddress: (s) => client.checkoutBillingAddress(s), checkoutPaymentMethods: (s) => client.checkoutPaymentMethods(s),
    selectPaymentMethod: (s) => client.selectPaymentMethod(s, { methodId: "m" }), checkoutTotals: (s) => client.checkoutTotals(s),
    placeOrder: (s) => client.placeOrder(s),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.equal((await rejection(call("nope"))).code, "NOT_FOUND", name);
    const v = await rejection(call("s1"));
    assert.equal(v.code, "VALIDATION", name);
    assert.ok(v.fieldErrors && Object.keys(v.fieldErrors).length, name);
  }
  assert.equal((await rejection(client.getTransaction("nope"))).code, "VALIDATION");
  const { client: slow } = fake((m, p, b, init) => hang(init.signal));
  const ctrl = new AbortController();
  const pending = slow.checkoutTotals("s1", { signal: ctrl.signal });
  setTimeout(() => ctrl.abort(), 20);
  assert.equal((await rejection(pending)).code, "ABORTED");
  assert.equal((await rejection(slow.getTransaction("x", { signal: AbortSignal.abort() }))).code, "ABORTED");
});

/** A checkout API for placeOrder: the calculation's total, and what an authorize does. */
function shop({ total = 3263, authorize = () => json({ accepted: true, forward_uri: "https://pay.example/t/1" }) } = {}) {
  let calc = 0;
  return fake((m, p, b, init) => {
    if (p === "/odr/sessions/s1/calculation") return json({ id: `calc-${++calc}`, total, currency: "EUR", items: [] });
    if (p === "/odr/sessions/s1/authorize") return authorize(b, init);
    return apiError(404);
  });
}
const authorizes = (sent) => sent.filter((r) => r.path.endsWith("/authorize"));

test("placeOrder: a fresh calculation, then one authorize of it; two clicks send one; a click after success sends nothing", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const { client, sent } = shop({ authorize: async () => (await gate, json({ accepted: true, forward_uri: "https://pay.example/t/1" })) });
  const first = client.placeOrder("s1", { expectedTotal: 3263 });
  const second = client.placeOrder("s1", { expectedTotal: 3263 });
  await new Promise((r) => setTimeout(r, 20));
  release();
  const [a, b] = await Promise.all([first, second]);
  assert.deepEqual(a, { accepted: true, forwardUri: "https://pay.example/t/1", calculationId: "calc-1", total: 3263 });
  assert.deepEqual(b, a);
  const again = await client.placeOrder("s1");
  assert.deepEqual(again, a, "the back button: the same result");
  assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), ["GET /odr/sessions/s1/calculation", "POST /odr/sessions/s1/authorize"]);
  assert.deepEqual(authorizes(sent)[0].body, { calculation_id: "calc-1" });
});

test("placeOrder: a changed total is CONFLICT and nothing is authorized", async () => {
  const { client, sent } = shop({ total: 3500 });
  const e = await rejection(client.placeOrder("s1", { expectedTotal: 3263 }));
  assert.equal(e.code, "CONFLICT");
  assert.equal(authorizes(sent).length, 0);
});

test("placeOrder: an unknown outcome (timeout, lost connection, truncated answer) is outcomeUnknown; the next call needs retryUnknown", async () => {
  for (const [name, authorize, config] of [
    ["timeout", (b, init) => hang(init.signal), { timeoutMs: 50 }],
    ["reset", () => Promise.reject(new TypeError("fetch failed")), {}],
    ["truncated", () => new Response('{"accepted": tr', { status: 200, headers: { "content-type": "application/json" } }), {}],
  ]) {
    const { client, sent } = shop({ authorize });
    const c = config.timeoutMs ? new lib.AfostoClient({ retries: 0, timeoutMs: 50, fetch: (u, i) => {
      const p = new URL(u).pathname;
      sent.push({ method: i.method, path: p, body: i.body && JSON.parse(i.body) });
      return p.endsWith("/calculation") ? Promise.resolve(json({ id: "calc-x", total: 1 })) : hang(i.signal);
    } }) : client;
    const e = await rejection(c.placeOrder("s1"));
    assert.equal(e.outcomeUnknown, true, name);
    const refused = await rejection(c.placeOrder("s1"));
    assert.equal(refused.code, "CONFLICT", name);
    assert.equal(refused.outcomeUnknown, undefined);
    assert.equal(authorizes(sent).length, 1, `${name}: one authorize`);
    await rejection(c.placeOrder("s1", { retryUnknown: true }));
    assert.equal(authorizes(sent).length, 2, `${name}: retryUnknown sends again`);
  }
  // A server that answered (500) is a known failure: the next call may send.
  const { client, sent } = shop({ authorize: () => apiError(500) });
  const e = await rejection(client.placeOrder("s1"));
  assert.equal(e.code, "SERVER");
  assert.equal(e.outcomeUnknown, undefined);
  await rejection(client.placeOrder("s1"));
  assert.equal(authorizes(sent).length, 2, "never retried by the transport, but a new click sends");
});

test("placeOrder: a forwardUri that is not https (loopback excepted) is DECODE", async () => {
  for (const uri of ["http://pay.example/x", "javascript:alert(1)"]) {
    const { client } = shop({ authorize: () => json({ accepted: true, forward_uri: uri }) });
    assert.equal((await rejection(client.placeOrder("s1"))).code, "DECODE", uri);
  }
  const { client } = shop({ authorize: () => json({ accepted: true, forward_uri: "http://127.0.0.1:4011/__mock/pay/x" }) });
  assert.equal((await client.placeOrder("s1")).forwardUri, "http://127.0.0.1:4011/__mock/pay/x");
});
