// selftest.mjs: checks the Afosto mock itself (node tests/mock/selftest.mjs).
// Starts the mock in-process on a free port and talks to it over raw HTTP (node:http), so
// paths are sent exactly as written and socket resets and stalls can be observed.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock, createMock } from './server.mjs';
import { SPARSE_SHAPES } from './sparse.mjs';
import { createValidator } from './openapi.mjs';

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock.close());
beforeEach(() => call('POST', '/__mock/reset'));

// ---- helpers ----

// One HTTP request with the path sent verbatim. Resolves {status, headers, text, json, ms}.
function raw(method, path, { headers = {}, body, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port: mock.port, method, path, agent: false,
      headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, ms: Date.now() - started });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.end(payload);
  });
}
const call = (method, path, body, headers) => raw(method, path, { body, headers });
const bearer = (token) => ({ authorization: `Bearer ${token}` });

function assertErrorBody(res, status) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.code, status);
  assert.equal(typeof res.json.message, 'string');
  assert.match(res.json.reference, /^mock-\d{6}$/);
  assert.equal(typeof res.json.errors, 'object');
}

const decodeJwt = (t) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString());

async function signUp(email = 'anna@example.com', password = 'secret-1', audience = 'shop') {
  const res = await call('POST', '/rel/identity/create', { email, password, audience });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// ---- CORS, errors, routing ----

test('CORS preflight answers 204 and is not logged', async () => {
  const res = await raw('OPTIONS', '/rel/identity/authorize', { headers: {
    origin: 'http://localhost:5173', 'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type,authorization,x-mock-fault' } });
  assert.equal(res.status, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['access-control-allow-methods'], 'GET,POST,PUT,DELETE,OPTIONS');
  assert.equal(res.headers['access-control-allow-headers'], 'content-type,authorization,x-mock-fault');
  assert.equal(res.headers['access-control-max-age'], '600');
  const bare = await raw('OPTIONS', '/anything');
  assert.equal(bare.headers['access-control-allow-headers'], '*');
  assert.deepEqual((await call('GET', '/__mock/log')).json, []);
});

test('every answer carries CORS headers, errors use the Afosto error body', async () => {
  const ok = await call('GET', '/lcs/methods');
  assert.equal(ok.headers['access-control-allow-origin'], '*');
  assert.equal(ok.headers['access-control-expose-headers'], '*, retry-after, x-mock-request-id');
  assert.equal(ok.headers['x-mock-request-id'], '1');
  const missing = await call('GET', '/nope/nothing?x=1');
  assertErrorBody(missing, 404);
  assert.equal(missing.json.message, 'No mock route for GET /nope/nothing');
  assert.equal(missing.headers['access-control-allow-origin'], '*');
  const again = await call('GET', '/nope/nothing');
  assert.notEqual(again.json.reference, missing.json.reference);
  assertErrorBody(await call('GET', '/lcs/methods/'), 404); // trailing slash is a different route
  const bad = await raw('POST', '/rel/identity/create', { body: '{"email": ' });
  assertErrorBody(bad, 400);
  assert.match(bad.json.message, /not valid JSON/);
});

test('raw path segments are decoded after splitting', async () => {
  const res = await call('GET', '/lcs/points/..%2Fiam%2Fusers?country_code=NL&postal_code=1012');
  assertErrorBody(res, 404);
  assert.match(res.json.message, /Unknown carrier "\.\.\/iam\/users"/);
  const log = (await call('GET', '/__mock/log')).json;
  assert.equal(log[0].rawPath, '/lcs/points/..%2Fiam%2Fusers');
  assert.deepEqual(log[0].query, { country_code: 'NL', postal_code: '1012' });
  assertErrorBody(await call('GET', '/lcs/points/%E0%A4%A'), 400);
});

// ---- requests checked against the API reference (openapi.mjs) ----

test('unknown body property: 400 with the reference error body', async () => {
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  const res = await call('PUT', `/odr/sessions/${id}/shipping/methods`, { metod_id: 'x' });
  assertErrorBody(res, 400);
  assert.deepEqual(res.json.errors, { 'invalid value': ['metod_id'] });
  assert.match(res.json.message, /metod_id/);
  // next to valid members too, and on a route whose handler reads only some fields
  const geo = await call('POST', '/rel/geocode', { country_code: 'NL', address: 'Damrak 1', contry: 'NL' });
  assert.deepEqual(geo.json.errors, { 'invalid value': ['contry'] });
});

test('misspelled or undocumented query parameter: 400', async () => {
  const res = await call('GET', '/lcs/points/postnl?contry_code=NL&postal_code=1012');
  assertErrorBody(res, 400);
  assert.deepEqual(res.json.errors, { 'invalid value': ['contry_code'] });
  // channel_id is documented on /lcs/points/{carrier} but not on /lcs/dpd/points
  assert.equal((await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=1012&channel_id=x')).status, 200);
  assert.deepEqual((await call('GET', '/lcs/dpd/points?country_code=NL&postal_code=1012&channel_id=x')).json.errors, { 'invalid value': ['channel_id'] });
  assert.deepEqual((await call('GET', '/iam/jwt/extend?x=1')).json.errors, { 'invalid value': ['x'] });
  // enum and format of a documented parameter
  const { token } = await signUp();
  assert.deepEqual((await call('GET', '/iam/jwt/revoke?tokens=some', undefined, bearer(token))).json.errors, { 'invalid value': ['tokens'] });
  assert.deepEqual((await call('POST', '/rel/identity/verify?client_id=abc', { token: 'x' })).json.errors, { 'invalid value': ['client_id'] });
});

test('wrong JSON type, enum, format or null: 400 invalid value', async () => {
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  const methodId = (await call('GET', '/lcs/methods')).json[0].id;
  const wrong = await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: methodId, is_split_allowed: 'yes' });
  assertErrorBody(wrong, 400);
  assert.deepEqual(wrong.json.errors, { 'invalid value': ['is_split_allowed'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: 'not-a-uuid' })).json.errors, { 'invalid value': ['method_id'] });
  assert.deepEqual((await call('POST', '/rel/identity/authorize', { email: 123, password: ['x'] })).json.errors, { 'invalid value': ['email', 'password'] });
  assert.deepEqual((await call('POST', '/rel/identity/tokens', { email: 'a@b.nl', type: 'magic' })).json.errors, { 'invalid value': ['type'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping/window`, { from: 9.5, to: 13, at: '2026-02-30' })).json.errors, { 'invalid value': ['from', 'at'] });
  assert.deepEqual((await call('POST', '/odr/sessions', { expires_at: 'tomorrow' })).json.errors, { 'invalid value': ['expires_at'] });
  // null only where the reference says nullable (OdrNewAddress.organisation is, RelAddress's is not)
  const address = { country_code: 'NL', postal_code: '1012 LG', premise_number: 1, locality: 'Amsterdam', thoroughfare: 'Damrak' };
  assert.equal((await call('POST', `/odr/sessions/${id}/address`, { ...address, organisation: null })).status, 202);
  assert.deepEqual((await call('POST', '/rel/addresses', { ...address, organisation: null })).json.errors, { 'invalid value': ['organisation'] });
  assert.deepEqual((await call('POST', '/rel/geocode', [1])).json.errors, { 'invalid value': ['body'] });
});

test('nested objects and arrays are checked member by member', async () => {
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  const nested = await call('PUT', `/odr/sessions/${id}/shipping`, { contact: { primry: true } });
  assertErrorBody(nested, 400);
  assert.deepEqual(nested.json.errors, { 'invalid value': ['contact.primry'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping`, { organisation: { primary: 'yes' } })).json.errors, { 'invalid value': ['organisation.primary'] });
  const inArray = await call('POST', '/rel/search/address', { constraints: [{ key: 'id', operator: 'in', values: ['a'] }, { kee: 'id', values: [1] }] });
  assert.deepEqual(inArray.json.errors, { 'invalid value': ['constraints[1].kee', 'constraints[1].values[0]'] });
});

test('a required body must be sent; valid requests still pass', async () => {
  const none = await raw('POST', '/odr/sessions');
  assertErrorBody(none, 400);
  assert.deepEqual(none.json.errors, { required: ['body'] });
  const id = (await call('POST', '/odr/sessions', { audience: 'shop', expires_at: new Date(Date.now() + 60000).toISOString() })).json.id;
  const methodId = (await call('GET', '/lcs/methods?country_code=NL&channel_id=3fa85f64-5717-4562-b3fc-2c963f66afa6')).json[0].id;
  const sel = await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: methodId, is_split_allowed: false });
  assert.equal(sel.status, 200, sel.text);
  const points = await call('GET', `/odr/sessions/${id}/shipping/point?country_code=NL&method_id=${methodId}&postal_code=1012%20LG`);
  assert.equal(points.status, 200, points.text);
  const search = await call('POST', '/rel/search/address', { constraints: [{ key: 'postal_code', operator: 'in', values: ['1012 LG'] }] });
  assert.equal(search.status, 200, search.text);
  // a request the mock cannot serve is still a 404, not a validation error
  assertErrorBody(await call('GET', '/lcs/nothing?contry_code=NL'), 404);
});

// ---- identity and JWT ----

test('sign-up, duplicate 409, sign-in, wrong password 401, exists', async () => {
  const created = await signUp();
  assert.match(created.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const [h, , sig] = created.token.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url')), { alg: 'HS256', typ: 'JWT' });
  assert.ok(sig.length > 20);
  const claims = decodeJwt(created.token);
  assert.equal(claims.email, 'anna@example.com');
  assert.equal(claims.aud, 'shop');
  assert.equal(claims.verified, false);
  assert.equal(claims.exp - claims.iat, 3600);
  assert.ok(Number.isInteger(claims.iat) && claims.jti);
  assert.equal(new Date(created.expires_at).getTime(), claims.exp * 1000);

  const dup = await call('POST', '/rel/identity/create', { email: 'anna@example.com', password: 'x', audience: 'shop' });
  assertErrorBody(dup, 409);
  assert.equal(dup.json.message, 'Identity already exists');
  const missing = await call('POST', '/rel/identity/create', { email: '', audience: 'shop' });
  assertErrorBody(missing, 400);
  assert.deepEqual(missing.json.errors, { required: ['email', 'password'] });

  const signedIn = await call('POST', '/rel/identity/authorize?client_id=5b0c2b4e-8a0f-4f55-9e49-0f1d2b7a9c11', { email: 'anna@example.com', password: 'secret-1', audience: 'shop' });
  assert.equal(signedIn.status, 200);
  assert.notEqual(signedIn.json.token, created.token);
  assertErrorBody(await call('POST', '/rel/identity/authorize', { email: 'anna@example.com', password: 'nope', audience: 'shop' }), 401);
  const unknown = await call('POST', '/rel/identity/authorize', { email: 'bob@example.com', password: 'x', audience: 'shop' });
  assertErrorBody(unknown, 404);
  assert.equal(unknown.json.message, 'Entity not found');

  const exists = await call('POST', '/rel/identity/exists', { email: 'anna@example.com', audience: 'shop' });
  assert.equal(exists.status, 204);
  assert.equal(exists.text, '');
  assertErrorBody(await call('POST', '/rel/identity/exists', { email: 'bob@example.com', audience: 'shop' }), 404);
});

test('client_id / channel_id on /rel/identity/* must be uuids (as the reference types them)', async () => {
  const bad = await call('POST', '/rel/identity/authorize?channel_id=channel-1', { email: 'a@b.nl', password: 'x' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json.errors, { 'invalid value': ['channel_id'] });
  const ok = await call('POST', '/rel/identity/create?channel_id=3fa85f64-5717-4562-b3fc-2c963f66afa6', { email: 'uuid@b.nl', password: 'x' });
  assert.equal(ok.status, 200);
});

test('extend gives a later token; revoke makes tokens 401', async () => {
  const { token } = await signUp();
  assertErrorBody(await call('GET', '/iam/jwt/extend'), 401);
  const ext = await call('GET', '/iam/jwt/extend', undefined, bearer(token));
  assert.equal(ext.status, 200, ext.text);
  assert.equal(ext.json.token_type, 'Bearer');
  assert.equal(ext.json.expires_in, 3600);
  assert.ok(ext.json.refresh_token);
  assert.ok(decodeJwt(ext.json.access_token).exp > decodeJwt(token).exp);
  const newer = ext.json.access_token;

  // public routes accept no token, reject foreign ones
  assert.equal((await call('GET', '/lcs/methods', undefined, bearer(newer))).status, 200);
  assertErrorBody(await call('GET', '/lcs/methods', undefined, bearer('not.a.jwt')), 401);
  assertErrorBody(await call('GET', '/lcs/methods', undefined, { authorization: 'Basic abc' }), 401);

  assertErrorBody(await call('GET', '/iam/jwt/revoke?tokens=some', undefined, bearer(newer)), 400);
  const rev = await call('GET', '/iam/jwt/revoke?tokens=current', undefined, bearer(newer));
  assert.equal(rev.status, 200);
  assert.equal(rev.json.token_type, 'Bearer');
  assertErrorBody(await call('GET', '/iam/jwt/extend', undefined, bearer(newer)), 401);
  assert.equal((await call('GET', '/iam/jwt/extend', undefined, bearer(token))).status, 200); // the older one is still valid
  assert.equal((await call('GET', '/iam/jwt/revoke?tokens=jwt', undefined, bearer(token))).status, 200);
  assertErrorBody(await call('GET', '/lcs/methods', undefined, bearer(token)), 401);
});

test('revoke-all and short token TTL give 401', async () => {
  const { token } = await signUp();
  await call('POST', '/__mock/revoke-all');
  const res = await call('GET', '/lcs/methods', undefined, bearer(token));
  assertErrorBody(res, 401);
  assert.match(res.json.message, /revoked/);

  await call('POST', '/__mock/config', { tokenTtlSeconds: 1 });
  const short = await call('POST', '/rel/identity/authorize', { email: 'anna@example.com', password: 'secret-1', audience: 'shop' });
  assert.equal(decodeJwt(short.json.token).exp - decodeJwt(short.json.token).iat, 1);
  await new Promise((r) => setTimeout(r, 1100));
  const expired = await call('GET', '/iam/jwt/extend', undefined, bearer(short.json.token));
  assertErrorBody(expired, 401);
  assert.match(expired.json.message, /expired/);
});

test('one-time tokens: outbox, reset and verify', async () => {
  await signUp();
  assertErrorBody(await call('POST', '/rel/identity/tokens', { email: 'anna@example.com', type: 'magic', audience: 'shop' }), 400);
  assertErrorBody(await call('POST', '/rel/identity/tokens', { email: 'nobody@example.com', type: 'reset', audience: 'shop' }), 404);
  const sent = await call('POST', '/rel/identity/tokens', { email: 'anna@example.com', type: 'reset', audience: 'shop' });
  assert.deepEqual(sent.json, { status: 'sent' });
  await call('POST', '/rel/identity/tokens', { email: 'anna@example.com', type: 'confirm', audience: 'shop' });
  const outbox = (await call('GET', '/__mock/outbox?email=anna@example.com')).json;
  assert.deepEqual(outbox.map((m) => m.type), ['reset', 'confirm']);
  const reset = outbox[0].token, confirm = outbox[1].token;

  assertErrorBody(await call('POST', '/rel/identity/reset', { token: confirm, password: 'new' }), 404); // wrong kind
  const r = await call('POST', '/rel/identity/reset', { token: reset, password: 'new-pass' });
  assert.equal(r.status, 200);
  assertErrorBody(await call('POST', '/rel/identity/reset', { token: reset, password: 'again' }), 404); // used
  assert.equal((await call('POST', '/rel/identity/authorize', { email: 'anna@example.com', password: 'new-pass', audience: 'shop' })).status, 200);
  const v = await call('POST', '/rel/identity/verify', { token: confirm });
  assert.equal(v.status, 200);
  assert.equal(decodeJwt(v.json.token).verified, true);
  assertErrorBody(await call('POST', '/rel/identity/verify', { token: 'unknown' }), 404);
});

// ---- faults ----

test('status faults', async () => {
  for (const [fault, status] of [['500', 500], ['502', 502], ['503', 503], ['401', 401], ['404', 404]]) {
    const res = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': fault });
    assertErrorBody(res, status);
    assert.equal(res.headers['retry-after'], undefined);
    assert.equal(res.headers['access-control-allow-origin'], '*');
  }
  const r503 = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': '503-retry-after' });
  assertErrorBody(r503, 503);
  assert.equal(r503.headers['retry-after'], '1');
  const r429 = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': '429' });
  assertErrorBody(r429, 429);
  assert.equal(r429.headers['retry-after'], '1');
  const date = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': '429-date' });
  assertErrorBody(date, 429);
  const ahead = Date.parse(date.headers['retry-after']) - Date.now();
  assert.match(date.headers['retry-after'], /GMT$/);
  assert.ok(ahead > 900 && ahead <= 3100, `retry-after ${ahead} ms ahead`);
  assertErrorBody(await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'nonsense' }), 400);
  const log = (await call('GET', '/__mock/log')).json;
  assert.deepEqual(log.map((e) => e.fault), ['500', '502', '503', '401', '404', '503-retry-after', '429', '429-date', null]);
  assert.deepEqual(log.map((e) => e.status), [500, 502, 503, 401, 404, 503, 429, 429, 400]);
});

