// payments.mjs: payment methods (GET/PUT /odr/sessions/{id}/billing/methods use them),
// transactions (made by POST /odr/sessions/{id}/authorize in checkout.mjs, read with
// GET /odr/transactions/{secret}) and the mock's payment page (/__mock/pay/{secret}), where the
// tester pays, cancels or fails a transaction and is sent on to the return URL with the secret.

import { randomUUID, randomBytes } from 'node:crypto';
import { MockError, badRequest, notFound, json, isoSeconds, escapeHtml, stableUuid } from './common.mjs';

export const PROVIDER_CODE = 'mock';

// The payment methods every session offers. A method's and an issuer's `method_id` are stable
// uuids; `code` is what a transaction's payment reports as method_code / issuer_code. `fee` is a
// payment service on the projection: money (`amount`, minor units) or a `percentage`.
const METHODS = [
  { code: 'ideal', name: 'iDEAL', issuers: [
    { code: 'ABNANL2A', name: 'ABN AMRO' },
    { code: 'INGBNL2A', name: 'ING' },
    { code: 'RABONL2U', name: 'Rabobank' },
  ] },
  { code: 'creditcard', name: 'Credit card', fee: { description: 'Credit card costs', percentage: 1.5 } },
  { code: 'paypal', name: 'PayPal', fee: { description: 'PayPal costs', amount: 29 } },
].map((m) => ({
  ...m,
  method_id: stableUuid(`billing-method:${m.code}`),
  issuers: (m.issuers ?? []).map((i) => ({ ...i, method_id: stableUuid(`billing-issuer:${m.code}:${i.code}`) })),
}));

// Outcomes the payment page offers: the transaction state each one leaves.
const OUTCOMES = { paid: 'paid', cancelled: 'cancelled', failed: 'failed', pending: 'open' };

