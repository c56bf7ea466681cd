// orders.mjs: orders (the carts a shop's back end makes) and their prices. Orders are made and
// changed through the control API (/__mock/orders*), as a shop's back end would make them, and
// attached to a checkout session with PUT /odr/sessions/{id}/order (checkout.mjs). `price` turns
// an order plus the session's shipping and payment choices into the reference's projection lines.
// Money is integer minor units throughout; a percentage is a number (10 = 10 %), never money.

import { randomUUID } from 'node:crypto';
import { MockError, badRequest, notFound, json, isBlank, isHttpUrl, stableUuid } from './common.mjs';

export const DEFAULT_VAT_RATE = 21;
export const DEFAULT_CURRENCY = 'EUR';
const FIRST_NUMBER = 1000001;

// ---- request checks (control API) ----

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Collects problems as the reference's error kinds, with paths as names (`items[0].amount`).
class Problems {
  constructor() {
    this.errors = {};
  }

  add(kind, name) {
    (this.errors[kind] ??= []).push(name);
  }

  throwIfAny(message) {
    if (Object.keys(this.errors).length) throw badRequest(message, this.errors);
  }
}

function only(obj, allowed, path, problems) {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) problems.add('invalid value', `${path}${key}`);
}

const optionalString = (obj, key, path, problems) => {
  if (obj[key] !== undefined && obj[key] !== null && typeof obj[key] !== 'string') problems.add('invalid value', `${path}${key}`);
};

// A discount: {description?, code?, amount (minor units) | percentage (0 < p <= 100)}.
function parseDiscount(d, path, problems, { code = false } = {}) {
  if (!isObject(d)) {
    problems.add('invalid value', path);
    return null;
  }
  only(d, code ? ['description', 'code', 'amount', 'percentage'] : ['description', 'amount', 'percentage'], `${path}.`, problems);
  optionalString(d, 'description', `${path}.`, problems);
  if (code) optionalString(d, 'code', `${path}.`, problems);
  const hasAmount = d.amount !== undefined && d.amount !== null;
  const hasPercentage = d.percentage !== undefined && d.percentage !== null;
  if (hasAmount === hasPercentage) {
    problems.add(hasAmount ? 'invalid value' : 'required', `${path}.amount`);
    return null;
  }
  if (hasAmount && !(Number.isInteger(d.amount) && d.amount > 0)) problems.add('invalid value', `${path}.amount`);
  if (hasPercentage && !(typeof d.percentage === 'number' && d.percentage > 0 && d.percentage <= 100)) problems.add('invalid value', `${path}.percentage`);
  const out = hasAmount ? { amount: d.amount } : { percentage: d.percentage };
  if (!isBlank(d.description)) out.description = d.description;
  if (code && !isBlank(d.code)) out.code = d.code;
  return out;
}