test('stall keeps the request open, reset drops the socket', async () => {
  await assert.rejects(raw('GET', '/lcs/methods', { headers: { 'x-mock-fault': 'stall' }, timeoutMs: 300 }), { code: 'CLIENT_TIMEOUT' });
  await assert.rejects(raw('GET', '/lcs/methods', { headers: { 'x-mock-fault': 'reset' } }), (e) => ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message));
  const log = (await call('GET', '/__mock/log')).json;
  assert.deepEqual(log.map((e) => [e.fault, e.status]), [['stall', null], ['reset', null]]);
});

test('body faults: truncate, html, wrong-content-type, wrong-shape, cors, deep', async () => {
  const real = await call('GET', '/lcs/methods');
  const t = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'truncate' });
  assert.equal(t.status, 200);
  assert.equal(t.headers['content-type'], 'application/json');
  assert.ok(t.text.length > 10 && real.text.startsWith(t.text) && t.text.length < real.text.length);
  assert.throws(() => JSON.parse(t.text));
  await signUp();
  const t204 = await call('POST', '/rel/identity/exists', { email: 'anna@example.com', audience: 'shop' }, { 'x-mock-fault': 'truncate' });
  assert.equal(t204.text, '{"token": "abc');

  const h = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'html' });
  assert.equal(h.status, 200);
  assert.match(h.headers['content-type'], /^text\/html/);
  assert.equal(h.text, '<html><body>Bad gateway</body></html>');

  const w = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'wrong-content-type' });
  assert.equal(w.status, 200);
  assert.match(w.headers['content-type'], /^text\/plain/);
  assert.deepEqual(JSON.parse(w.text), real.json);

  const shapeArr = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'wrong-shape' });
  assert.deepEqual(shapeArr.json, { unexpected: true });
  const shapeObj = await call('POST', '/odr/sessions', {}, { 'x-mock-fault': 'wrong-shape' });
  assert.deepEqual(shapeObj.json, [1, 2]);

  const c = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'cors' });
  assert.equal(c.status, 200);
  assert.deepEqual(c.json, real.json);
  assert.deepEqual(Object.keys(c.headers).filter((k) => k.startsWith('access-control-')), []);

  const d = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'deep' });
  assert.equal(d.status, 200);
  assert.equal(d.text, '['.repeat(10000) + ']'.repeat(10000));

  const log = (await call('GET', '/__mock/log')).json;
  assert.deepEqual(log.map((e) => e.fault).filter(Boolean), ['truncate', 'truncate', 'html', 'wrong-content-type', 'wrong-shape', 'wrong-shape', 'cors', 'deep']);
});

test('queued faults: times, prefix, method, forever, header wins', async () => {
  const q = await call('POST', '/__mock/faults', { path: '/lcs/methods', fault: '503', times: 2 });
  assert.equal(q.status, 200);
  assert.equal((await call('GET', '/lcs/methods')).status, 503);
  assert.equal((await call('GET', '/lcs/methods')).status, 503);
  assert.equal((await call('GET', '/lcs/methods')).status, 200);

  await call('POST', '/__mock/faults', { path: '/lcs/*', fault: '500' });
  assert.equal((await call('GET', '/lcs/points/postnl?postal_code=1012')).status, 500);
  assert.equal((await call('GET', '/lcs/points/postnl?postal_code=1012')).status, 200);

  await call('POST', '/__mock/faults', { method: 'POST', path: '/odr/sessions', fault: '502' });
  assert.equal((await call('GET', '/odr/sessions')).status, 404); // GET is not faulted (and not routed)
  assert.equal((await call('POST', '/odr/sessions', {})).status, 502);

  await call('POST', '/__mock/faults', { path: '/lcs/methods', fault: '429', times: 0 });
  const viaHeader = await call('GET', '/lcs/methods', undefined, { 'x-mock-fault': 'html' });
  assert.match(viaHeader.headers['content-type'], /^text\/html/);
  for (let i = 0; i < 3; i++) assert.equal((await call('GET', '/lcs/methods')).status, 429);
  assert.equal((await call('GET', '/__mock/faults')).json.length, 1);
  await call('DELETE', '/__mock/faults');
  assert.equal((await call('GET', '/lcs/methods')).status, 200);
  assertErrorBody(await call('POST', '/__mock/faults', { path: '/lcs/methods', fault: 'meltdown' }), 400);
});

test('x-mock-delay delays the answer', async () => {
  const res = await call('GET', '/lcs/methods', undefined, { 'x-mock-delay': '250' });
  assert.equal(res.status, 200);
  assert.ok(res.ms >= 240, `took ${res.ms} ms`);
});

// ---- request log ----

test('request log records requests as received', async () => {
  const { token } = await signUp();
  await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=1012%20LG&channel_id=ch%201', undefined, bearer(token));
  await call('DELETE', '/__mock/log');
  await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=1012%20LG&channel_id=ch%201', undefined, { ...bearer(token), 'X-Custom': 'Yes' });
  await call('POST', '/odr/sessions', { audience: 'shop' });
  const log = (await call('GET', '/__mock/log')).json;
  assert.equal(log.length, 2);
  const [get, post] = log;
  assert.equal(get.seq, 3); // DELETE /__mock/log keeps the sequence going
  assert.ok(Math.abs(get.time - Date.now()) < 5000);
  assert.equal(get.method, 'GET');
  assert.equal(get.rawPath, '/lcs/points/postnl');
  assert.deepEqual(get.query, { country_code: 'NL', postal_code: '1012 LG', channel_id: 'ch 1' });
  assert.equal(get.headers.authorization, `Bearer ${token}`);
  assert.equal(get.headers['x-custom'], 'Yes');
  assert.equal(get.body, null);
  assert.equal(get.status, 200);
  assert.equal(get.fault, null);
  assert.deepEqual(post.body, { audience: 'shop' });
  assert.equal(post.status, 200);
  assert.equal((await call('GET', '/__mock/log?path=/odr/')).json.length, 1);
  assert.equal((await call('GET', '/__mock/log?method=get')).json.length, 1);
  await call('DELETE', '/__mock/log');
  assert.deepEqual((await call('GET', '/__mock/log')).json, []);
});

// ---- addresses ----

test('address formats per country', async () => {
  const nl = (await call('GET', '/rel/options/addresses?country_code=NL')).json;
  assert.equal(nl.country_code, 'NL');
  assert.deepEqual([...nl.required].sort(), ['country_code', 'locality', 'postal_code', 'premise_number', 'thoroughfare']);
  assert.ok(nl.allowed.includes('premise_number_suffix') && nl.allowed.includes('family_name'));
  const be = (await call('GET', '/rel/options/addresses?country_code=BE')).json;
  assert.ok(be.allowed.includes('administrative_area') && be.allowed.includes('premise_number_suffix'));
  const de = (await call('GET', '/rel/options/addresses?country_code=DE')).json;
  assert.ok(!de.allowed.includes('premise_number_suffix') && de.allowed.includes('administrative_area'));
  assertErrorBody(await call('GET', '/rel/options/addresses?country_code=XX'), 404);
});

test('address search: street, drill-down, premise, expiry', async () => {
  assertErrorBody(await call('GET', '/rel/search/addresses?country_code=XX'), 400);
  const { session_key } = (await call('GET', '/rel/search/addresses?country_code=NL')).json;
  assert.ok(session_key);
  const search = (body) => call('POST', '/rel/search/addresses', { session_key, ...body });

  const street = (await search({ query: 'Damrak' })).json;
  assert.equal(street.result, undefined);
  const damrak = street.options.find((o) => o.precision === 'Street' && o.value === 'Damrak');
  assert.ok(damrak, JSON.stringify(street));
  assert.equal(damrak.label, 'Damrak, Amsterdam');
  assert.ok(damrak.context && damrak.description.includes('Amsterdam'));

  const dam = (await search({ query: 'dam' })).json;
  assert.ok(dam.options.length >= 3 && dam.options.length <= 10);
  assert.ok(dam.options.some((o) => o.value === 'Damstraat'));

  const drill = (await search({ context: damrak.context, query: '1' })).json;
  assert.ok(drill.options.every((o) => o.precision === 'Address' && o.value.startsWith('Damrak 1')));
  assert.equal(drill.options[0].value, 'Damrak 1');
  assert.equal(drill.result.is_precise, true);
  assert.deepEqual(drill.result.address, { premise_number: 1, premise_number_suffix: null, thoroughfare: 'Damrak', postal_code: '1012 LG',
    locality: 'Amsterdam', administrative_area: 'Noord-Holland', country_code: 'NL' });
  assert.ok(drill.result.box.north_east.lat > drill.result.box.south_west.lat);

  const suffixed = (await search({ context: damrak.context, query: 'Damrak 1A' })).json;
  assert.equal(suffixed.result.address.premise_number_suffix, 'A');
  const premise = drill.options.find((o) => o.value === 'Damrak 1B');
  const picked = (await search({ context: premise.context, query: premise.value })).json;
  assert.deepEqual(picked.options, []);
  assert.equal(picked.result.address.premise_number_suffix, 'B');

  const free = (await search({ query: 'Damrak 12' })).json;
  assert.equal(free.result.address.premise_number, 12);
  assert.equal(free.result.address.premise_number_suffix, null);
  const postal = (await search({ query: '1012LG 1' })).json;
  assert.equal(postal.result.address.thoroughfare, 'Damrak');
  const exactStreet = (await search({ query: 'Dam 1', context: '' })).json; // "Dam" beats "Damrak"/"Damstraat"
  assert.equal(exactStreet.result.address.thoroughfare, 'Dam');
  assert.ok(exactStreet.options.some((o) => o.value === 'Damrak 1'));
  assert.deepEqual((await search({ query: '' })).json, { options: [] });
  assert.deepEqual((await search({ query: 'Xyzzystraat 1' })).json, { options: [] });
  assertErrorBody(await search({ context: 'garbage', query: '1' }), 400);

  // accents and ß
  const de = (await call('GET', '/rel/search/addresses?country_code=DE')).json.session_key;
  const mo = (await call('POST', '/rel/search/addresses', { session_key: de, query: 'monckebergstrasse 3' })).json;
  assert.equal(mo.result.address.thoroughfare, 'Mönckebergstraße');

  await call('POST', '/__mock/search/expire');
  const expired = await search({ query: 'Damrak' });
  assertErrorBody(expired, 400);
  assert.equal(expired.json.message, 'Unknown or expired session key');
  assert.deepEqual(expired.json.errors, { 'invalid value': ['session_key'] });

  await call('POST', '/__mock/config', { searchSessionTtlMs: 50 });
  const short = (await call('GET', '/rel/search/addresses?country_code=NL')).json.session_key;
  await new Promise((r) => setTimeout(r, 80));
  assertErrorBody(await call('POST', '/rel/search/addresses', { session_key: short, query: 'Damrak' }), 400);
});

