// checkout.mjs: checkout sessions (/odr/sessions/*): contact, identity check, shipping address,
// shipping method, service point and delivery window. State is in memory; methods and points
// come from the shipping module, address validation from the addresses module.

import { randomUUID } from 'node:crypto';
import { badRequest, notFound, json, noContent, objectBody, requireStrings, optionalStrings, isBlank, looksLikeEmail, isoSeconds } from './common.mjs';

const DEFAULT_SESSION_MS = 3600 * 1000;
// Delivery windows offered per day. from/to are hours of the day (the reference leaves the
// unit open); at is the date.
const WINDOW_HOURS = [[9, 13], [13, 18], [18, 22]];
const WINDOW_DAYS = 3;

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
        activeAddressId: null, method: null, point: null, window: null, contact: null };
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
      if (!sess.contact) throw notFound('The session has no contact');
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
      const b = objectBody(req);
      if (!isBlank(b.address_id)) {
        const a = sess.addresses.find((x) => x.id === b.address_id);
        if (!a) throw badRequest('Unknown address_id', { 'invalid value': ['address_id'] });
        sess.activeAddressId = a.id;
        return json(a);
      }
      if (b.contact) throw badRequest('The session contact has no addresses', { 'invalid value': ['contact'] });
      if (b.organisation) throw badRequest('The session has no organisation', { 'invalid value': ['organisation'] });
      throw badRequest('One of address_id, contact or organisation is required', { required: ['address_id'] });
    }],

    ['GET', '/odr/sessions/:id/shipping', (req) => {
      const sess = session(req);
      const primary = sess.addresses.find((a) => a.id === sess.primaryId);
      const sessionSet = { secondary: sess.addresses.filter((a) => a !== primary) };
      if (primary) sessionSet.primary = primary;
      const options = { contact: { secondary: [] }, organisation: { secondary: [] }, session: sessionSet };
      return json(withActive(activeAddress(sess), options));
    }],

    ['GET', '/odr/sessions/:id/shipping/methods', (req) => {
      const sess = session(req);
      const cc = sessionCountry(sess, req.query);
      const options = ctx.shipping.methodsFor(cc).filter((m) => m.is_enabled).map((m) => ({
        id: m.id, carrier: m.carrier_code, name: m.name, type: m.is_carrier_location ? 'pickup' : 'home',
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
  ];

  return { reset, routes };
}