// The order fields from a control-API body (POST and PUT /__mock/orders*), or a 400.
function parseOrder(body) {
  const problems = new Problems();
  if (!isObject(body)) throw badRequest('An order must be a JSON object', { 'invalid value': ['body'] });
  only(body, ['items', 'number', 'currency', 'is_including_vat', 'coupon', 'return_url'], '', problems);
  const order = {
    number: body.number ?? null,
    currency: body.currency ?? DEFAULT_CURRENCY,
    is_including_vat: body.is_including_vat ?? true,
    items: [],
    coupon: null,
    return_url: body.return_url ?? null,
  };
  if (order.number !== null && (typeof order.number !== 'string' || isBlank(order.number))) problems.add('invalid value', 'number');
  if (typeof order.currency !== 'string' || !/^[A-Z]{3}$/.test(order.currency)) problems.add('invalid value', 'currency');
  if (typeof order.is_including_vat !== 'boolean') problems.add('invalid value', 'is_including_vat');
  if (order.return_url !== null && !isHttpUrl(order.return_url)) problems.add('invalid value', 'return_url');
  if (body.coupon !== undefined && body.coupon !== null) order.coupon = parseDiscount(body.coupon, 'coupon', problems, { code: true });

  if (body.items === undefined || body.items === null) problems.add('required', 'items');
  else if (!Array.isArray(body.items) || body.items.length === 0) problems.add('invalid value', 'items');
  else {
    body.items.forEach((it, i) => {
      const path = `items[${i}]`;
      if (!isObject(it)) return problems.add('invalid value', path);
      only(it, ['sku', 'description', 'type', 'amount', 'quantity', 'vat_rate', 'discount'], `${path}.`, problems);
      if (isBlank(it.sku)) problems.add('required', `${path}.sku`);
      else if (typeof it.sku !== 'string') problems.add('invalid value', `${path}.sku`);
      optionalString(it, 'description', `${path}.`, problems);
      optionalString(it, 'type', `${path}.`, problems);
      if (it.amount === undefined || it.amount === null) problems.add('required', `${path}.amount`);
      else if (!Number.isInteger(it.amount) || it.amount < 0) problems.add('invalid value', `${path}.amount`);
      const quantity = it.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1) problems.add('invalid value', `${path}.quantity`);
      const vatRate = it.vat_rate ?? DEFAULT_VAT_RATE;
      if (!Number.isInteger(vatRate) || vatRate < 0 || vatRate > 100) problems.add('invalid value', `${path}.vat_rate`);
      const item = { sku: it.sku, type: isBlank(it.type) ? 'product' : it.type, amount: it.amount, quantity, vat_rate: vatRate };
      if (!isBlank(it.description)) item.description = it.description;
      if (it.discount !== undefined && it.discount !== null) item.discount = parseDiscount(it.discount, `${path}.discount`, problems);
      order.items.push(item);
    });
  }
  problems.throwIfAny(`Not a valid mock order (${Object.entries(problems.errors).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ')})`);
  return order;
}

// ---- pricing ----

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
// The money of a discount (or percentage fee) on `base`: the amount, or the rounded percentage.
const moneyOf = (d, base) => (d.percentage !== undefined ? Math.round((base * d.percentage) / 100) : d.amount);

// An adjustment line; `output` is its money (minor units), `amount` the money or the percentage.
function adjustmentLine(d, output, ruleSeed) {
  const line = {};
  if (d.code) line.reference = d.code;
  if (d.description) line.description = d.description;
  Object.assign(line, {
    amount: d.percentage ?? d.amount,
    is_percentage: d.percentage !== undefined,
    is_discount: true,
    result: { is_applied_rule: true, rule_id: stableUuid(ruleSeed), output },
  });
  return line;
}

// Splits `amount` over the keys of `weights` (Map key -> weight) in proportion, in whole units
// (largest remainder), so the shares add up to `amount` exactly.
function allocate(amount, weights) {
  const total = sum([...weights.values()]);
  const shares = new Map([...weights.keys()].map((k) => [k, 0]));
  if (!amount || !total) return shares;
  const parts = [...weights].map(([k, w]) => ({ k, exact: (amount * w) / total }));
  for (const p of parts) shares.set(p.k, Math.floor(p.exact));
  let left = amount - sum([...shares.values()]);
  parts.sort((a, b) => (b.exact - Math.floor(b.exact)) - (a.exact - Math.floor(a.exact)) || b.k - a.k);
  for (const p of parts) {
    if (left <= 0) break;
    shares.set(p.k, shares.get(p.k) + 1);
    left--;
  }
  return shares;
}