test('geocode', async () => {
  const geo = (body) => call('POST', '/rel/geocode', body);
  const a = (await geo({ country_code: 'NL', address: 'Damrak 1, Amsterdam' })).json;
  assert.equal(a.is_precise, true);
  assert.equal(a.address.premise_number, 1);
  const b = (await geo({ country_code: 'NL', address: '1012LG 1' })).json;
  assert.equal(b.is_precise, true);
  assert.equal(b.address.thoroughfare, 'Damrak');
  const c = (await geo({ country_code: 'NL', address: 'Damrak 999, Amsterdam' })).json;
  assert.equal(c.is_precise, false);
  assert.equal(c.address.thoroughfare, 'Damrak');
  const d = (await geo({ country_code: 'BE', address: 'Rue Neuve 12, 1000 Bruxelles' })).json;
  assert.equal(d.is_precise, true);
  assert.equal(d.address.postal_code, '1000');
  assertErrorBody(await geo({ country_code: 'NL', address: 'Nergensstraat 1, Nowhere' }), 404);
  const missing = await geo({ country_code: 'NL' });
  assertErrorBody(missing, 400);
  assert.deepEqual(missing.json.errors, { required: ['address'] });
});

test('create address: validation, storage, geocode, search', async () => {
  const input = { country_code: 'NL', postal_code: '1012lg', premise_number: 1, locality: 'Amsterdam', thoroughfare: 'Damrak', given_name: 'Anna' };
  const created = await call('POST', '/rel/addresses', input);
  assert.equal(created.status, 200, created.text);
  const a = created.json;
  assert.match(a.id, /^[0-9a-f-]{36}$/);
  assert.equal(a.postal_code, '1012 LG');
  assert.equal(a.given_name, 'Anna');
  assert.equal(a.geo_location.is_precise, true);
  assert.match(a.created_at, /Z$/);
  assert.deepEqual((await call('GET', `/rel/addresses/${a.id}`)).json, a);
  assert.deepEqual((await call('GET', `/rel/addresses/${a.id}/geocode`)).json, a.geo_location);
  assertErrorBody(await call('GET', '/rel/addresses/nope'), 404);

  const elsewhere = (await call('POST', '/rel/addresses', { ...input, premise_number: 777 })).json;
  assert.equal(elsewhere.geo_location.is_precise, false);

  const missing = await call('POST', '/rel/addresses', { country_code: 'NL', premise_number: 1 });
  assertErrorBody(missing, 400);
  assert.deepEqual(missing.json.errors.required.sort(), ['locality', 'postal_code', 'thoroughfare']);
  const de = await call('POST', '/rel/addresses', { country_code: 'DE', postal_code: '10117', premise_number: 3, premise_number_suffix: 'a',
    locality: 'Berlin', thoroughfare: 'Friedrichstraße', sorting_code: 'x' });
  assertErrorBody(de, 400);
  assert.deepEqual(de.json.errors, { 'invalid value': ['premise_number_suffix', 'sorting_code'] });
  const badNumber = await call('POST', '/rel/addresses', { ...input, premise_number: '1' });
  assert.deepEqual(badNumber.json.errors, { 'invalid value': ['premise_number'] });
  const zero = await call('POST', '/rel/addresses', { ...input, premise_number: 0 });
  assert.deepEqual(zero.json.errors, { 'invalid value': ['premise_number'] });
  assert.deepEqual((await call('POST', '/rel/addresses', { ...input, country_code: 'FR' })).json.errors, { 'invalid value': ['country_code'] });

  const found = await call('POST', '/rel/search/address', { constraints: [{ key: 'postal_code', operator: 'in', values: ['1012 LG'] }] });
  assert.equal(found.json.length, 2);
  const byId = await call('POST', '/rel/search/address', { constraints: [{ key: 'id', operator: 'in', values: [a.id] }] });
  assert.deepEqual(byId.json.map((x) => x.id), [a.id]);
  assertErrorBody(await call('POST', '/rel/search/address', { constraints: [{ key: 'colour', operator: 'in', values: [] }] }), 400);
});

// ---- shipping ----

test('shipping methods per country', async () => {
  const all = (await call('GET', '/lcs/methods')).json;
  assert.ok(all.length >= 8);
  for (const m of all) {
    for (const k of ['id', 'carrier_code', 'name', 'label', 'description', 'countries', 'delivery_during', 'is_configured', 'is_same_day',
      'is_sunday', 'is_carrier_location', 'is_neighbour_allowed', 'provider_method_id', 'provider', 'is_enabled', 'priority']) {
      assert.ok(k in m, `${m.name} lacks ${k}`);
    }
    assert.ok(m.countries.every((c) => Number.isInteger(c.amount)));
  }
  assert.ok(all.some((m) => m.max_weight === undefined) && all.some((m) => Number.isInteger(m.max_weight)));
  assert.ok(all.some((m) => !m.is_enabled) && all.some((m) => m.is_carrier_location));
  assert.deepEqual([...new Set(all.map((m) => m.carrier_code))].sort(), ['dhl', 'dpd', 'postnl', 'ups']);
  const de = (await call('GET', '/lcs/methods?country_code=DE&channel_id=abc')).json;
  assert.ok(de.length > 0 && de.length < all.length);
  assert.ok(de.every((m) => m.countries.some((c) => c.code === 'DE')));
  const one = await call('GET', `/lcs/methods/${all[0].id}`);
  assert.deepEqual(one.json, all[0]);
  assertErrorBody(await call('GET', '/lcs/methods/unknown'), 404);
});

const AREAS = [['NL', '1012 LG'], ['NL', '3511 AA'], ['NL', '3011AD'], ['BE', '1000'], ['BE', '2000'], ['DE', '10115']];

test('service points: 20+ per carrier and area, sorted by distance', async () => {
  for (const carrier of ['postnl', 'dhl', 'dpd']) {
    for (const [cc, postal] of AREAS) {
      const res = await call('GET', `/lcs/points/${carrier}?country_code=${cc}&postal_code=${encodeURIComponent(postal)}&channel_id=x`);
      assert.equal(res.status, 200, res.text);
      const list = res.json;
      assert.ok(list.length >= 20, `${carrier} ${postal}: ${list.length}`);
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].distance <= list[i].distance);
      for (const { distance, point } of list) {
        assert.ok(Number.isInteger(distance) && distance <= 3500);
        assert.equal(point.carrier, carrier);
        assert.equal(point.address.country_code, cc);
        assert.equal(typeof point.longitude, 'number');
        assert.equal(typeof point.address.premise_number, 'number');
        for (const o of point.openings) {
          assert.ok(o.weekday >= 1 && o.weekday <= 7);
          for (const w of o.windows) assert.match(`${w.start}-${w.end}`, /^\d\d:\d\d-\d\d:\d\d$/);
        }
      }
    }
  }
  // realistic variety across the data
  const nl = (await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=1012')).json.map((m) => m.point);
  const dhl = (await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012')).json.map((m) => m.point);
  const every = [...nl, ...dhl];
  assert.ok(every.some((p) => p.openings.some((o) => o.windows.length === 2)), 'lunch breaks');
  assert.ok(every.some((p) => p.openings.some((o) => o.windows.some((w) => w.end < w.start))), 'past midnight');
  assert.ok(every.some((p) => !p.openings.some((o) => o.weekday === 7)), 'Sunday missing');
  assert.ok(every.some((p) => p.openings.some((o) => o.weekday === 7 && o.windows.length === 0)), 'Sunday empty');
  assert.ok(every.some((p) => p.openings.some((o) => o.windows.some((w) => w.end === '22:00'))), 'late evening');

  const one = await call('GET', `/lcs/points/postnl/${nl[0].id}`);
  assert.deepEqual(one.json, nl[0]);
  assertErrorBody(await call('GET', '/lcs/points/postnl/000'), 404);
  assertErrorBody(await call('GET', '/lcs/points/ups?postal_code=1012'), 404);
  const noPostal = await call('GET', '/lcs/points/postnl?country_code=NL');
  assertErrorBody(noPostal, 400);
  assert.deepEqual(noPostal.json.errors, { required: ['postal_code'] });
  assert.deepEqual((await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=9999')).json, []);
  // BE/DE postal codes without their own area go to the nearest one
  const be = (await call('GET', '/lcs/points/dhl?country_code=BE&postal_code=1050')).json;
  assert.ok(be.length >= 20 && be[0].point.address.locality === 'Bruxelles');
});

test('service points: pointLimit (mock config) synthesises extra points', async () => {
  await call('POST', '/__mock/config', { pointLimit: 600 });
  const big = (await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012')).json;
  assert.equal(big.length, 600);
  for (let i = 1; i < big.length; i++) assert.ok(big[i - 1].distance <= big[i].distance);
  assert.equal(new Set(big.map((m) => m.point.id)).size, 600);
  const synth = big[big.length - 1].point;
  assert.deepEqual((await call('GET', `/lcs/points/dhl/${encodeURIComponent(synth.id)}`)).json, synth);
  const again = (await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012')).json;
  assert.deepEqual(again, big);
  await call('POST', '/__mock/config', { pointLimit: 5 });
  assert.equal((await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012')).json.length, 5);
  assertErrorBody(await call('POST', '/__mock/config', { pointLimit: 10001 }), 400);
  assert.equal((await call('POST', '/__mock/config', { pointLimit: null })).json.pointLimit, 50);
  assert.equal((await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012')).json.length, 50);
  // the reference documents no limit parameter
  const limit = await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012&limit=5');
  assertErrorBody(limit, 400);
  assert.deepEqual(limit.json.errors, { 'invalid value': ['limit'] });
});

test('DPD parcel shops in DPD format', async () => {
  const res = await call('GET', '/lcs/dpd/points?country_code=NL&postal_code=1012LG');
  assert.equal(res.status, 200);
  const shops = res.json.parcelShop;
  assert.ok(shops.length >= 20);
  for (let i = 1; i < shops.length; i++) assert.ok(shops[i - 1].distance <= shops[i].distance);
  const keys = ['parcelShopId', 'pudoId', 'company', 'street', 'houseNo', 'country', 'countryNum', 'zipCode', 'city', 'town', 'phone', 'fax',
    'email', 'homepage', 'latitude', 'longitude', 'coordinateX', 'coordinateY', 'coordinateZ', 'distance', 'expressPickupTime', 'extraInfo',
    'openingHours', 'services'];
  const names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  for (const s of shops) {
    assert.deepEqual(Object.keys(s), keys);
    assert.equal(typeof s.parcelShopId, 'number');
    assert.equal(typeof s.houseNo, 'string');
    assert.equal(s.country, 'NL');
    assert.deepEqual(s.openingHours.map((o) => o.weekday), names);
    assert.deepEqual(s.services, []);
  }
  await call('POST', '/__mock/config', { pointLimit: 200 });
  const all = (await call('GET', '/lcs/dpd/points?country_code=NL&postal_code=1012')).json.parcelShop.slice(0, 26);
  await call('POST', '/__mock/config', { pointLimit: null });
  const houseNos = [...shops, ...all].map((s) => s.houseNo);
  assert.ok(houseNos.some((h) => /^\d+$/.test(h)) && houseNos.some((h) => /\D/.test(h)));
  const hours = shops.flatMap((s) => s.openingHours);
  assert.ok(hours.some((o) => o.openMorning && !o.openAfternoon), 'morning only');
  assert.ok(hours.some((o) => o.closeMorning && o.openAfternoon), 'lunch break');
  assert.ok(hours.some((o) => !o.openMorning && !o.openAfternoon), 'closed day');

  const one = (await call('GET', `/lcs/dpd/points/${shops[0].parcelShopId}`)).json;
  assert.deepEqual(one, { parcelShop: [shops[0]] });
  assert.deepEqual((await call('GET', `/lcs/dpd/points/${shops[0].pudoId}`)).json, one);
  assertErrorBody(await call('GET', '/lcs/dpd/points/123'), 404);
  // the same shops in LcsPoint shape
  const lcs = (await call('GET', '/lcs/points/dpd?country_code=NL&postal_code=1012LG')).json;
  assert.equal(lcs[0].point.id, shops[0].pudoId);
  assert.equal(lcs[0].distance, shops[0].distance);
});

test('carrier delay and failure from config', async () => {
  await call('POST', '/__mock/config', { carriers: { dhl: { delayMs: 300 }, dpd: { fail: 503 } } });
  const slow = await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012');
  assert.equal(slow.status, 200);
  assert.ok(slow.ms >= 290, `took ${slow.ms} ms`);
  const fast = await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=1012');
  assert.ok(fast.ms < 250);
  assertErrorBody(await call('GET', '/lcs/dpd/points?country_code=NL&postal_code=1012'), 503);
  assertErrorBody(await call('GET', '/lcs/points/dpd?country_code=NL&postal_code=1012'), 503);
  const cfg = (await call('POST', '/__mock/config', { carriers: { dpd: { fail: null } } })).json;
  assert.deepEqual(cfg.carriers, { dhl: { delayMs: 300 }, dpd: {} });
  assert.equal((await call('GET', '/lcs/dpd/points?country_code=NL&postal_code=1012')).status, 200);
  assertErrorBody(await call('POST', '/__mock/config', { carriers: { dhl: { fail: 'yes' } } }), 400);
  await call('POST', '/__mock/reset');
  assert.deepEqual((await call('GET', '/__mock/config')).json, { tokenTtlSeconds: 3600, searchSessionTtlMs: 600000, pointLimit: 50, sparse: false, carriers: {},
    returnUrl: null, declineAuthorize: false });
});

// ---- checkout session ----

test('checkout session: address, method and point selection', async () => {
  const created = await call('POST', '/odr/sessions', {});
  assert.equal(created.status, 200);
  const id = created.json.id;
  assert.ok(Date.parse(created.json.expires_at) > Date.now() + 3500 * 1000);
  assert.deepEqual((await call('GET', `/odr/sessions/${id}`)).json, { expires_at: created.json.expires_at });
  assertErrorBody(await call('GET', '/odr/sessions/unknown/shipping/methods'), 404);

  const bad = await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL' });
  assertErrorBody(bad, 400);
  const addr = await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL', postal_code: '1012 LG', premise_number: 1,
    locality: 'Amsterdam', thoroughfare: 'Damrak', given_name: 'Anna', family_name: 'Jansen' });
  assert.equal(addr.status, 202, addr.text);
  assert.ok(addr.json.id && addr.json.geo_location === undefined);
  // posting adds the address; only PUT .../shipping selects it
  const shipping = (await call('GET', `/odr/sessions/${id}/shipping`)).json;
  assert.equal(shipping.active, undefined);
  assert.equal(shipping.options.session.primary.id, addr.json.id);
  const noPostal = await call('GET', `/odr/sessions/${id}/shipping/point`);
  assertErrorBody(noPostal, 400);
  assert.deepEqual(noPostal.json.errors, { required: ['postal_code'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: addr.json.id })).json, addr.json);
  assert.equal((await call('GET', `/odr/sessions/${id}/shipping`)).json.active.id, addr.json.id);
  assertErrorBody(await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: 'nope' }), 400);

  const methods = (await call('GET', `/odr/sessions/${id}/shipping/methods`)).json;
  assert.equal(methods.active, undefined);
  assert.ok(methods.options.length >= 5);
  assert.ok(methods.options.every((o) => ['homedelivery', 'servicepoint'].includes(o.type) && Number.isInteger(o.price)));
  const pickup = methods.options.find((o) => o.type === 'servicepoint' && o.carrier === 'dhl');
  assertErrorBody(await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: 'nope', is_split_allowed: false }), 400);
  const sel = await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: pickup.id, is_split_allowed: true });
  assert.deepEqual(sel.json, { method_id: pickup.id, is_split_allowed: true });
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/shipping/methods`)).json.active, { method_id: pickup.id, is_split_allowed: true });
  const be = (await call('GET', `/odr/sessions/${id}/shipping/methods?country_code=BE`)).json.options;
  assert.ok(be.length > 0 && be.length < methods.options.length);

  const points = (await call('GET', `/odr/sessions/${id}/shipping/point`)).json;
  assert.equal(points.active, undefined);
  assert.ok(points.options.length >= 20);
  for (let i = 1; i < points.options.length; i++) assert.ok(points.options[i - 1].distance <= points.options[i].distance);
  const p = points.options[0].point;
  assert.equal(p.carrier, 'dhl');
  assert.equal(typeof p.longtitude, 'number');
  assert.equal(p.longitude, undefined);
  assert.ok(p.address.id);
  const postnl = (await call('GET', `/odr/sessions/${id}/shipping/point?method_id=${methods.options.find((o) => o.carrier === 'postnl').id}&postal_code=3511`)).json;
  assert.ok(postnl.options.every((o) => o.point.carrier === 'postnl' && o.point.address.locality === 'Utrecht'));

  assertErrorBody(await call('PUT', `/odr/sessions/${id}/shipping/point`, { spid: 'nope', country_code: 'NL' }), 400);
  const chosen = await call('PUT', `/odr/sessions/${id}/shipping/point`, { spid: p.id, country_code: 'NL' });
  assert.deepEqual(chosen.json, { spid: p.id, country_code: 'NL' });
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/shipping/point`)).json.active, { spid: p.id, country_code: 'NL' });
});