export function createPayments(ctx) {
  let s;
  function reset() {
    s = { transactions: new Map() }; // secret -> transaction
  }
  reset();

  const methodById = (id) => METHODS.find((m) => m.method_id === id) ?? null;
  const issuerById = (method, id) => method.issuers.find((i) => i.method_id === id) ?? null;

  // GET .../billing/methods options. `issuers` and `metadata` only where there is something.
  const options = () => METHODS.map((m) => {
    const o = { method_id: m.method_id, name: m.name };
    if (m.issuers.length) o.issuers = m.issuers.map((i) => ({ method_id: i.method_id, name: i.name, metadata: { bic: i.code } }));
    return o;
  });

  // The fee service of a selected method ({method_id, issuer_id?}), or null.
  const feeOf = (selection) => (selection && methodById(selection.method_id)?.fee) || null;

  // The transaction states that make a session (or order) authorized: it may not pay again.
  const holds = (tx) => tx.state === 'open' || tx.state === 'paid';
  const get = (secret) => s.transactions.get(secret) ?? null;
  const isOrderLocked = (orderId) => [...s.transactions.values()].some((tx) => tx.orderId === orderId && holds(tx));

  // A new transaction (state `open`: the payment is pending until the payment page answers).
  function create({ sessionId, order, calculation, selection, contactId, returnUrl }) {
    const method = methodById(selection.method_id);
    const issuer = selection.issuer_id ? issuerById(method, selection.issuer_id) : null;
    const now = Date.now();
    const tx = {
      id: randomUUID(), paymentId: randomUUID(), secret: randomBytes(20).toString('hex'),
      sessionId, orderId: order.id, number: order.number, currency: calculation.currency, amount: calculation.total,
      items: order.items, contactId, method, issuer, returnUrl, state: 'open', createdAt: now, updatedAt: now, paidAt: null,
    };
    s.transactions.set(tx.secret, tx);
    return tx;
  }

  // The return URL with the secret: `secret` is set as a query parameter (others are kept).
  const returnTo = (tx) => {
    const u = new URL(tx.returnUrl);
    u.searchParams.set('secret', tx.secret);
    return u.href;
  };

  // GET /odr/transactions/{secret}
  function view(tx) {
    const paid = tx.state === 'paid';
    const payment = {
      id: tx.paymentId, amount: tx.amount, provider_code: PROVIDER_CODE, method_code: tx.method.code,
      ...(tx.issuer ? { issuer_code: tx.issuer.code } : {}),
      is_refund: false, is_pending: tx.state === 'open', is_paid: paid, is_authorized: paid, is_captured: paid,
      return_url: tx.returnUrl, metadata: { status: tx.state },
      ...(paid ? { paid_at: isoSeconds(tx.paidAt) } : {}),
      created_at: isoSeconds(tx.createdAt), updated_at: isoSeconds(tx.updatedAt),
    };
    const purchase = { items: tx.items.map((it) => ({ sku: it.sku, ...(it.description ? { description: it.description } : {}), type: it.type,
      amount: it.amount, quantity: it.quantity, vat_rate: it.vat_rate })) };
    if (tx.contactId) purchase.contact_id = tx.contactId;
    return {
      id: tx.id, reference: { entity_id: tx.orderId, entity_type: 'order' }, description: `Order ${tx.number}`, number: tx.number,
      amount_due: paid ? 0 : tx.amount, amount_paid: paid ? tx.amount : 0, currency: tx.currency, payments: [payment], purchase,
      preset: { method_code: tx.method.code, ...(tx.issuer ? { issuer_code: tx.issuer.code } : {}), provider_code: PROVIDER_CODE },
      secret: tx.secret, return_url: tx.returnUrl, created_at: isoSeconds(tx.createdAt), updated_at: isoSeconds(tx.updatedAt),
    };
  }

  // ---- the payment page ----

  const money = (amount, currency) => `${currency} ${(amount / 100).toFixed(2)}`;
  const page = (title, body, status = 200) => ({
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    text: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.4 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;cursor:pointer}
dt{color:#555}dd{margin:0 0 .5rem}</style></head>
<body><main>
${body}
</main></body></html>
`,
  });

  function payPage(tx) {
    const details = `<h1>Mock payment</h1>
<dl>
<dt>Order</dt><dd id="order">${escapeHtml(tx.number)}</dd>
<dt>Amount</dt><dd id="amount" data-amount="${tx.amount}" data-currency="${escapeHtml(tx.currency)}">${escapeHtml(money(tx.amount, tx.currency))}</dd>
<dt>Method</dt><dd id="method">${escapeHtml(tx.method.name)}${tx.issuer ? ` (${escapeHtml(tx.issuer.name)})` : ''}</dd>
<dt>Status</dt><dd id="status">${escapeHtml(tx.state)}</dd>
</dl>`;
    if (tx.state !== 'open') {
      return page('Mock payment', `${details}
<p>This payment is ${escapeHtml(tx.state)}.</p>
<p><a id="continue" href="${escapeHtml(returnTo(tx))}">Back to the shop</a></p>`);
    }
    return page('Mock payment', `${details}
<form method="post" action="/__mock/pay/${escapeHtml(tx.secret)}">
<button type="submit" name="outcome" value="paid" id="pay">Pay</button>
<button type="submit" name="outcome" value="cancelled" id="cancel">Cancel</button>
<button type="submit" name="outcome" value="failed" id="fail">Fail</button>
<button type="submit" name="outcome" value="pending" id="pending">Return, still pending</button>
</form>`);
  }

  const payable = (params) => {
    const tx = get(params.secret);
    if (!tx) throw notFound(`No mock transaction ${params.secret}`);
    return tx;
  };

  const controlRoutes = [
    ['GET', '/__mock/pay/:secret', ({ params }) => {
      const tx = get(params.secret);
      if (!tx) return page('Mock payment', '<h1>Mock payment</h1>\n<p id="status">Unknown payment.</p>', 404);
      return payPage(tx);
    }],
    // {outcome: paid | cancelled | failed | pending} (a form or JSON): records it and answers
    // 303 to the return URL with ?secret=. A final outcome is final: the same one again only
    // redirects again, another one is 409.
    ['POST', '/__mock/pay/:secret', ({ params, body }) => {
      const tx = payable(params);
      const outcome = body?.outcome;
      if (!Object.hasOwn(OUTCOMES, outcome ?? '')) {
        throw badRequest(`outcome must be one of ${Object.keys(OUTCOMES).join(', ')}`, { 'invalid value': ['outcome'] });
      }
      const next = OUTCOMES[outcome];
      if (tx.state !== 'open' && tx.state !== next) throw new MockError(409, `The payment is already ${tx.state}`);
      if (tx.state !== next) {
        tx.state = next;
        tx.updatedAt = Date.now();
        if (next === 'paid') tx.paidAt = tx.updatedAt;
      }
      const location = returnTo(tx);
      return { status: 303, headers: { location, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' }, text: `See ${location}\n` };
    }],
    // The return URL when neither the order nor the config names one.
    ['GET', '/__mock/return', ({ query }) => {
      const tx = query.secret ? get(query.secret) : null;
      const result = tx ? `<p>Payment <span id="status">${escapeHtml(tx.state)}</span>.</p>
<p><a id="transaction" href="/odr/transactions/${escapeHtml(tx.secret)}">GET /odr/transactions/${escapeHtml(tx.secret)}</a></p>` : '<p id="status">No such payment.</p>';
      return page('Back from the mock payment', `<h1>Back from the mock payment</h1>\n${result}`);
    }],
    ['GET', '/__mock/transactions', () => json([...s.transactions.values()].map((tx) => ({ ...view(tx), state: tx.state, session_id: tx.sessionId })))],
  ];

  const routes = [
    ['GET', '/odr/transactions/:secret', (req) => {
      const tx = get(req.params.secret);
      if (!tx) throw notFound('Transaction not found');
      return json(view(tx));
    }],
  ];

  return { reset, routes, controlRoutes, options, methodById, issuerById, feeOf, create, get, holds, isOrderLocked };
}
