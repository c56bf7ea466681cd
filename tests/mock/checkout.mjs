// checkout.mjs: checkout sessions (/odr/sessions/*): contact, identity check, shipping address,
// shipping method, service point and delivery window; the attached order, phone numbers, billing
// address and payment method, the projection and calculation, and authorize. State is in
// memory; methods and points come from the shipping module, address validation from the
// addresses module, orders and prices from the orders module, payment methods and transactions
// from the payments module.

import { randomUUID } from 'node:crypto';
import { badRequest, notFound, json, noContent, objectBody, requireStrings, optionalStrings, isBlank, looksLikeEmail, isoSeconds } from './common.mjs';

const DEFAULT_SESSION_MS = 3600 * 1000;
// Delivery windows offered per day. from/to are hours of the day (the reference leaves the
// unit open); at is the date.
const WINDOW_HOURS = [[9, 13], [13, 18], [18, 22]];
const WINDOW_DAYS = 3;
const MAX_CALCULATIONS = 100; // per session; older calculation ids are forgotten (unknown)
const PHONE_DIGITS = /^\+?\d{6,15}$/;
// A Host header the forward_uri may be built from (a name or address, and a port).
const HOST_HEADER = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

export function createCheckout(ctx) {
  let s;
  function reset() {
    s = { sessions: new Map() };
  }
  reset();

  function session(req) {
    const sess = s.sessions.get(req.params.id);
    if (!sess) throw notFound('Session not found');
    return sess;
  }
  // The selected shipping address (PUT .../shipping), or undefined.
  const activeAddress = (sess) => sess.addresses.find((a) => a.id === sess.activeAddressId);
  const sessionCountry = (sess, query) => String(query.country_code ?? activeAddress(sess)?.country_code ?? 'NL').toUpperCase();

  // The next WINDOW_DAYS delivery days (no Sundays), UTC dates.
  function windowOptions() {
    const out = [];
    const day = new Date();
    day.setUTCHours(0, 0, 0, 0);
    while (out.length < WINDOW_DAYS * WINDOW_HOURS.length) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() === 0) continue;
      const at = day.toISOString().slice(0, 10);
      for (const [from, to] of WINDOW_HOURS) out.push({ from, to, at });
    }
    return out;
  }

  const withActive = (active, options) => (active ? { active, options } : { options });

  // GET .../shipping and GET .../billing: the session's addresses (the latest is primary); the
  // mock has no contact or organisation addresses.
  function addressChoices(sess) {
    const primary = sess.addresses.find((a) => a.id === sess.primaryId);
    const sessionSet = { secondary: sess.addresses.filter((a) => a !== primary) };
    if (primary) sessionSet.primary = primary;
    return { contact: { secondary: [] }, organisation: { secondary: [] }, session: sessionSet };
  }

  // PUT .../shipping and PUT .../billing: {address_id}, or the contact's / organisation's
  // address, which the mock has none of. Returns the chosen address.
  function chooseAddress(sess, b) {
    if (!isBlank(b.address_id)) {
      const a = sess.addresses.find((x) => x.id === b.address_id);
      if (!a) throw badRequest('Unknown address_id', { 'invalid value': ['address_id'] });
      return a;
    }
    if (b.contact) throw badRequest('The session contact has no addresses', { 'invalid value': ['contact'] });
    if (b.organisation) throw badRequest('The session has no organisation', { 'invalid value': ['organisation'] });
    throw badRequest('One of address_id, contact or organisation is required', { required: ['address_id'] });
  }

  // ---- order, prices, authorize ----

  const order = (sess) => (sess.orderId ? ctx.orders.get(sess.orderId) : null);
  const transactions = (sess) => sess.secrets.map((secret) => ctx.payments.get(secret));
  // Authorized: a transaction of the session is open (pending) or paid, or there was nothing to pay.
  const authorized = (sess) => sess.settled || transactions(sess).some(ctx.payments.holds);

  // The price lines of the session's order with its shipping method (priced for the session's
  // country) and payment method's fee. 404 without an order; 400 when the selected shipping
  // method does not ship to the session's country.
  function priced(sess) {
    const o = order(sess);
    if (!o) throw notFound('The session has no order');
    let shipping = null;
    if (sess.method) {
      const cc = sessionCountry(sess, {});
      const m = ctx.shipping.methodById(sess.method.method_id);
      const rate = m?.countries.find((c) => c.code === cc);
      if (!rate) throw badRequest(`The selected shipping method does not ship to ${cc}`, { 'invalid value': ['method_id'] });
      shipping = { name: m.name, amount: rate.amount };
    }
    return { order: o, lines: ctx.orders.price(o, { shipping, fee: ctx.payments.feeOf(sess.payment) }) };
  }

  // What a calculation depends on: when any of it changes, earlier calculations are stale.
  const fingerprint = (sess) => JSON.stringify([sess.orderId, order(sess)?.version, sess.method?.method_id, sessionCountry(sess, {}),
    sess.activeAddressId, sess.billingAddressId, sess.payment?.method_id, sess.payment?.issuer_id, sess.contact?.email, sess.activePhoneId]);

  // The payment page's origin: the Host the client used (so it is the mock's own origin as the
  // client sees it), else the address the mock listens on.
  const originOf = (req) => (HOST_HEADER.test(req.headers.host ?? '') ? `http://${req.headers.host}` : ctx.origin ?? 'http://127.0.0.1');

  const routes = [
    ['POST', '/odr/sessions', (req) => {
      const b = objectBody(req);
      optionalStrings(b, ['expires_at', 'audience']);
      let expires = Date.now() + DEFAULT_SESSION_MS;
      if (!isBlank(b.expires_at)) {
        expires = Date.parse(b.expires_at);
        if (Number.isNaN(expires)) throw badRequest('expires_at must be an ISO 8601 date-time', { 'invalid value': ['expires_at'] });
      }
      const sess = { id: randomUUID(), expires_at: isoSeconds(expires), audience: b.audience ?? undefined, addresses: [], primaryId: null,
        activeAddressId: null, method: null, point: null, window: null, contact: null,
        orderId: null, phones: [], primaryPhoneId: null, activePhoneId: null, billingAddressId: null, payment: null,
        calculations: new Map(), secrets: [], settled: false };
      s.sessions.set(sess.id, sess);
      return json({ id: sess.id, expires_at: sess.expires_at });
    }],

    ['GET', '/odr/sessions/:id', (req) => json({ expires_at: session(req).expires_at })],

    ['POST', '/odr/sessions/:id/identity', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['email']);
      if (!ctx.identity.hasIdentity(b.email, sess.audience)) throw notFound('Entity not found');
      return noContent();
    }],

    ['POST', '/odr/sessions/:id/contact', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['email']);
      optionalStrings(b, ['given_name', 'additional_name', 'family_name']);
      if (!looksLikeEmail(b.email.trim())) throw badRequest('Invalid email address', { 'invalid value': ['email'] });
      const now = isoSeconds(Date.now());
      const contact = { id: sess.contact?.id ?? randomUUID(), version: randomUUID(), email: b.email.trim(), tags: [] };
      for (const k of ['given_name', 'additional_name', 'family_name']) if (!isBlank(b[k])) contact[k] = b[k];
      contact.created_at = sess.contact?.created_at ?? now;
      contact.updated_at = now;
      sess.contact = contact;
      return noContent();
    }],

    ['GET', '/odr/sessions/:id/contact', (req) => {
      const sess = session(req);
      // No contact yet: an empty contact (200 {}, as an omitempty encoder writes one);
      // 404 is for an unknown session, as on every session route.
      if (!sess.contact) return json({});
      return json(sess.contact);
    }],

    ['POST', '/odr/sessions/:id/address', (req) => {
      const sess = session(req);
      const address = { id: randomUUID(), ...ctx.addresses.validateAddressInput(objectBody(req)) };
      sess.addresses.push(address);
      sess.primaryId = address.id;
      // Adding selects nothing: the reference selects the shipping address with PUT .../shipping.
      return json(address, 202);
    }],

    // Selects the shipping address: {address_id} (one of the session's addresses), or the contact's
    // / organisation's address ({contact: {primary, secondary}}, {organisation: {primary}}), which
    // the mock has none of. The selection drives the session's country and postal code below.
    ['PUT', '/odr/sessions/:id/shipping', (req) => {
      const sess = session(req);
      const a = chooseAddress(sess, objectBody(req));
      sess.activeAddressId = a.id;
      return json(a);
    }],

    ['GET', '/odr/sessions/:id/shipping', (req) => {
      const sess = session(req);
      return json(withActive(activeAddress(sess), addressChoices(sess)));
    }],

    ['GET', '/odr/sessions/:id/shipping/methods', (req) => {
      const sess = session(req);
      const cc = sessionCountry(sess, req.query);
      const options = ctx.shipping.methodsFor(cc).filter((m) => m.is_enabled).map((m) => ({
        id: m.id, carrier: m.carrier_code, name: m.name, type: m.is_carrier_location ? 'servicepoint' : 'homedelivery', // the reference's values (pick, homedelivery, servicepoint)
        price: m.countries.find((c) => c.code === cc).amount,
      }));
      return json(withActive(sess.method, options));
    }],

    ['PUT', '/odr/sessions/:id/shipping/methods', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['method_id']);
      const m = ctx.shipping.methodById(b.method_id);
      if (!m || !m.is_enabled) throw badRequest('Unknown or disabled shipping method', { 'invalid value': ['method_id'] });
      if (b.is_split_allowed !== undefined && b.is_split_allowed !== null && typeof b.is_split_allowed !== 'boolean') {
        throw badRequest('is_split_allowed must be a boolean', { 'invalid value': ['is_split_allowed'] });
      }
      sess.method = { method_id: m.id, is_split_allowed: b.is_split_allowed ?? false };
      return json(sess.method);
    }],

    ['GET', '/odr/sessions/:id/shipping/point', (req) => {
      const sess = session(req);
      const cc = sessionCountry(sess, req.query);
      const methodId = req.query.method_id ?? sess.method?.method_id;
      let carrier = 'postnl';
      if (methodId) {
        const m = ctx.shipping.methodById(methodId);
        if (!m) throw badRequest('Unknown method_id', { 'invalid value': ['method_id'] });
        if (['postnl', 'dhl', 'dpd'].includes(m.carrier_code)) carrier = m.carrier_code;
      }
      const postal = req.query.postal_code ?? activeAddress(sess)?.postal_code;
      if (isBlank(postal)) throw badRequest('postal_code is required when the session has no address', { required: ['postal_code'] });
      const options = ctx.shipping.pointsNear(carrier, cc, postal).map(({ distance, point }) => ({ distance, point: ctx.shipping.odrPoint(point) }));
      return json(withActive(sess.point, options));
    }],

    ['PUT', '/odr/sessions/:id/shipping/point', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['spid']);
      optionalStrings(b, ['country_code']);
      const p = ctx.shipping.findAnyPoint(b.spid);
      if (!p) throw badRequest('Unknown service point', { 'invalid value': ['spid'] });
      const cc = isBlank(b.country_code) ? p.address.country_code : b.country_code.toUpperCase();
      if (cc !== p.address.country_code) throw badRequest('The service point is not in that country', { 'invalid value': ['country_code'] });
      sess.point = { spid: p.id, country_code: cc };
      return json(sess.point);
    }],

    ['GET', '/odr/sessions/:id/shipping/window', (req) => json(withActive(session(req).window, windowOptions()))],

    ['PUT', '/odr/sessions/:id/shipping/window', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      const missing = ['from', 'to', 'at'].filter((k) => isBlank(b[k]));
      if (missing.length) throw badRequest(`Missing required field(s): ${missing.join(', ')}`, { required: missing });
      const w = windowOptions().find((o) => o.from === b.from && o.to === b.to && o.at === b.at);
      if (!w) throw badRequest('Not an offered delivery window', { 'invalid value': ['from', 'to', 'at'] });
      sess.window = { ...w };
      return json(sess.window);
    }],

    // ---- the order (made through the control API, /__mock/orders) ----

    // {order_id} -> 200 {order_id}. 400 for an unknown order, for another order once the session
    // is authorized, and for an order another session is paying (or has paid).
    ['PUT', '/odr/sessions/:id/order', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['order_id']);
      const o = ctx.orders.get(b.order_id);
      if (!o) throw badRequest('Unknown order_id', { 'invalid value': ['order_id'] });
      if (o.id !== sess.orderId) {
        if (authorized(sess)) throw badRequest('The session is already authorized; its order cannot change', { 'invalid value': ['order_id'] });
        if (o.settled || ctx.payments.isOrderLocked(o.id)) throw badRequest('The order has an open or paid transaction', { 'invalid value': ['order_id'] });
      }
      sess.orderId = o.id;
      return json({ order_id: o.id });
    }],

    // ---- phone numbers: POST adds one (selects nothing), PUT selects one ----

    ['POST', '/odr/sessions/:id/phonenumbers', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['country_code', 'number']);
      const cc = b.country_code.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(cc)) throw badRequest('country_code must be a two-letter country code', { 'invalid value': ['country_code'] });
      if (!PHONE_DIGITS.test(b.number.replace(/[\s\-().]/g, ''))) throw badRequest('Not a phone number', { 'invalid value': ['number'] });
      const phone = { id: randomUUID(), country_code: cc, number: b.number.trim() };
      sess.phones.push(phone);
      sess.primaryPhoneId = phone.id;
      return json(phone, 202);
    }],

    ['GET', '/odr/sessions/:id/phonenumbers', (req) => {
      const sess = session(req);
      const primary = sess.phones.find((p) => p.id === sess.primaryPhoneId);
      const sessionSet = { secondary: sess.phones.filter((p) => p !== primary) };
      if (primary) sessionSet.primary = primary;
      const options = { contact: { secondary: [] }, organisation: { secondary: [] }, session: sessionSet };
      return json(withActive(sess.phones.find((p) => p.id === sess.activePhoneId), options));
    }],

    // {phone_number_id} (one of the session's numbers) -> 202 with that number (the reference's
    // status). The mock has no contact or organisation numbers.
    ['PUT', '/odr/sessions/:id/phonenumbers', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      if (!isBlank(b.phone_number_id)) {
        const phone = sess.phones.find((p) => p.id === b.phone_number_id);
        if (!phone) throw badRequest('Unknown phone_number_id', { 'invalid value': ['phone_number_id'] });
        sess.activePhoneId = phone.id;
        return json(phone, 202);
      }
      if (b.contact) throw badRequest('The session contact has no phone numbers', { 'invalid value': ['contact'] });
      if (b.organisation) throw badRequest('The session has no organisation', { 'invalid value': ['organisation'] });
      throw badRequest('One of phone_number_id, contact or organisation is required', { required: ['phone_number_id'] });
    }],

    // ---- billing address (from the session's addresses, like shipping) ----

    ['PUT', '/odr/sessions/:id/billing', (req) => {
      const sess = session(req);
      const a = chooseAddress(sess, objectBody(req));
      sess.billingAddressId = a.id;
      return json(a);
    }],

    ['GET', '/odr/sessions/:id/billing', (req) => {
      const sess = session(req);
      return json(withActive(sess.addresses.find((a) => a.id === sess.billingAddressId), addressChoices(sess)));
    }],

    // ---- payment method ----

    // "acitve" (sic): the reference's spelling. An issuer's id is its `method_id`.
    ['GET', '/odr/sessions/:id/billing/methods', (req) => {
      const sess = session(req);
      const body = {};
      if (sess.payment) body.acitve = sess.payment;
      body.options = ctx.payments.options();
      return json(body);
    }],

    // {method_id, issuer_id?}: 400 for an unknown method, or an issuer that is not one of the
    // method's. A method with issuers may be chosen without one (the bank is then picked later).
    ['PUT', '/odr/sessions/:id/billing/methods', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['method_id']);
      optionalStrings(b, ['issuer_id']);
      const m = ctx.payments.methodById(b.method_id);
      if (!m) throw badRequest('Unknown payment method', { 'invalid value': ['method_id'] });
      const selection = { method_id: m.method_id };
      if (!isBlank(b.issuer_id)) {
        if (!ctx.payments.issuerById(m, b.issuer_id)) throw badRequest(`Not an issuer of ${m.name}`, { 'invalid value': ['issuer_id'] });
        selection.issuer_id = b.issuer_id;
      }
      sess.payment = selection;
      return json({ ...selection });
    }],

    // ---- prices ----

    ['GET', '/odr/sessions/:id/projection', (req) => {
      const { lines } = priced(session(req));
      return json({ ...lines, pricing_at: isoSeconds(Date.now()) });
    }],

    // A new calculation (a new id) per call; authorize takes its id while nothing it depends on
    // has changed (see `fingerprint`).
    ['GET', '/odr/sessions/:id/calculation', (req) => {
      const sess = session(req);
      const { order: o, lines } = priced(sess);
      const id = randomUUID();
      sess.calculations.set(id, { id, fingerprint: fingerprint(sess), total: lines.total, currency: lines.currency });
      if (sess.calculations.size > MAX_CALCULATIONS) sess.calculations.delete(sess.calculations.keys().next().value);
      const { is_including_vat: _incl, ...rest } = lines; // not a calculation field in the reference
      const body = { id, number: o.number, ...rest };
      const settings = {};
      if (sess.payment) {
        const m = ctx.payments.methodById(sess.payment.method_id);
        const issuer = sess.payment.issuer_id ? ctx.payments.issuerById(m, sess.payment.issuer_id) : null;
        settings.billing = { method_code: m.code, ...(issuer ? { issuer_code: issuer.code } : {}), provider_code: 'mock' };
      }
      if (sess.method) settings.shipping = { method_id: sess.method.method_id };
      if (Object.keys(settings).length) body.settings = settings;
      if (sess.contact) {
        const contact = { email: sess.contact.email };
        if (sess.billingAddressId) contact.address_id = sess.billingAddressId;
        if (sess.activePhoneId) contact.phone_number_id = sess.activePhoneId;
        body.customer = { tags: sess.contact.tags, contact };
      }
      return json(body);
    }],

    // {calculation_id} -> 200 {accepted: true, forward_uri} (the mock's payment page), or
    // {accepted: true} alone when there is nothing to pay, or {accepted: false} when the mock is
    // configured to decline. Refusals are 400 (the reference documents no 409 here): the session
    // is already authorized (a transaction is pending or paid); the calculation is not one of
    // this session's; it is stale (the order or a selection changed since); or the contact,
    // billing address or payment method is missing.
    ['POST', '/odr/sessions/:id/authorize', (req) => {
      const sess = session(req);
      const b = objectBody(req);
      requireStrings(b, ['calculation_id']);
      if (authorized(sess)) {
        const state = sess.settled ? 'complete' : transactions(sess).find(ctx.payments.holds).state === 'paid' ? 'paid' : 'pending';
        throw badRequest(`The session is already authorized (payment ${state})`, { 'invalid value': ['calculation_id'] });
      }
      const calc = sess.calculations.get(b.calculation_id);
      if (!calc) throw badRequest('Unknown calculation_id for this session', { 'invalid value': ['calculation_id'] });
      if (calc.fingerprint !== fingerprint(sess)) {
        throw badRequest('The calculation is stale: the order or a selection changed since; get a new calculation', { 'invalid value': ['calculation_id'] });
      }
      const missing = [];
      if (!sess.contact) missing.push('contact');
      if (!sess.billingAddressId) missing.push('billing_address');
      if (!sess.payment) missing.push('billing_method');
      if (missing.length) throw badRequest(`Not ready to authorize, missing: ${missing.join(', ')}`, { required: missing });
      if (ctx.config.declineAuthorize) return json({ accepted: false });
      const o = order(sess);
      if (calc.total === 0) {
        sess.settled = true;
        o.settled = true; // nothing to pay: the order is complete (no transaction)
        return json({ accepted: true });
      }
      const origin = originOf(req);
      const tx = ctx.payments.create({
        sessionId: sess.id, order: o, calculation: calc, selection: sess.payment, contactId: sess.contact.id,
        returnUrl: o.return_url ?? ctx.config.returnUrl ?? `${origin}/__mock/return`,
      });
      sess.secrets.push(tx.secret);
      return json({ accepted: true, forward_uri: `${origin}/__mock/pay/${tx.secret}` });
    }],
  ];

  return { reset, routes };
}