test('checkout session: the shipping address is selected by PUT .../shipping only', async () => {
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  const nl = (await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL', postal_code: '3511 AA', premise_number: 1,
    locality: 'Utrecht', thoroughfare: 'Neude' })).json;
  const be = (await call('POST', `/odr/sessions/${id}/address`, { country_code: 'BE', postal_code: '1000', premise_number: 12,
    locality: 'Bruxelles', thoroughfare: 'Rue Neuve' })).json;
  const nlOnly = (await call('GET', '/lcs/methods?country_code=NL')).json.length;
  const beOnly = (await call('GET', '/lcs/methods?country_code=BE')).json.filter((m) => m.is_enabled).length;
  // nothing selected: no active address, the methods are NL's (the default), points need a postal code
  let shipping = (await call('GET', `/odr/sessions/${id}/shipping`)).json;
  assert.equal(shipping.active, undefined);
  assert.deepEqual([shipping.options.session.primary.id, shipping.options.session.secondary.map((a) => a.id)], [be.id, [nl.id]]);
  assert.deepEqual(shipping.options.contact, { secondary: [] });
  assert.ok((await call('GET', `/odr/sessions/${id}/shipping/methods`)).json.options.length <= nlOnly);
  assertErrorBody(await call('GET', `/odr/sessions/${id}/shipping/point`), 400);

  // selecting the BE address: BE methods, points near its postal code
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: be.id })).json, be);
  shipping = (await call('GET', `/odr/sessions/${id}/shipping`)).json;
  assert.equal(shipping.active.id, be.id);
  assert.equal((await call('GET', `/odr/sessions/${id}/shipping/methods`)).json.options.length, beOnly);
  const points = (await call('GET', `/odr/sessions/${id}/shipping/point`)).json.options;
  assert.ok(points.length > 0 && points.every((o) => o.point.address.country_code === 'BE'));
  // posting another address does not change the selection
  await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL', postal_code: '1012 LG', premise_number: 1, locality: 'Amsterdam', thoroughfare: 'Damrak' });
  assert.equal((await call('GET', `/odr/sessions/${id}/shipping`)).json.active.id, be.id);
  // then the NL one
  await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: nl.id });
  const utrecht = (await call('GET', `/odr/sessions/${id}/shipping/point`)).json.options;
  assert.ok(utrecht.every((o) => o.point.address.locality === 'Utrecht'));

  // contact / organisation addresses: the mock has none; an empty body selects nothing
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping`, { contact: { primary: true, secondary: false } })).json.errors, { 'invalid value': ['contact'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping`, { organisation: { primary: true } })).json.errors, { 'invalid value': ['organisation'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping`, {})).json.errors, { required: ['address_id'] });
  assert.equal((await call('GET', `/odr/sessions/${id}/shipping`)).json.active.id, nl.id);
});

test('checkout session: contact, identity, delivery window', async () => {
  const id = (await call('POST', '/odr/sessions', { audience: 'shop' })).json.id;
  // No contact yet: an empty one (200 {}); 404 is for an unknown session.
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/contact`)).json, {});
  assertErrorBody(await call('GET', `/odr/sessions/no-such-session/contact`), 404);
  assert.equal((await call('POST', `/odr/sessions/${id}/contact`, { email: 'anna@example.com', given_name: 'Anna', family_name: 'Jansen' })).status, 204);
  const contact = (await call('GET', `/odr/sessions/${id}/contact`)).json;
  assert.equal(contact.email, 'anna@example.com');
  assert.deepEqual(contact.tags, []);
  assert.ok(contact.id && contact.version && contact.created_at && contact.updated_at);
  assertErrorBody(await call('POST', `/odr/sessions/${id}/contact`, { email: 'not-an-email' }), 400);

  assertErrorBody(await call('POST', `/odr/sessions/${id}/identity`, { email: 'anna@example.com' }), 404);
  await signUp();
  assert.equal((await call('POST', `/odr/sessions/${id}/identity`, { email: 'anna@example.com' })).status, 204);

  const windows = (await call('GET', `/odr/sessions/${id}/shipping/window`)).json;
  assert.equal(windows.active, undefined);
  assert.ok(windows.options.length >= 3);
  const w = windows.options[1];
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/shipping/window`, w)).json, w);
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/shipping/window`)).json.active, w);
  assertErrorBody(await call('PUT', `/odr/sessions/${id}/shipping/window`, { ...w, from: 3 }), 400);
});

// ---- the rest of the checkout: orders, payment, transactions ----

const validator = createValidator();
// The answer is one the reference documents: its status, and only documented properties of their types.
function assertConforms(method, template, res) {
  const op = validator.operation(method, template);
  assert.ok(op, `${method} ${template} is an operation`);
  assert.equal(validator.validateResponse(op, res.status, res.json), null, `${method} ${template} ${res.status}: ${res.text}`);
}

const CART = {
  items: [
    { sku: 'TEE-1', description: 'T-shirt', amount: 1995, quantity: 2 },
    { sku: 'BOOK-1', description: 'Book', amount: 1250, quantity: 1, vat_rate: 9 },
  ],
  coupon: { code: 'WELCOME10', description: '10% off', percentage: 10 },
};
const DAMRAK = { country_code: 'NL', postal_code: '1012 LG', premise_number: 1, locality: 'Amsterdam', thoroughfare: 'Damrak', given_name: 'Anna', family_name: 'Jansen' };
const POSTNL_STANDARD = '6f1c2a9e-0b7d-4c51-9a39-1d2e3f405001'; // NL 695, BE 995, DE 1295
const POSTNL_EVENING = '6f1c2a9e-0b7d-4c51-9a39-1d2e3f405003'; // NL only, 895

async function makeOrder(body = CART) {
  const res = await call('POST', '/__mock/orders', body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function paymentMethods(id) {
  const { options } = (await call('GET', `/odr/sessions/${id}/billing/methods`)).json;
  const by = (name) => options.find((o) => o.name === name);
  return { ideal: by('iDEAL'), card: by('Credit card'), paypal: by('PayPal') };
}

// A session with an order, contact, address (shipping and billing), phone number, shipping
// method and payment method (iDEAL, ING): ready for a calculation and authorize.
async function readySession({ cart = CART } = {}) {
  const order = await makeOrder(cart);
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  assert.equal((await call('PUT', `/odr/sessions/${id}/order`, { order_id: order.id })).status, 200);
  assert.equal((await call('POST', `/odr/sessions/${id}/contact`, { email: 'anna@example.com', given_name: 'Anna' })).status, 204);
  const address = (await call('POST', `/odr/sessions/${id}/address`, DAMRAK)).json;
  await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: address.id });
  assert.equal((await call('PUT', `/odr/sessions/${id}/billing`, { address_id: address.id })).status, 200);
  const phone = (await call('POST', `/odr/sessions/${id}/phonenumbers`, { country_code: 'NL', number: '+31 6 12345678' })).json;
  assert.equal((await call('PUT', `/odr/sessions/${id}/phonenumbers`, { phone_number_id: phone.id })).status, 202);
  await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: POSTNL_STANDARD, is_split_allowed: false });
  const { ideal } = await paymentMethods(id);
  const ing = ideal.issuers.find((i) => i.name === 'ING');
  assert.equal((await call('PUT', `/odr/sessions/${id}/billing/methods`, { method_id: ideal.method_id, issuer_id: ing.method_id })).status, 200);
  return { id, order, address, phone, ideal, ing };
}

async function authorize(id) {
  const calc = (await call('GET', `/odr/sessions/${id}/calculation`)).json;
  const res = await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: calc.id });
  return { calc, res };
}

// The payment page's form, as a browser posts it. Resolves {status, location, secret}.
async function choose(forwardUri, outcome) {
  const res = await raw('POST', new URL(forwardUri).pathname, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `outcome=${outcome}` });
  const location = res.headers.location;
  return { status: res.status, location, secret: location && new URL(location).searchParams.get('secret'), res };
}

