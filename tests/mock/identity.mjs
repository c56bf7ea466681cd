// identity.mjs: customer identities (/rel/identity/*) and JWT access tokens (/iam/jwt/*).
// Everything is in memory. Tokens are real HS256 JWTs signed with a fixed mock secret; the mock
// remembers every jti it issued so it can reject revoked, expired or foreign tokens with 401.

import { createHmac, randomUUID, randomBytes } from 'node:crypto';
import {
  MockError, badRequest, notFound, json, noContent, objectBody, requireStrings, optionalStrings,
  looksLikeEmail, isoSeconds, b64url, fromB64url,
} from './common.mjs';

const SECRET = 'afosto-mock-secret-not-for-production';
const JWT_HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const TOKEN_TYPES = ['reset', 'confirm'];
const REVOKE_SCOPES = ['current', 'jwt', 'all'];

const sign = (data) => createHmac('sha256', SECRET).update(data).digest('base64url');
const identityKey = (email, audience) => `${email.trim().toLowerCase()}\n${audience ?? ''}`;
const unauthorized = (message) => new MockError(401, message);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createIdentity(ctx) {
  let s;
  function reset() {
    s = {
      identities: new Map(), // identityKey -> identity
      byId: new Map(), // identity id -> identity
      jwts: new Map(), // jti -> { identityId, exp, revoked }
      refreshTokens: new Map(), // refresh token -> { identityId, revoked }
      oneTime: new Map(), // one-time token -> { type, identityId, email, used }
      outbox: [], // [{ type, token, email }]
    };
  }
  reset();

  // Issue a JWT for an identity. minExp: the new exp must be later than this (extend).
  function issue(identity, minExp = 0) {
    const iat = Math.floor(Date.now() / 1000);
    let exp = iat + ctx.config.tokenTtlSeconds;
    if (exp <= minExp) exp = minExp + 1;
    const jti = randomUUID();
    const payload = { sub: identity.id, email: identity.email, aud: identity.audience, iat, exp, jti, verified: identity.verified };
    const unsigned = `${JWT_HEADER}.${b64url(JSON.stringify(payload))}`;
    s.jwts.set(jti, { identityId: identity.id, exp, revoked: false });
    return { token: `${unsigned}.${sign(unsigned)}`, exp };
  }
  const signedToken = (identity, minExp) => {
    const { token, exp } = issue(identity, minExp);
    return { token, expires_at: isoSeconds(exp * 1000) };
  };

  // Checks an Authorization header. Absent -> null; otherwise a valid, unrevoked, unexpired
  // mock-issued bearer JWT or a 401.
  function verifyAuthorization(header) {
    if (header === undefined) return null;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw unauthorized('Malformed Authorization header (expected "Bearer <jwt>")');
    const parts = m[1].split('.');
    if (parts.length !== 3 || parts[0] !== JWT_HEADER || sign(`${parts[0]}.${parts[1]}`) !== parts[2]) {
      throw unauthorized('Invalid token: not a JWT issued by this mock');
    }
    let claims;
    try {
      claims = JSON.parse(fromB64url(parts[1]));
    } catch {
      throw unauthorized('Invalid token payload');
    }
    const rec = s.jwts.get(claims.jti);
    if (!rec) throw unauthorized('Unknown token');
    if (rec.revoked) throw unauthorized('Token has been revoked');
    if (Date.now() >= rec.exp * 1000) throw unauthorized('Token has expired');
    const identity = s.byId.get(rec.identityId);
    if (!identity) throw unauthorized('Unknown identity');
    return { token: m[1], claims, rec, identity };
  }

  const requireAuth = (req) => {
    if (!req.auth) throw unauthorized('Authorization: Bearer <token> is required');
    return req.auth;
  };

  const find = (email, audience) => s.identities.get(identityKey(email, audience));

  // The reference types client_id and channel_id on /rel/identity/* (not /exists) as uuid.
  function checkContext(req) {
    const bad = ['client_id', 'channel_id'].filter((k) => req.query[k] !== undefined && !UUID.test(req.query[k]));
    if (bad.length) throw badRequest(`${bad.join(', ')} must be a uuid`, { 'invalid value': bad });
  }

  function credentials(req) {
    checkContext(req);
    const b = objectBody(req);
    requireStrings(b, ['email', 'password']);
    optionalStrings(b, ['audience']);
    return { email: b.email.trim(), password: b.password, audience: b.audience ?? '' };
  }

  // Consume a one-time token of the given type; 404 when unknown, used or of another type.
  function useOneTime(token, type) {
    const rec = s.oneTime.get(token);
    if (!rec || rec.used || rec.type !== type) throw notFound('Entity not found');
    const identity = s.byId.get(rec.identityId);
    if (!identity) throw notFound('Entity not found');
    return { rec, identity };
  }

  const routes = [
    ['POST', '/rel/identity/create', (req) => {
      const c = credentials(req);
      if (!looksLikeEmail(c.email)) throw badRequest('Invalid email address', { 'invalid value': ['email'] });
      if (find(c.email, c.audience)) throw new MockError(409, 'Identity already exists');
      const identity = { id: randomUUID(), email: c.email.toLowerCase(), audience: c.audience, password: c.password, verified: false };
      s.identities.set(identityKey(c.email, c.audience), identity);
      s.byId.set(identity.id, identity);
      return json(signedToken(identity));
    }],

    ['POST', '/rel/identity/authorize', (req) => {
      const c = credentials(req);
      const identity = find(c.email, c.audience);
      if (!identity) throw notFound('Entity not found');
      if (identity.password !== c.password) throw unauthorized('Invalid email or password');
      return json(signedToken(identity));
    }],

    ['POST', '/rel/identity/exists', (req) => {
      const b = objectBody(req);
      requireStrings(b, ['email']);
      optionalStrings(b, ['audience']);
      if (!find(b.email, b.audience ?? '')) throw notFound('Entity not found');
      return noContent();
    }],

    ['POST', '/rel/identity/tokens', (req) => {
      checkContext(req);
      const b = objectBody(req);
      requireStrings(b, ['email', 'type']);
      optionalStrings(b, ['audience']);
      if (!TOKEN_TYPES.includes(b.type)) throw badRequest(`type must be one of ${TOKEN_TYPES.join(', ')}`, { 'invalid value': ['type'] });
      const identity = find(b.email, b.audience ?? '');
      if (!identity) throw notFound('Entity not found');
      const token = randomBytes(16).toString('hex');
      s.oneTime.set(token, { type: b.type, identityId: identity.id, used: false });
      s.outbox.push({ type: b.type, token, email: identity.email });
      return json({ status: 'sent' });
    }],

    ['POST', '/rel/identity/reset', (req) => {
      checkContext(req);
      const b = objectBody(req);
      requireStrings(b, ['token', 'password']);
      const { rec, identity } = useOneTime(b.token, 'reset');
      rec.used = true;
      identity.password = b.password;
      return json(signedToken(identity));
    }],

    ['POST', '/rel/identity/verify', (req) => {
      checkContext(req);
      const b = objectBody(req);
      requireStrings(b, ['token']);
      const { rec, identity } = useOneTime(b.token, 'confirm');
      rec.used = true;
      identity.verified = true;
      return json(signedToken(identity));
    }],

    ['GET', '/iam/jwt/extend', (req) => {
      const { identity, rec } = requireAuth(req);
      const { token } = issue(identity, rec.exp);
      const refresh = randomBytes(24).toString('base64url');
      s.refreshTokens.set(refresh, { identityId: identity.id, revoked: false });
      return json({ token_type: 'Bearer', expires_in: ctx.config.tokenTtlSeconds, access_token: token, refresh_token: refresh });
    }],

    ['GET', '/iam/jwt/revoke', (req) => {
      const { identity, rec } = requireAuth(req);
      const scope = req.query.tokens ?? 'current';
      if (!REVOKE_SCOPES.includes(scope)) throw badRequest(`tokens must be one of ${REVOKE_SCOPES.join(', ')}`, { 'invalid value': ['tokens'] });
      if (scope === 'current') rec.revoked = true;
      else for (const r of s.jwts.values()) if (r.identityId === identity.id) r.revoked = true;
      // every option also revokes the user's refresh tokens
      for (const r of s.refreshTokens.values()) if (r.identityId === identity.id) r.revoked = true;
      return json({ token_type: 'Bearer', expires_in: 0, access_token: '', refresh_token: '' });
    }],
  ];

  return {
    reset,
    routes,
    verifyAuthorization,
    revokeAll() {
      for (const r of s.jwts.values()) r.revoked = true;
      for (const r of s.refreshTokens.values()) r.revoked = true;
    },
    outbox: (email) => s.outbox.filter((m) => !email || m.email === email.trim().toLowerCase()),
    // true when an identity with this email exists (for the given audience, or any when undefined)
    hasIdentity(email, audience) {
      const e = String(email).trim().toLowerCase();
      return [...s.identities.values()].some((i) => i.email === e && (audience === undefined || i.audience === audience));
    },
  };
}