// The projection lines of an order:
// - items: subtotal = amount x quantity, minus the item's discount (an adjustment) = total;
// - subtotal: the items' totals;
// - adjustments: the coupon, on the items' totals (never more than they are);
// - services: shipping ({name, amount} of the selected method for the session's country) and
//   the payment method's fee (money, or a percentage of items - coupon + shipping), both at the
//   highest VAT rate of the items;
// - vat: per rate, over the items (the coupon split over the rates in proportion) and services;
//   with prices including VAT a line is the VAT contained, else it is added to the total;
// - total: subtotal - coupon + services (+ VAT when prices exclude it).
export function price(order, { shipping = null, fee = null } = {}) {
  const itemRates = new Map();
  const items = order.items.map((it, i) => {
    const subtotal = it.amount * it.quantity;
    const adjustments = [];
    let total = subtotal;
    if (it.discount) {
      const output = Math.min(subtotal, moneyOf(it.discount, subtotal));
      adjustments.push(adjustmentLine(it.discount, output, `${order.id}:item-rule:${i}`));
      total -= output;
    }
    itemRates.set(it.vat_rate, (itemRates.get(it.vat_rate) ?? 0) + total);
    const line = { reference: stableUuid(`${order.id}:item:${i}`), sku: it.sku };
    if (it.description) line.description = it.description;
    return Object.assign(line, {
      type: it.type, amount: it.amount, is_discounted: adjustments.length > 0, quantity: it.quantity, subtotal,
      adjustments, vat_percentage: it.vat_rate, total,
    });
  });
  const subtotal = sum(items.map((l) => l.total));

  const adjustments = [];
  let discount = 0;
  if (order.coupon) {
    discount = Math.min(subtotal, moneyOf(order.coupon, subtotal));
    adjustments.push(adjustmentLine(order.coupon, discount, `${order.id}:coupon`));
  }

  const serviceRate = Math.max(...order.items.map((it) => it.vat_rate));
  const services = [];
  const service = (description, type, amount, isPercentage, money) => {
    const line = description ? { description } : {};
    return Object.assign(line, { type, amount, is_percentage: isPercentage, quantity: 1, subtotal: money, adjustments: [], vat_percentage: serviceRate, total: money });
  };
  if (shipping) services.push(service(shipping.name, 'shipping', shipping.amount, false, shipping.amount));
  if (fee) {
    const base = subtotal - discount + sum(services.map((s) => s.total));
    services.push(service(fee.description, 'payment', fee.percentage ?? fee.amount, fee.percentage !== undefined, moneyOf(fee, base)));
  }

  const taxable = new Map(itemRates);
  for (const [rate, share] of allocate(discount, itemRates)) taxable.set(rate, taxable.get(rate) - share);
  for (const s of services) taxable.set(serviceRate, (taxable.get(serviceRate) ?? 0) + s.total);
  const vat = [...taxable].sort((a, b) => a[0] - b[0]).map(([rate, base]) => ({
    rate,
    amount: Math.round(order.is_including_vat ? (base * rate) / (100 + rate) : (base * rate) / 100),
  }));

  const net = subtotal - discount + sum(services.map((s) => s.total));
  const total = order.is_including_vat ? net : net + sum(vat.map((v) => v.amount));
  return { items, services, subtotal, adjustments, total, vat, currency: order.currency, is_including_vat: order.is_including_vat };
}

// ---- the module ----

export function createOrders(ctx) {
  let s;
  function reset() {
    s = { orders: new Map(), next: FIRST_NUMBER };
  }
  reset();

  const get = (id) => s.orders.get(id) ?? null;
  const view = (o) => {
    const out = { id: o.id, number: o.number, version: o.version, currency: o.currency, is_including_vat: o.is_including_vat, items: o.items };
    if (o.coupon) out.coupon = o.coupon;
    if (o.return_url) out.return_url = o.return_url;
    return out;
  };
  function existing(params) {
    const o = get(params.id);
    if (!o) throw notFound(`No mock order ${params.id}`);
    return o;
  }

  const controlRoutes = [
    ['POST', '/__mock/orders', ({ body }) => {
      const fields = parseOrder(body);
      const o = { id: randomUUID(), version: 1, ...fields, number: fields.number ?? String(s.next++) };
      s.orders.set(o.id, o);
      return json(view(o), 201);
    }],
    ['GET', '/__mock/orders', () => json([...s.orders.values()].map(view))],
    ['GET', '/__mock/orders/:id', ({ params }) => json(view(existing(params)))],
    // The shop changes the cart: every field is replaced (number kept unless given); the version
    // goes up, so calculations made before are stale. Refused while the order is being paid or paid.
    ['PUT', '/__mock/orders/:id', ({ params, body }) => {
      const o = existing(params);
      const fields = parseOrder(body);
      if (o.settled || ctx.payments.isOrderLocked(o.id)) throw new MockError(409, 'The order has an open or paid transaction, or was completed');
      Object.assign(o, fields, { number: fields.number ?? o.number, version: o.version + 1 });
      return json(view(o));
    }],
  ];

  return { reset, routes: [], controlRoutes, get, price };
}