test('orders: the control API makes, reads and changes orders; bad orders are 400', async () => {
  const order = await makeOrder();
  assert.match(order.id, /^[0-9a-f-]{36}$/);
  assert.equal(order.number, '1000001');
  assert.equal(order.currency, 'EUR');
  assert.equal(order.is_including_vat, true);
  assert.deepEqual(order.items.map((i) => [i.sku, i.quantity, i.vat_rate, i.type]), [['TEE-1', 2, 21, 'product'], ['BOOK-1', 1, 9, 'product']]);
  assert.deepEqual((await call('GET', `/__mock/orders/${order.id}`)).json, order);
  assert.equal((await call('GET', '/__mock/orders')).json.length, 1);
  assert.equal((await makeOrder({ items: [{ sku: 'X', amount: 100 }], number: 'SHOP-7' })).number, 'SHOP-7');

  const changed = await call('PUT', `/__mock/orders/${order.id}`, { items: [{ sku: 'TEE-1', amount: 1995, quantity: 3 }] });
  assert.equal(changed.status, 200);
  assert.equal(changed.json.version, 2);
  assert.equal(changed.json.number, '1000001');
  assert.equal(changed.json.coupon, undefined);
  assertErrorBody(await call('GET', '/__mock/orders/nope'), 404);
  assertErrorBody(await call('PUT', '/__mock/orders/nope', CART), 404);
  // none of this is an API call
  assert.deepEqual((await call('GET', '/__mock/log')).json, []);

  const bad = async (body, errors) => {
    const res = await call('POST', '/__mock/orders', body);
    assertErrorBody(res, 400);
    assert.deepEqual(res.json.errors, errors);
  };
  await bad({}, { required: ['items'] });
  await bad({ items: [] }, { 'invalid value': ['items'] });
  await bad({ items: [{ sku: 'A' }] }, { required: ['items[0].amount'] });
  await bad({ items: [{ sku: 'A', amount: 1.5, quantity: 0, vat_rate: 101, colour: 'red' }] },
    { 'invalid value': ['items[0].colour', 'items[0].amount', 'items[0].quantity', 'items[0].vat_rate'] });
  await bad({ items: [{ amount: 1 }], currency: 'eur' }, { 'invalid value': ['currency'], required: ['items[0].sku'] });
  await bad({ ...CART, coupon: { amount: 100, percentage: 10 } }, { 'invalid value': ['coupon.amount'] });
  await bad({ ...CART, coupon: { description: 'free' } }, { required: ['coupon.amount'] });
  await bad({ ...CART, coupon: { percentage: 110 } }, { 'invalid value': ['coupon.percentage'] });
  await bad({ ...CART, return_url: 'javascript:alert(1)' }, { 'invalid value': ['return_url'] });
});

test('checkout: attach an order; the projection follows the cart, shipping and payment method', async () => {
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  assertErrorBody(await call('GET', `/odr/sessions/${id}/projection`), 404); // no order yet
  assertErrorBody(await call('GET', `/odr/sessions/${id}/calculation`), 404);
  const order = await makeOrder();
  const bad = await call('PUT', `/odr/sessions/${id}/order`, { order_id: 'nope' });
  assertErrorBody(bad, 400);
  assert.deepEqual(bad.json.errors, { 'invalid value': ['order_id'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/order`, {})).json.errors, { required: ['order_id'] });
  const attached = await call('PUT', `/odr/sessions/${id}/order`, { order_id: order.id });
  assert.equal(attached.status, 200);
  assert.deepEqual(attached.json, { order_id: order.id });
  assertConforms('PUT', '/odr/sessions/{id}/order', attached);

  // items, the coupon, VAT per rate; no services yet
  let res = await call('GET', `/odr/sessions/${id}/projection`);
  assertConforms('GET', '/odr/sessions/{id}/projection', res);
  let p = res.json;
  assert.deepEqual(p.items.map((i) => [i.sku, i.amount, i.quantity, i.subtotal, i.total, i.vat_percentage]),
    [['TEE-1', 1995, 2, 3990, 3990, 21], ['BOOK-1', 1250, 1, 1250, 1250, 9]]);
  assert.equal(p.subtotal, 5240);
  assert.deepEqual(p.services, []);
  assert.equal(p.adjustments.length, 1);
  const coupon = p.adjustments[0];
  assert.deepEqual([coupon.reference, coupon.description, coupon.amount, coupon.is_percentage, coupon.is_discount, coupon.result.output],
    ['WELCOME10', '10% off', 10, true, true, 524]);
  assert.equal(p.total, 5240 - 524);
  // the coupon is split over the rates: 21 % gets 399, 9 % gets 125
  assert.deepEqual(p.vat, [{ rate: 9, amount: Math.round((1125 * 9) / 109) }, { rate: 21, amount: Math.round((3591 * 21) / 121) }]);
  assert.equal(p.currency, 'EUR');
  assert.equal(p.is_including_vat, true);

  // shipping: the selected method's price for the session's country (NL without an address)
  await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: POSTNL_STANDARD, is_split_allowed: false });
  p = (await call('GET', `/odr/sessions/${id}/projection`)).json;
  assert.deepEqual(p.services.map((s) => [s.type, s.description, s.amount, s.is_percentage, s.quantity, s.subtotal, s.total, s.vat_percentage]),
    [['shipping', 'PostNL Standaard', 695, false, 1, 695, 695, 21]]);
  assert.equal(p.total, 5240 - 524 + 695);
  const be = (await call('POST', `/odr/sessions/${id}/address`, { country_code: 'BE', postal_code: '1000', premise_number: 12, locality: 'Bruxelles', thoroughfare: 'Rue Neuve' })).json;
  await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: be.id });
  assert.equal((await call('GET', `/odr/sessions/${id}/projection`)).json.services[0].amount, 995);
  // a method that does not ship to the session's country cannot be priced
  await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: POSTNL_EVENING, is_split_allowed: false });
  const unpriced = await call('GET', `/odr/sessions/${id}/projection`);
  assertErrorBody(unpriced, 400);
  assert.deepEqual(unpriced.json.errors, { 'invalid value': ['method_id'] });
  await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: POSTNL_STANDARD, is_split_allowed: false });

  // payment fees: a percentage (the amount is 1.5, a percentage) and money
  const { card, paypal, ideal } = await paymentMethods(id);
  await call('PUT', `/odr/sessions/${id}/billing/methods`, { method_id: card.method_id });
  p = (await call('GET', `/odr/sessions/${id}/projection`)).json;
  const fee = p.services.find((s) => s.type === 'payment');
  const base = 5240 - 524 + 995;
  assert.deepEqual([fee.amount, fee.is_percentage, fee.total], [1.5, true, Math.round(base * 0.015)]);
  assert.equal(p.total, base + fee.total);
  await call('PUT', `/odr/sessions/${id}/billing/methods`, { method_id: paypal.method_id });
  p = (await call('GET', `/odr/sessions/${id}/projection`)).json;
  assert.deepEqual(p.services.map((s) => [s.type, s.amount, s.is_percentage, s.total]), [['shipping', 995, false, 995], ['payment', 29, false, 29]]);
  await call('PUT', `/odr/sessions/${id}/billing/methods`, { method_id: ideal.method_id });
  assert.equal((await call('GET', `/odr/sessions/${id}/projection`)).json.services.length, 1);

  // the shop changes the cart: the projection follows
  await call('PUT', `/__mock/orders/${order.id}`, { items: [{ sku: 'TEE-1', amount: 1995, quantity: 1, discount: { description: 'Sale', amount: 500 } }],
    coupon: { description: 'Five off', amount: 500 } });
  p = (await call('GET', `/odr/sessions/${id}/projection`)).json;
  assert.deepEqual(p.items.map((i) => [i.subtotal, i.total, i.is_discounted, i.adjustments.map((a) => [a.amount, a.is_percentage, a.is_discount])]),
    [[1995, 1495, true, [[500, false, true]]]]);
  assert.equal(p.subtotal, 1495);
  assert.deepEqual(p.adjustments.map((a) => [a.amount, a.is_percentage, a.result.output]), [[500, false, 500]]);
  assert.equal(p.total, 1495 - 500 + 995);
  assert.deepEqual(p.vat, [{ rate: 21, amount: Math.round(((1495 - 500 + 995) * 21) / 121) }]);

  // prices excluding VAT: VAT is added to the total
  const net = await makeOrder({ items: [{ sku: 'B2B', amount: 10000 }], is_including_vat: false, currency: 'USD' });
  const id2 = (await call('POST', '/odr/sessions', {})).json.id;
  await call('PUT', `/odr/sessions/${id2}/order`, { order_id: net.id });
  p = (await call('GET', `/odr/sessions/${id2}/projection`)).json;
  assert.deepEqual([p.subtotal, p.vat, p.total, p.currency, p.is_including_vat], [10000, [{ rate: 21, amount: 2100 }], 12100, 'USD', false]);
});

test('checkout: contact, phone numbers, billing address and payment methods', async () => {
  const id = (await call('POST', '/odr/sessions', {})).json.id;
  // contact: empty before one is set, 400 for a bad email, 204 with no body
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/contact`)).json, {});
  const badEmail = await call('POST', `/odr/sessions/${id}/contact`, { email: 'anna@' });
  assertErrorBody(badEmail, 400);
  assert.deepEqual(badEmail.json.errors, { 'invalid value': ['email'] });
  const made = await call('POST', `/odr/sessions/${id}/contact`, { email: 'anna@example.com' });
  assert.deepEqual([made.status, made.text], [204, '']);
  assertConforms('GET', '/odr/sessions/{id}/contact', await call('GET', `/odr/sessions/${id}/contact`));

  // phone numbers: POST adds (202), PUT selects (202), GET shows the choice
  const ph = await call('POST', `/odr/sessions/${id}/phonenumbers`, { country_code: 'nl', number: '06-12345678' });
  assert.equal(ph.status, 202);
  assertConforms('POST', '/odr/sessions/{id}/phonenumbers', ph);
  assert.deepEqual([ph.json.country_code, ph.json.number], ['NL', '06-12345678']);
  assert.deepEqual((await call('POST', `/odr/sessions/${id}/phonenumbers`, { country_code: 'NL', number: 'call me' })).json.errors, { 'invalid value': ['number'] });
  assert.deepEqual((await call('POST', `/odr/sessions/${id}/phonenumbers`, { country_code: 'NLD', number: '0612345678' })).json.errors, { 'invalid value': ['country_code'] });
  assert.deepEqual((await call('POST', `/odr/sessions/${id}/phonenumbers`, { number: '0612345678' })).json.errors, { required: ['country_code'] });
  let phones = (await call('GET', `/odr/sessions/${id}/phonenumbers`)).json;
  assert.equal(phones.active, undefined);
  assert.equal(phones.options.session.primary.id, ph.json.id);
  const sel = await call('PUT', `/odr/sessions/${id}/phonenumbers`, { phone_number_id: ph.json.id });
  assert.deepEqual([sel.status, sel.json], [202, ph.json]);
  assertConforms('PUT', '/odr/sessions/{id}/phonenumbers', sel);
  phones = await call('GET', `/odr/sessions/${id}/phonenumbers`);
  assertConforms('GET', '/odr/sessions/{id}/phonenumbers', phones);
  assert.equal(phones.json.active.id, ph.json.id);
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/phonenumbers`, { phone_number_id: 'nope' })).json.errors, { 'invalid value': ['phone_number_id'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/phonenumbers`, { contact: { primary: true } })).json.errors, { 'invalid value': ['contact'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/phonenumbers`, {})).json.errors, { required: ['phone_number_id'] });

  // billing address: chosen from the session's addresses, like shipping, and separately
  const a1 = (await call('POST', `/odr/sessions/${id}/address`, DAMRAK)).json;
  const a2 = (await call('POST', `/odr/sessions/${id}/address`, { ...DAMRAK, premise_number: 2 })).json;
  assert.equal((await call('GET', `/odr/sessions/${id}/billing`)).json.active, undefined);
  const billing = await call('PUT', `/odr/sessions/${id}/billing`, { address_id: a1.id });
  assert.deepEqual([billing.status, billing.json], [200, a1]);
  assertConforms('PUT', '/odr/sessions/{id}/billing', billing);
  await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: a2.id });
  const b = await call('GET', `/odr/sessions/${id}/billing`);
  assertConforms('GET', '/odr/sessions/{id}/billing', b);
  assert.equal(b.json.active.id, a1.id);
  assert.deepEqual([b.json.options.session.primary.id, b.json.options.session.secondary.map((a) => a.id)], [a2.id, [a1.id]]);
  assert.equal((await call('GET', `/odr/sessions/${id}/shipping`)).json.active.id, a2.id);
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/billing`, { address_id: 'nope' })).json.errors, { 'invalid value': ['address_id'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/billing`, { organisation: { primary: true } })).json.errors, { 'invalid value': ['organisation'] });

  // payment methods: "acitve" (sic) once one is chosen; an issuer's id is its method_id
  let methods = await call('GET', `/odr/sessions/${id}/billing/methods`);
  assertConforms('GET', '/odr/sessions/{id}/billing/methods', methods);
  assert.equal(methods.json.acitve, undefined);
  assert.equal(methods.json.active, undefined);
  assert.deepEqual(methods.json.options.map((o) => [o.name, (o.issuers ?? []).map((i) => i.name)]),
    [['iDEAL', ['ABN AMRO', 'ING', 'Rabobank']], ['Credit card', []], ['PayPal', []]]);
  const { ideal, card } = await paymentMethods(id);
  const rabo = ideal.issuers[2];
  assert.match(rabo.method_id, /^[0-9a-f-]{36}$/);
  const put = async (body) => call('PUT', `/odr/sessions/${id}/billing/methods`, body);
  assert.deepEqual((await put({ method_id: 'nope' })).json.errors, { 'invalid value': ['method_id'] });
  assert.deepEqual((await put({ method_id: ideal.method_id, issuer_id: 'nope' })).json.errors, { 'invalid value': ['issuer_id'] });
  assert.deepEqual((await put({ method_id: card.method_id, issuer_id: rabo.method_id })).json.errors, { 'invalid value': ['issuer_id'] });
  assert.deepEqual((await put({ issuer_id: rabo.method_id })).json.errors, { required: ['method_id'] });
  assert.deepEqual((await put({ method_id: ideal.method_id, metod: 'x' })).json.errors, { 'invalid value': ['metod'] });
  const chosen = await put({ method_id: ideal.method_id, issuer_id: rabo.method_id });
  assert.deepEqual([chosen.status, chosen.json], [200, { method_id: ideal.method_id, issuer_id: rabo.method_id }]);
  assertConforms('PUT', '/odr/sessions/{id}/billing/methods', chosen);
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/billing/methods`)).json.acitve, { method_id: ideal.method_id, issuer_id: rabo.method_id });
  assert.deepEqual((await put({ method_id: ideal.method_id })).json, { method_id: ideal.method_id }); // the bank may be picked later
  methods = (await call('GET', `/odr/sessions/${id}/billing/methods`)).json;
  assert.deepEqual(methods.acitve, { method_id: ideal.method_id });
});

test('checkout: the whole checkout through the payment page, paid', async () => {
  await call('POST', '/__mock/config', { returnUrl: 'http://127.0.0.1:9/shop/return.html?step=done' });
  const { id, order, address, phone } = await readySession();
  await call('DELETE', '/__mock/log');
  assertConforms('GET', '/odr/sessions/{id}', await call('GET', `/odr/sessions/${id}`));

  const projection = (await call('GET', `/odr/sessions/${id}/projection`)).json;
  assert.ok(projection.adjustments.some((a) => a.is_discount && a.result.output === 524), 'a discount line');
  const calcRes = await call('GET', `/odr/sessions/${id}/calculation`);
  assertConforms('GET', '/odr/sessions/{id}/calculation', calcRes);
  const calc = calcRes.json;
  assert.match(calc.id, /^[0-9a-f-]{36}$/);
  assert.equal(calc.total, projection.total);
  assert.equal(calc.total, 5240 - 524 + 695);
  assert.equal(calc.number, order.number);
  assert.deepEqual(calc.settings, { billing: { method_code: 'ideal', issuer_code: 'INGBNL2A', provider_code: 'mock' }, shipping: { method_id: POSTNL_STANDARD } });
  assert.deepEqual(calc.customer, { tags: [], contact: { email: 'anna@example.com', address_id: address.id, phone_number_id: phone.id } });
  assert.equal(calc.is_including_vat, undefined); // not a calculation field in the reference

  const auth = await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: calc.id });
  assertConforms('POST', '/odr/sessions/{id}/authorize', auth);
  assert.equal(auth.json.accepted, true);
  const forward = new URL(auth.json.forward_uri);
  assert.equal(forward.origin, `http://127.0.0.1:${mock.port}`); // the mock's own origin
  assert.match(forward.pathname, /^\/__mock\/pay\/[0-9a-f]{40}$/);
  const secret = forward.pathname.split('/').pop();

  // pending until the page answers
  let tx = await call('GET', `/odr/transactions/${secret}`);
  assertConforms('GET', '/odr/transactions/{secret}', tx);
  assert.deepEqual([tx.json.amount_due, tx.json.amount_paid, tx.json.payments[0].is_pending, tx.json.payments[0].is_paid], [calc.total, 0, true, false]);

  const page = await raw('GET', forward.pathname);
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type'], /^text\/html/);
  for (const button of ['id="pay"', 'id="cancel"', 'id="fail"']) assert.ok(page.text.includes(button), button);
  assert.ok(page.text.includes(`action="/__mock/pay/${secret}"`));
  assert.ok(page.text.includes('EUR 54.11') && page.text.includes('iDEAL (ING)'), page.text);

  const paid = await choose(auth.json.forward_uri, 'paid');
  assert.equal(paid.status, 303);
  assert.equal(paid.location, `http://127.0.0.1:9/shop/return.html?step=done&secret=${secret}`);
  assert.equal(paid.secret, secret);
  tx = await call('GET', `/odr/transactions/${paid.secret}`);
  assertConforms('GET', '/odr/transactions/{secret}', tx);
  const t = tx.json;
  assert.deepEqual([t.amount_due, t.amount_paid, t.currency, t.secret, t.number, t.reference], [0, calc.total, 'EUR', secret, order.number, { entity_id: order.id, entity_type: 'order' }]);
  assert.equal(t.payments.length, 1);
  const pay = t.payments[0];
  assert.deepEqual([pay.amount, pay.is_paid, pay.is_pending, pay.method_code, pay.issuer_code, pay.provider_code], [calc.total, true, false, 'ideal', 'INGBNL2A', 'mock']);
  assert.ok(Math.abs(Date.parse(pay.paid_at) - Date.now()) < 5000);
  assert.equal(t.return_url, 'http://127.0.0.1:9/shop/return.html?step=done');
  assert.deepEqual(t.purchase.items.map((i) => [i.sku, i.amount, i.quantity, i.vat_rate]), [['TEE-1', 1995, 2, 21], ['BOOK-1', 1250, 1, 9]]);
  // the page now shows the outcome and no buttons
  const after = await raw('GET', forward.pathname);
  assert.ok(after.text.includes('id="status">paid') && !after.text.includes('id="pay"'));

  // a second authorize of a paid session is refused
  const again = await authorize(id);
  assertErrorBody(again.res, 400);
  assert.deepEqual(again.res.json.errors, { 'invalid value': ['calculation_id'] });
  assert.match(again.res.json.message, /already authorized \(payment paid\)/);
  assertConforms('POST', '/odr/sessions/{id}/authorize', again.res);

  // the log shows each authorize (the pay page and control calls are not API calls)
  const authorizes = (await call('GET', `/__mock/log?path=/odr/sessions/${id}/authorize`)).json;
  assert.deepEqual(authorizes.map((e) => [e.method, e.status, e.body.calculation_id === calc.id]), [['POST', 200, true], ['POST', 400, false]]);
  assert.ok((await call('GET', '/__mock/log')).json.every((e) => !e.rawPath.startsWith('/__mock')));
});

test('checkout: cancel, fail and pending outcomes; the default and per-order return URLs', async () => {
  const { id } = await readySession();
  // no return URL configured: the mock's own /__mock/return page
  const first = await authorize(id);
  assert.equal(first.res.status, 200);
  // pending until answered: a second authorize is refused
  const pendingAgain = await authorize(id);
  assertErrorBody(pendingAgain.res, 400);
  assert.match(pendingAgain.res.json.message, /payment pending/);
  const stay = await choose(first.res.json.forward_uri, 'pending');
  assert.equal(stay.location, `http://127.0.0.1:${mock.port}/__mock/return?secret=${stay.secret}`);
  let p = (await call('GET', `/odr/transactions/${stay.secret}`)).json.payments[0];
  assert.deepEqual([p.is_pending, p.is_paid], [true, false]);
  const cancelled = await choose(first.res.json.forward_uri, 'cancelled');
  assert.equal(cancelled.status, 303);
  let t = (await call('GET', `/odr/transactions/${cancelled.secret}`)).json;
  assert.deepEqual([t.amount_due, t.amount_paid, t.payments[0].is_pending, t.payments[0].is_paid, t.payments[0].paid_at], [first.calc.total, 0, false, false, undefined]);
  assert.deepEqual(t.payments[0].metadata, { status: 'cancelled' });
  const back = await raw('GET', new URL(cancelled.location).pathname + new URL(cancelled.location).search);
  assert.ok(back.status === 200 && back.text.includes('id="status">cancelled'), back.text);
  // a final outcome is final: the same again only redirects, another is 409
  assert.equal((await choose(first.res.json.forward_uri, 'cancelled')).status, 303);
  assertErrorBody((await choose(first.res.json.forward_uri, 'paid')).res, 409);
  assertErrorBody((await choose(first.res.json.forward_uri, 'refund')).res, 400);
  assertErrorBody(await raw('POST', '/__mock/pay/nope', { body: { outcome: 'paid' } }), 404);
  assert.equal((await raw('GET', '/__mock/pay/nope')).status, 404);

  // after a cancel the shopper may try again: a new transaction with a new secret
  const second = await authorize(id);
  assert.equal(second.res.status, 200, second.res.text);
  assert.notEqual(second.res.json.forward_uri, first.res.json.forward_uri);
  const failed = await choose(second.res.json.forward_uri, 'failed');
  t = (await call('GET', `/odr/transactions/${failed.secret}`)).json;
  assert.deepEqual([t.amount_paid, t.payments[0].is_pending, t.payments[0].is_paid, t.payments[0].metadata.status], [0, false, false, 'failed']);
  // the JSON form of the same call
  const third = await authorize(id);
  const paid = await raw('POST', new URL(third.res.json.forward_uri).pathname, { body: { outcome: 'paid' } });
  assert.equal(paid.status, 303);
  assert.equal((await call('GET', `/odr/transactions/${new URL(paid.headers.location).searchParams.get('secret')}`)).json.amount_paid, third.calc.total);
  const all = (await call('GET', '/__mock/transactions')).json;
  assert.deepEqual(all.map((x) => x.state), ['cancelled', 'failed', 'paid']);
  assert.ok(all.every((x) => x.session_id === id));

  // a per-order return URL wins over the config's
  await call('POST', '/__mock/config', { returnUrl: 'http://127.0.0.1:9/config-return' });
  assertErrorBody(await call('POST', '/__mock/config', { returnUrl: 'not a url' }), 400);
  const own = await readySession({ cart: { ...CART, return_url: 'https://shop.example/thanks' } });
  const ownAuth = await authorize(own.id);
  assert.match((await choose(ownAuth.res.json.forward_uri, 'paid')).location, /^https:\/\/shop\.example\/thanks\?secret=[0-9a-f]{40}$/);
  const cfg = await readySession();
  assert.match((await choose((await authorize(cfg.id)).res.json.forward_uri, 'paid')).location, /^http:\/\/127\.0\.0\.1:9\/config-return\?secret=/);
  // forward_uri follows the Host the client used
  const host = await readySession();
  const calc = (await call('GET', `/odr/sessions/${host.id}/calculation`)).json;
  const viaLocalhost = await call('POST', `/odr/sessions/${host.id}/authorize`, { calculation_id: calc.id }, { host: `localhost:${mock.port}` });
  assert.equal(new URL(viaLocalhost.json.forward_uri).origin, `http://localhost:${mock.port}`);
});

test('checkout: authorize refusals (400): stale, unknown, not ready, already authorized; decline and nothing to pay', async () => {
  const { id, order } = await readySession();
  // stale: the cart changed since the calculation
  let calc = (await call('GET', `/odr/sessions/${id}/calculation`)).json;
  await call('PUT', `/__mock/orders/${order.id}`, { items: [{ sku: 'TEE-1', amount: 1995, quantity: 5 }] });
  let res = await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: calc.id });
  assertErrorBody(res, 400);
  assert.deepEqual(res.json.errors, { 'invalid value': ['calculation_id'] });
  assert.match(res.json.message, /stale/);
  // stale: a selection changed since
  calc = (await call('GET', `/odr/sessions/${id}/calculation`)).json;
  const { paypal } = await paymentMethods(id);
  await call('PUT', `/odr/sessions/${id}/billing/methods`, { method_id: paypal.method_id });
  assert.match((await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: calc.id })).json.message, /stale/);
  calc = (await call('GET', `/odr/sessions/${id}/calculation`)).json;
  await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: POSTNL_EVENING, is_split_allowed: false });
  assert.match((await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: calc.id })).json.message, /stale/);
  // unknown or another session's calculation; the body's shape per the reference
  const other = await readySession();
  const otherCalc = (await call('GET', `/odr/sessions/${other.id}/calculation`)).json;
  res = await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: otherCalc.id });
  assertErrorBody(res, 400);
  assert.match(res.json.message, /Unknown calculation_id/);
  assert.deepEqual((await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: 'nope' })).json.errors, { 'invalid value': ['calculation_id'] });
  assert.deepEqual((await call('POST', `/odr/sessions/${id}/authorize`, {})).json.errors, { required: ['calculation_id'] });
  assert.deepEqual((await call('POST', `/odr/sessions/${id}/authorize`)).json.errors, { required: ['body'] });
  // a fresh calculation goes through
  assert.equal((await authorize(id)).res.status, 200);
  assert.equal((await call('GET', '/__mock/transactions')).json.length, 1);
  // while the order is being paid, the shop cannot change it nor another session take it
  assertErrorBody(await call('PUT', `/__mock/orders/${order.id}`, CART), 409);
  const taker = (await call('POST', '/odr/sessions', {})).json.id;
  assert.deepEqual((await call('PUT', `/odr/sessions/${taker}/order`, { order_id: order.id })).json.errors, { 'invalid value': ['order_id'] });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/order`, { order_id: other.order.id })).json.errors, { 'invalid value': ['order_id'] });
  assert.equal((await call('PUT', `/odr/sessions/${id}/order`, { order_id: order.id })).status, 200); // the same order again

  // not ready: contact, billing address and payment method are needed
  const bare = (await call('POST', '/odr/sessions', {})).json.id;
  await call('PUT', `/odr/sessions/${bare}/order`, { order_id: (await makeOrder()).id });
  res = (await authorize(bare)).res;
  assertErrorBody(res, 400);
  assert.deepEqual(res.json.errors, { required: ['contact', 'billing_address', 'billing_method'] });

  // the mock can decline; nothing is made, and a later authorize may be accepted
  const declined = await readySession();
  await call('POST', '/__mock/config', { declineAuthorize: true });
  res = (await authorize(declined.id)).res;
  assert.deepEqual([res.status, res.json], [200, { accepted: false }]);
  assertConforms('POST', '/odr/sessions/{id}/authorize', res);
  await call('POST', '/__mock/config', { declineAuthorize: false });
  assert.equal((await authorize(declined.id)).res.json.accepted, true);

  // nothing to pay (a 100 % coupon, no shipping method): accepted without a forward_uri, and no transaction
  const freeOrder = await makeOrder({ items: [{ sku: 'GIFT', amount: 1000 }], coupon: { percentage: 100 } });
  const freeSession = (await call('POST', '/odr/sessions', {})).json.id;
  await call('PUT', `/odr/sessions/${freeSession}/order`, { order_id: freeOrder.id });
  await call('POST', `/odr/sessions/${freeSession}/contact`, { email: 'anna@example.com' });
  const addr = (await call('POST', `/odr/sessions/${freeSession}/address`, DAMRAK)).json;
  await call('PUT', `/odr/sessions/${freeSession}/billing`, { address_id: addr.id });
  await call('PUT', `/odr/sessions/${freeSession}/billing/methods`, { method_id: (await paymentMethods(freeSession)).ideal.method_id });
  const count = (await call('GET', '/__mock/transactions')).json.length;
  const freeAuth = await authorize(freeSession);
  assert.equal(freeAuth.calc.total, 0);
  assert.deepEqual([freeAuth.res.status, freeAuth.res.json], [200, { accepted: true }]);
  assert.equal((await call('GET', '/__mock/transactions')).json.length, count);
  assert.match((await authorize(freeSession)).res.json.message, /already authorized \(payment complete\)/);
});

test('checkout: an unknown session is 404 on every route; an unknown transaction is 404', async () => {
  const routes = [
    ['GET', ''], ['PUT', '/order', { order_id: 'x' }], ['POST', '/contact', { email: 'anna@example.com' }], ['GET', '/contact'],
    ['POST', '/phonenumbers', { country_code: 'NL', number: '0612345678' }], ['GET', '/phonenumbers'], ['PUT', '/phonenumbers', { phone_number_id: 'x' }],
    ['PUT', '/billing', { address_id: 'x' }], ['GET', '/billing'], ['GET', '/billing/methods'], ['PUT', '/billing/methods', { method_id: 'x' }],
    ['GET', '/projection'], ['GET', '/calculation'], ['POST', '/authorize', { calculation_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }],
  ];
  for (const [method, suffix, body] of routes) {
    const res = await call(method, `/odr/sessions/unknown${suffix}`, body);
    assertErrorBody(res, 404);
    assertConforms(method, `/odr/sessions/{id}${suffix}`, res);
  }
  const tx = await call('GET', '/odr/transactions/unknown');
  assertErrorBody(tx, 404);
  assertConforms('GET', '/odr/transactions/{secret}', tx);
});

test('faults on authorize: stall, reset, truncate (and -after variants); every new route takes faults', async () => {
  const { id } = await readySession();
  const calcId = async () => (await call('GET', `/odr/sessions/${id}/calculation`)).json.id;
  const txCount = async () => (await call('GET', '/__mock/transactions')).json.length;
  const path = `/odr/sessions/${id}/authorize`;

  // stall and reset: the route never runs
  await assert.rejects(raw('POST', path, { body: { calculation_id: await calcId() }, headers: { 'x-mock-fault': 'stall' }, timeoutMs: 300 }), { code: 'CLIENT_TIMEOUT' });
  await call('POST', '/__mock/faults', { method: 'POST', path, fault: 'reset' });
  await assert.rejects(raw('POST', path, { body: { calculation_id: await calcId() } }), (e) => ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message));
  assert.equal(await txCount(), 0);
  // stall-after and reset-after: the transaction is made, the answer is lost
  await assert.rejects(raw('POST', path, { body: { calculation_id: await calcId() }, headers: { 'x-mock-fault': 'reset-after' } }), (e) => ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message));
  assert.equal(await txCount(), 1);
  // so the next authorize is refused
  assert.match((await authorize(id)).res.json.message, /already authorized \(payment pending\)/);

  // truncate: the route runs (a transaction), the answer is cut
  const other = await readySession();
  const calc = (await call('GET', `/odr/sessions/${other.id}/calculation`)).json;
  const cut = await call('POST', `/odr/sessions/${other.id}/authorize`, { calculation_id: calc.id }, { 'x-mock-fault': 'truncate' });
  assert.equal(cut.status, 200);
  assert.throws(() => JSON.parse(cut.text));
  assert.ok(cut.text.startsWith('{"accepted":true,"forward_uri":"http://127.0.0.1:'));
  assert.equal(await txCount(), 2);
  const third = await readySession();
  const c3 = (await call('GET', `/odr/sessions/${third.id}/calculation`)).json;
  await assert.rejects(raw('POST', `/odr/sessions/${third.id}/authorize`, { body: { calculation_id: c3.id }, headers: { 'x-mock-fault': 'stall-after' }, timeoutMs: 300 }), { code: 'CLIENT_TIMEOUT' });
  assert.equal(await txCount(), 3);

  const log = (await call('GET', '/__mock/log?method=POST')).json.filter((e) => e.rawPath.endsWith('/authorize'));
  assert.deepEqual(log.map((e) => [e.fault, e.status]), [['stall', null], ['reset', null], ['reset-after', null], [null, 400], ['truncate', 200], ['stall-after', null]]);

  // every new route: status faults by header and queue (prefix)
  const tx = (await call('GET', '/__mock/transactions')).json[0].secret;
  const routes = [['GET', `/odr/sessions/${id}`], ['PUT', `/odr/sessions/${id}/order`], ['GET', `/odr/sessions/${id}/contact`],
    ['POST', `/odr/sessions/${id}/phonenumbers`], ['PUT', `/odr/sessions/${id}/phonenumbers`], ['GET', `/odr/sessions/${id}/phonenumbers`],
    ['PUT', `/odr/sessions/${id}/billing`], ['GET', `/odr/sessions/${id}/billing`], ['GET', `/odr/sessions/${id}/billing/methods`],
    ['PUT', `/odr/sessions/${id}/billing/methods`], ['GET', `/odr/sessions/${id}/projection`], ['GET', `/odr/sessions/${id}/calculation`],
    ['POST', `/odr/sessions/${id}/authorize`], ['GET', `/odr/transactions/${tx}`]];
  for (const [method, p] of routes) {
    assertErrorBody(await call(method, p, method === 'GET' ? undefined : {}, { 'x-mock-fault': '503' }), 503);
    const w = await call(method, p, method === 'GET' ? undefined : {}, { 'x-mock-fault': 'html' });
    assert.match(w.headers['content-type'], /^text\/html/);
  }
  await call('POST', '/__mock/faults', { path: '/odr/*', fault: '429', times: routes.length });
  for (const [method, p] of routes) assert.equal((await call(method, p, method === 'GET' ? undefined : {})).status, 429, `${method} ${p}`);
  assert.equal((await call('GET', `/odr/transactions/${tx}`)).status, 200);
});

test('sparse: the rest of the checkout keeps what the package requires', async () => {
  const { id, phone, ideal, ing } = await readySession();
  await call('POST', '/__mock/config', { sparse: true });
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/order`, { order_id: (await call('GET', '/__mock/orders')).json[0].id })).json, {});
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/phonenumbers`, { phone_number_id: phone.id })).json, {});
  assert.deepEqual(keysOf((await call('POST', `/odr/sessions/${id}/phonenumbers`, { country_code: 'NL', number: '0201234567' })).json), ['country_code', 'id', 'number']);
  assert.equal((await call('GET', `/odr/sessions/${id}/phonenumbers`)).json.active.id, phone.id); // untyped: unchanged
  const billing = (await call('GET', `/odr/sessions/${id}/billing`)).json;
  assert.deepEqual(keysOf(billing.active), ['country_code', 'id']);
  assert.deepEqual(keysOf(billing.options), ['session']);

  const methods = (await call('GET', `/odr/sessions/${id}/billing/methods`)).json;
  assert.deepEqual(methods.acitve, { method_id: ideal.method_id }); // issuer_id is optional
  assert.deepEqual(methods.options.map((o) => 'name' in o), [true, false, true]);
  assert.deepEqual(methods.options[0].issuers.map(keysOf), [['method_id', 'name'], ['method_id', 'name'], ['method_id', 'name']]);
  assert.deepEqual((await call('PUT', `/odr/sessions/${id}/billing/methods`, { method_id: ideal.method_id, issuer_id: ing.method_id })).json, { method_id: ideal.method_id });

  const p = (await call('GET', `/odr/sessions/${id}/projection`)).json;
  assert.deepEqual(keysOf(p), ['adjustments', 'items', 'services', 'subtotal', 'total', 'vat']);
  assert.deepEqual(p.items.map((i) => 'quantity' in i), [true, false]);
  assert.deepEqual(keysOf(p.items[0]), ['amount', 'quantity', 'subtotal', 'total']); // [] adjustments, sku, description, vat_percentage gone
  assert.deepEqual(p.services.map(keysOf), [['amount', 'quantity', 'subtotal', 'total']]); // the only service lacks its type; false is_percentage reads as missing
  assert.deepEqual(p.adjustments.map(keysOf), [['is_discount', 'is_percentage']]);
  assert.deepEqual(p.vat.map((v) => 'rate' in v), [true, false]);

  const calc = (await call('GET', `/odr/sessions/${id}/calculation`)).json;
  assert.deepEqual(keysOf(calc), ['id', 'total']);
  const auth = (await call('POST', `/odr/sessions/${id}/authorize`, { calculation_id: calc.id })).json;
  assert.deepEqual(keysOf(auth), ['accepted', 'forward_uri']);
  const secret = (await choose(auth.forward_uri, 'paid')).secret;
  const tx = (await call('GET', `/odr/transactions/${secret}`)).json;
  assert.deepEqual(keysOf(tx), ['amount_due', 'amount_paid', 'id', 'payments']);
  assert.deepEqual(tx.payments.map(keysOf), [['id', 'is_paid']]); // the only payment lacks its amount; false is_pending reads as missing
  assert.equal(tx.amount_due, 0);
});

// ---- sparse mode ----

const keysOf = (o) => Object.keys(o).sort();

test('sparse: lists keep required fields only, and one element lacks one', async () => {
  assert.equal((await call('POST', '/__mock/config', { sparse: true })).json.sparse, true);
  assertErrorBody(await call('POST', '/__mock/config', { sparse: 'yes' }), 400);

  const points = (await call('GET', '/lcs/points/postnl?country_code=NL&postal_code=1012')).json;
  assert.equal(points.length, 50);
  assert.deepEqual(points.map((m, i) => [i, 'name' in m.point]).filter(([, has]) => !has), [[1, false]]);
  for (const { distance, point } of points) {
    assert.equal(typeof distance, 'number');
    assert.deepEqual(keysOf(point).filter((k) => k !== 'name'), ['address', 'carrier', 'id', 'latitude', 'longitude', 'openings']);
    assert.deepEqual(point.address, { country_code: 'NL' }); // PostNL's nulls and every optional field are gone
  }

  const methods = (await call('GET', '/lcs/methods')).json;
  assert.deepEqual(methods.map((m, i) => [i, 'carrier_code' in m]).filter(([, has]) => !has), [[1, false]]);
  for (const m of methods) {
    for (const k of ['label', 'description', 'max_weight', 'delivery_during', 'provider', 'provider_method_id']) assert.ok(!(k in m), k);
    for (const [k, v] of Object.entries(m)) if (typeof v === 'boolean') assert.equal(v, true, k); // false reads as missing
    assert.notEqual(m.priority, 100);
    assert.ok(m.id && m.name && m.countries.length);
  }

  const dpd = (await call('GET', '/lcs/dpd/points?country_code=NL&postal_code=1012')).json.parcelShop;
  assert.deepEqual(dpd.map((s, i) => [i, 'company' in s]).filter(([, has]) => !has), [[1, false]]);
  assert.deepEqual(keysOf(dpd[0]), ['company', 'country', 'distance', 'latitude', 'longitude', 'openingHours', 'pudoId']);
  const one = (await call('GET', `/lcs/dpd/points/${dpd[0].pudoId}`)).json.parcelShop;
  assert.ok(one.length === 1 && one[0].company, 'a lookup by id loses nothing required');

  const { session_key } = (await call('GET', '/rel/search/addresses?country_code=NL')).json;
  const search = (await call('POST', '/rel/search/addresses', { session_key, query: 'Damrak 1' })).json;
  assert.ok(search.options.length >= 2);
  assert.deepEqual(search.options.map((o, i) => [i, 'precision' in o]).filter(([, has]) => !has), [[1, false]]);
  assert.ok(search.options.every((o) => o.value && o.label && !('context' in o) && !('description' in o)));
  assert.deepEqual(keysOf(search.result), ['is_precise', 'lat', 'long']);

  const id = (await call('POST', '/odr/sessions', {})).json.id;
  const addr = (await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL', postal_code: '1012 LG', premise_number: 1,
    locality: 'Amsterdam', thoroughfare: 'Damrak' })).json;
  assert.deepEqual(keysOf(addr), ['country_code', 'id']);
  await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL', postal_code: '3511 AA', premise_number: 1, locality: 'Utrecht', thoroughfare: 'Neude' });
  await call('POST', `/odr/sessions/${id}/address`, { country_code: 'NL', postal_code: '3011 AD', premise_number: 1, locality: 'Rotterdam', thoroughfare: 'Coolsingel' });
  const shipping = (await call('GET', `/odr/sessions/${id}/shipping`)).json;
  assert.equal(shipping.active, undefined);
  assert.deepEqual(keysOf(shipping.options), ['session']); // empty contact / organisation choices are left out
  assert.deepEqual(shipping.options.session.secondary.map((a) => 'country_code' in a), [true, false]);
  await call('PUT', `/odr/sessions/${id}/shipping`, { address_id: addr.id });
  assert.deepEqual((await call('GET', `/odr/sessions/${id}/shipping`)).json.active, { id: addr.id, country_code: 'NL' });

  const sessionMethods = (await call('GET', `/odr/sessions/${id}/shipping/methods`)).json;
  assert.equal(sessionMethods.active, undefined);
  assert.deepEqual(sessionMethods.options.map((o, i) => [i, 'carrier' in o]).filter(([, has]) => !has), [[1, false]]);
  const sel = (await call('PUT', `/odr/sessions/${id}/shipping/methods`, { method_id: sessionMethods.options[0].id, is_split_allowed: false })).json;
  assert.deepEqual(sel, { method_id: sessionMethods.options[0].id }); // is_split_allowed false reads as missing
  const sessionPoints = (await call('GET', `/odr/sessions/${id}/shipping/point`)).json;
  assert.deepEqual(sessionPoints.options.map((o, i) => [i, 'name' in o.point]).filter(([, has]) => !has), [[1, false]]);
  assert.ok('longtitude' in sessionPoints.options[0].point);
  assert.deepEqual(sessionPoints.options[0].point.address, { country_code: 'NL' });

  // a one-element list loses its only element's field
  const stored = (await call('POST', '/rel/addresses', { country_code: 'NL', postal_code: '1012 LG', premise_number: 1, locality: 'Amsterdam', thoroughfare: 'Damrak' })).json;
  assert.deepEqual(keysOf(stored), ['country_code', 'id']);
  assert.deepEqual((await call('POST', '/rel/search/address', { constraints: [{ key: 'id', operator: 'in', values: [stored.id] }] })).json, [{ id: stored.id }]);
  assert.deepEqual((await call('GET', '/lcs/methods?country_code=XX')).json, []);

  // single objects keep every required field
  const { token } = await signUp();
  const ext = (await call('GET', '/iam/jwt/extend', undefined, bearer(token))).json;
  assert.deepEqual(keysOf(ext), ['access_token']); // token_type "Bearer" and expires_in 3600 are the documented defaults
  assert.deepEqual(keysOf((await call('GET', '/rel/options/addresses?country_code=NL')).json), ['allowed', 'country_code', 'required']);
  assert.deepEqual(keysOf((await call('GET', `/odr/sessions/${id}`)).json), ['expires_at']);
  // errors are untouched
  assert.deepEqual(keysOf((await call('GET', '/lcs/methods/nope')).json), ['code', 'errors', 'message', 'reference']);
});

test('sparse: false and reset restore full answers', async () => {
  const full = (await call('GET', '/lcs/methods')).json;
  await call('POST', '/__mock/config', { sparse: true });
  assert.notDeepEqual((await call('GET', '/lcs/methods')).json, full);
  await call('POST', '/__mock/config', { sparse: false });
  assert.deepEqual((await call('GET', '/lcs/methods')).json, full);
  await call('POST', '/__mock/config', { sparse: true });
  await call('POST', '/__mock/reset');
  assert.equal((await call('GET', '/__mock/config')).json.sparse, false);
  assert.deepEqual((await call('GET', '/lcs/methods')).json, full);
  // the full answers were not changed by the sparse ones
  await call('POST', '/__mock/config', { sparse: true });
  await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012');
  await call('POST', '/__mock/config', { sparse: false });
  assert.ok((await call('GET', '/lcs/points/dhl?country_code=NL&postal_code=1012')).json.every((m) => m.point.name));
});

test('sparse shapes name real routes; every route answering JSON has one (or is listed as untyped)', () => {
  const routes = new Set(Object.values(createMock().ctx).flatMap((m) => m?.routes ?? []).map(([method, path]) => `${method} ${path}`));
  for (const key of Object.keys(SPARSE_SHAPES)) assert.ok(routes.has(key), key);
  const untyped = ['POST /rel/identity/exists', 'POST /odr/sessions/:id/identity', 'POST /odr/sessions/:id/contact', // 204
    'GET /odr/sessions/:id/shipping/window', 'PUT /odr/sessions/:id/shipping/window', 'GET /odr/sessions/:id/phonenumbers']; // not typed by the package
  assert.deepEqual([...routes].filter((r) => !(r in SPARSE_SHAPES)).sort(), untyped.sort());
});

// ---- startMock's in-process API (the package's afosto-checkout/mock; typed in index.d.ts) ----

const http200 = async (url, init) => {
  const r = await fetch(url, init);
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
};

test('startMock: its methods are the control API in-process (same state as /__mock/* over HTTP)', async () => {
  const m = await startMock();
  try {
    assert.match(m.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(m.url, `http://127.0.0.1:${m.port}`);
    const queue = await m.fault({ method: 'get', path: '/lcs/methods', fault: '503', times: 2 });
    assert.deepEqual(queue, [{ method: 'GET', path: '/lcs/methods', fault: '503', times: 2, remaining: 2 }]);
    assert.deepEqual((await http200(`${m.url}/__mock/faults`)).json, queue);
    assert.equal((await http200(`${m.url}/lcs/methods?country_code=NL`)).status, 503);
    assert.equal((await m.faults())[0].remaining, 1);
    await m.clearFaults();
    assert.deepEqual(await m.faults(), []);
    assert.equal((await http200(`${m.url}/lcs/methods?country_code=NL`)).status, 200);

    const log = await m.log({ path: '/lcs/', method: 'get' });
    assert.deepEqual(log.map((e) => [e.seq, e.method, e.rawPath, e.query, e.status, e.fault]),
      [[1, 'GET', '/lcs/methods', { country_code: 'NL' }, 503, '503'], [2, 'GET', '/lcs/methods', { country_code: 'NL' }, 200, null]]);
    assert.deepEqual(log, (await http200(`${m.url}/__mock/log?path=/lcs/&method=GET`)).json);
    log[0].status = 999; // a copy: the mock's own log is not changed
    assert.equal((await m.log())[0].status, 503);
    assert.deepEqual(await m.log({ path: '/rel/' }), []);
    await m.clearLog();
    assert.deepEqual(await m.log(), []);

    assert.equal((await m.config({ pointLimit: 3, carriers: { dhl: { fail: 503 } } })).pointLimit, 3);
    assert.deepEqual((await m.config()).carriers, { dhl: { fail: 503 } });
    assert.deepEqual((await http200(`${m.url}/__mock/config`)).json, await m.config());

    const order = await m.createOrder({ items: [{ sku: 'TEE-1', amount: 1995, quantity: 2 }] });
    assert.equal(order.number, '1000001');
    assert.deepEqual(await m.order(order.id), order);
    const changed = await m.updateOrder(order.id, { items: [{ sku: 'TEE-2', amount: 995 }] });
    assert.equal(changed.version, 2);
    assert.deepEqual((await m.orders()).map((o) => o.id), [order.id]);
    assert.deepEqual(await m.transactions(), []);

    await http200(`${m.url}/rel/identity/create`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane@example.com', password: 'secret-pw-1' }) });
    await http200(`${m.url}/rel/identity/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane@example.com', type: 'reset' }) });
    const [mail] = await m.outbox('Jane@Example.com ');
    assert.equal(mail.type, 'reset');
    assert.deepEqual(await m.outbox(), [mail]);
    assert.equal(await m.revokeAll(), undefined);
    assert.equal(await m.expireSearchSessions(), undefined);

    assert.equal(await m.reset(), undefined);
    assert.deepEqual(await m.orders(), []);
    assert.equal((await m.config()).pointLimit, 50);
  } finally {
    await m.close();
  }
});

test('startMock: a failed control call rejects with a MockError (status, errors)', async () => {
  const m = await startMock();
  try {
    await assert.rejects(m.fault({ path: '/lcs/methods', fault: 'nope' }), { name: 'MockError', status: 400, message: /fault must be one of/ });
    await assert.rejects(m.createOrder({ items: [] }), { name: 'MockError', status: 400, errors: { 'invalid value': ['items'] } });
    await assert.rejects(m.createOrder({ items: [{ sku: 'A', amount: 1, colour: 'red' }] }), { status: 400, errors: { 'invalid value': ['items[0].colour'] } });
    await assert.rejects(m.order('no-such-order'), { name: 'MockError', status: 404 });
    await assert.rejects(m.config({ sparse: 'yes' }), { status: 400, errors: { 'invalid value': ['sparse'] } });
    await assert.rejects(m.pay('no-such-secret', 'paid'), { name: 'MockError', status: 404 });
    await assert.rejects(m.pay(`${m.url}/odr/transactions/abc`, 'paid'), TypeError);
    await assert.rejects(m.pay('', 'paid'), TypeError);
  } finally {
    await m.close();
  }
});

test('startMock: options config and faults apply at start and again on every reset', async () => {
  const m = await startMock({ config: { sparse: true, pointLimit: 2 }, faults: [{ path: '/lcs/*', fault: '500', times: 0 }] });
  try {
    const check = async () => {
      const config = await m.config();
      assert.equal(config.sparse, true);
      assert.equal(config.pointLimit, 2);
      assert.deepEqual(await m.faults(), [{ method: null, path: '/lcs/*', fault: '500', times: 0, remaining: null }]);
      assert.equal((await http200(`${m.url}/lcs/methods?country_code=NL`)).status, 500);
    };
    await check();
    await m.config({ sparse: false, pointLimit: null });
    await m.clearFaults();
    await m.reset();
    await check();
    await m.clearFaults();
    await http200(`${m.url}/__mock/reset`, { method: 'POST' }); // the HTTP reset too
    await check();
  } finally {
    await m.close();
  }
});

test('startMock: bad options reject with a TypeError naming them', async () => {
  await assert.rejects(startMock({ prot: 4011 }), { name: 'TypeError', message: /unknown option prot/ });
  await assert.rejects(startMock({ port: -1 }), { name: 'TypeError', message: /options\.port/ });
  await assert.rejects(startMock({ port: '0' }), { name: 'TypeError', message: /options\.port/ });
  await assert.rejects(startMock(null), { name: 'TypeError', message: /options must be an object/ });
  await assert.rejects(startMock({ config: { sparse: 1 } }), { name: 'TypeError', message: /options\.config: Invalid config value for sparse/ });
  await assert.rejects(startMock({ config: { colour: 'red' } }), { name: 'TypeError', message: /options\.config: Invalid config value for colour/ });
  await assert.rejects(startMock({ faults: [{ path: '/x', fault: '500' }, { path: 'x', fault: '500' }] }), { name: 'TypeError', message: /options\.faults\[1\]: path must/ });
  await assert.rejects(startMock({ faults: {} }), { name: 'TypeError', message: /options\.faults must be an array/ });
});

test('startMock: pay() takes the forwardUri or the secret; close() twice is fine', async () => {
  const m = await startMock();
  try {
    const order = await m.createOrder({ items: [{ sku: 'TEE-1', amount: 1000 }], return_url: 'https://shop.example/thanks?x=1' });
    const post = (p, body) => http200(`${m.url}${p}`, { method: p.endsWith('/authorize') ? 'POST' : 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const session = (await http200(`${m.url}/odr/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json;
    const id = session.id;
    await post(`/odr/sessions/${id}/order`, { order_id: order.id });
    await http200(`${m.url}/odr/sessions/${id}/contact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'jane@example.com' }) });
    const address = (await http200(`${m.url}/odr/sessions/${id}/address`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ country_code: 'NL', postal_code: '1012 LG', thoroughfare: 'Damrak', premise_number: 1, locality: 'Amsterdam' }) })).json;
    await post(`/odr/sessions/${id}/billing`, { address_id: address.id });
    const methods = (await http200(`${m.url}/odr/sessions/${id}/billing/methods`)).json;
    await post(`/odr/sessions/${id}/billing/methods`, { method_id: methods.options.find((o) => o.name === 'PayPal').method_id });
    const calc = (await http200(`${m.url}/odr/sessions/${id}/calculation`)).json;
    const authorized = (await post(`/odr/sessions/${id}/authorize`, { calculation_id: calc.id })).json;
    assert.ok(authorized.forward_uri, JSON.stringify(authorized));
    const secret = authorized.forward_uri.split('/').pop();

    assert.equal(await m.pay(authorized.forward_uri, 'pending'), `https://shop.example/thanks?x=1&secret=${secret}`);
    assert.equal((await m.transactions())[0].state, 'open');
    assert.equal(await m.pay(secret, 'paid'), `https://shop.example/thanks?x=1&secret=${secret}`);
    const [tx] = await m.transactions();
    assert.deepEqual([tx.state, tx.session_id, tx.amount_paid], ['paid', id, calc.total]);
    await assert.rejects(m.pay(secret, 'failed'), { status: 409 });
  } finally {
    await m.close();
    await m.close();
  }
  await assert.rejects(fetch(`${m.url}/__mock/health`));
});

// ---- CLI ----

test('CLI prints one line and writes its pid file', async () => {
  const pidFile = join(tmpdir(), `mock-selftest-${process.pid}.pid`);
  const child = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url)), '--port', '0'], {
    env: { ...process.env, MOCK_PID_FILE: pidFile }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    assert.match(line, /^mock listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    assert.equal(readFileSync(pidFile, 'utf8').trim(), String(child.pid));
    const url = new URL(line.trim().split(' ').pop());
    const health = await new Promise((resolve, reject) => http.get({ host: url.hostname, port: url.port, path: '/__mock/health', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject));
    assert.equal(health, 200);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(pidFile, { force: true });
  }
});
