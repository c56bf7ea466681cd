// Identity login and the transport core, in headless Chromium against the mock.
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

const PW = "correct horse battery";
const ev = (fn, arg) => t.page.evaluate(fn, arg);

function assertAfostoError(r, code) {
  assert.equal(r.ok, false, `expected a rejection, got ${JSON.stringify(r)}`);
  assert.equal(r.code, code, r.message);
  assert.equal(r.name, "AfostoError");
  assert.ok(r.isAfosto, "isAfostoError");
  assert.ok(r.isError, "instanceof Error");
  assert.ok(r.hasStack, "has a stack");
  assert.equal(typeof r.retryable, "boolean");
}

test("sign up, sign in, exists, tokens, reset, verify, extend, sign out", async () => {
  const r = await ev(async (pw) => {
    const c = client();
    const changes = [];
    c.onSessionChange((s) => changes.push(s ? s.claims.email : null));
    const up = await settle(c.signUp({ email: "jane@example.com", password: pw }));
    const afterUp = c.session;
    const dup = await settle(c.signUp({ email: "jane@example.com", password: pw }));
    const wrong = await settle(c.signIn({ email: "jane@example.com", password: "nope" }));
    const unknown = await settle(c.signIn({ email: "nobody@example.com", password: "x" }));
    const inn = await settle(c.signIn({ email: "jane@example.com", password: pw }));
    const exists = await settle(c.identityExists({ email: "jane@example.com" }));
    const notExists = await settle(c.identityExists({ email: "nobody@example.com" }));
    const reqTok = await settle(c.requestIdentityToken({ email: "jane@example.com", type: "reset" }));
    const reqConfirm = await settle(c.requestIdentityToken({ email: "jane@example.com", type: "confirm" }));
    const ext = await settle(c.extendSession());
    const out = await settle(c.signOut());
    return { up, afterUp, dup, wrong, unknown, inn, exists, notExists, reqTok, reqConfirm, ext, out, after: c.session, changes };
  }, PW);
  assert.ok(r.up.ok, JSON.stringify(r.up));
  assert.match(r.up.value.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.ok(Date.parse(r.up.value.expiresAt) > Date.now());
  assert.equal(r.up.value.claims.email, "jane@example.com");
  assert.equal(r.afterUp.token, r.up.value.token);
  assertAfostoError(r.dup, "CONFLICT");
  assert.equal(r.dup.status, 409);
  assert.equal(r.dup.method, "POST");
  assert.equal(r.dup.path, "/rel/identity/create");
  assert.ok(r.dup.reference, "reference from the error body");
  assertAfostoError(r.wrong, "UNAUTHORIZED");
  assertAfostoError(r.unknown, "NOT_FOUND");
  assert.ok(r.inn.ok);
  assert.deepEqual([r.exists.value, r.notExists.value], [true, false]);
  assert.deepEqual(r.reqTok.value, { status: "sent" });
  assert.ok(r.reqConfirm.ok);
  assert.ok(r.ext.ok, JSON.stringify(r.ext));
  assert.notEqual(r.ext.value.token, r.inn.value.token);
  assert.ok(Date.parse(r.ext.value.expiresAt) >= Date.parse(r.inn.value.expiresAt));
  assert.ok(r.out.ok);
  assert.equal(r.out.value, undefined);
  assert.equal(r.after, undefined);
  // signUp; the wrong password's 401 on a call that carried the token (API.md: clears);
  // signIn; extend; signOut
  assert.deepEqual(r.changes, ["jane@example.com", null, "jane@example.com", "jane@example.com", null]);
  const log = await t.log();
  const revoke = hits(log, "/iam/jwt/revoke", "GET");
  assert.equal(revoke.length, 1);
  assert.equal(revoke[0].headers.authorization, `Bearer ${r.ext.value.token}`, "bearer of the current session");
  // the password never shows up in an error message
  for (const e of [r.dup, r.wrong, r.unknown]) assert.ok(!e.message.includes(PW));

  // reset and verify with the tokens the mock "mailed"
  const mails = await t.outbox("jane@example.com");
  const reset = mails.find((m) => m.type === "reset").token;
  const confirm = mails.find((m) => m.type === "confirm").token;
  const rv = await ev(async ([reset, confirm]) => {
    const c = client();
    const rs = await settle(c.resetPassword({ token: reset, password: "new password" }));
    const reuse = await settle(c.resetPassword({ token: reset, password: "again" }));
    const vf = await settle(c.verifyIdentity({ token: confirm }));
    const signin = await settle(c.signIn({ email: "jane@example.com", password: "new password" }));
    return { rs, reuse, vf, signin, session: c.session };
  }, [reset, confirm]);
  assert.ok(rv.rs.ok, JSON.stringify(rv.rs));
  assertAfostoError(rv.reuse, "NOT_FOUND");
  assert.ok(rv.vf.ok, JSON.stringify(rv.vf));
  assert.equal(rv.vf.value.claims.verified, true);
  assert.ok(rv.signin.ok);
  assert.equal(rv.session.token, rv.signin.value.token);
});

test("identityExists reads the documented 409 'Identity already exists' as true", async () => {
  await t.fault({ method: "POST", path: "/rel/identity/exists", fault: "409" });
  const r = await ev(() => settle(client().identityExists({ email: "someone@example.com" })));
  assert.deepEqual([r.ok, r.value], [true, true]);
  assert.equal(hits(await t.log(), "/rel/identity/exists")[0].status, 409);
});

test("bad input is INVALID_INPUT with fieldErrors and sends nothing", async () => {
  const r = await ev(async () => {
    const c = client();
    return [
      await settle(c.signIn({ email: "", password: "x" })),
      await settle(c.signIn({ email: "jane.example.com", password: "x" })),
      await settle(c.signUp({ email: "a@b.nl", password: "" })),
      await settle(c.signIn(undefined)),
      await settle(c.identityExists({ email: "nope" })),
      await settle(c.requestIdentityToken({ email: "a@b.nl" })),
      await settle(c.resetPassword({ token: "", password: "x" })),
      await settle(c.verifyIdentity({})),
      await settle(c.signIn({ email: "a@b.nl", password: "x" }, { timeoutMs: -5 })),
    ];
  });
  const expected = [
    { email: ["required"] }, { email: ["invalid"] }, { password: ["required"] },
    { email: ["required"], password: ["required"] }, { email: ["invalid"] }, { type: ["required"] },
    { token: ["required"] }, { token: ["required"] }, { timeoutMs: ["invalid"] },
  ];
  r.forEach((e, i) => {
    assertAfostoError(e, "INVALID_INPUT");
    assert.deepEqual(e.fieldErrors, expected[i], `case ${i}`);
  });
  assert.equal((await t.log()).length, 0, "no request reached the mock");
});

test("INVALID_CONFIG at construction", async () => {
  const r = await ev(() => {
    const bad = [
      { baseUrl: "http://api.afosto.io" }, { baseUrl: "https://user:pw@api.afosto.io" }, { baseUrl: "javascript:alert(1)" },
      { timeoutMs: -1 }, { persistSession: "cookie" }, { retries: -1 }, { fetch: "nope" },
    ];
    const out = bad.map((cfg) => { try { new lib.AfostoClient(cfg); return null; } catch (e) { return { code: e.code, name: e.name, isError: e instanceof Error }; } });
    const good = [{}, undefined, { baseUrl: "http://localhost:1" }, { baseUrl: "http://[::1]:2" }, { baseUrl: "https://api.afosto.io" }]
      .map((cfg) => { try { new lib.AfostoClient(cfg); return true; } catch (e) { return e.message; } });
    return { out, good };
  });
  for (const e of r.out) assert.deepEqual(e, { code: "INVALID_CONFIG", name: "AfostoError", isError: true });
  assert.deepEqual(r.good, [true, true, true, true, true]);
});

test("abort before and during a call: ABORTED, nothing sent / no state change", async () => {
  await ev((pw) => client().signUp({ email: "abort@example.com", password: pw }), PW);
  await t.clearLog();
  await t.fault({ method: "POST", path: "/rel/identity/authorize", fault: "stall" });
  const r = await ev(async (pw) => {
    const c = client();
    const pre = new AbortController(); pre.abort();
    const before = await settle(c.signIn({ email: "abort@example.com", password: pw }, { signal: pre.signal }));
    const during = new AbortController();
    const p = settle(c.signIn({ email: "abort@example.com", password: pw }, { signal: during.signal }));
    await sleep(150);
    during.abort();
    const dur = await p;
    return { before, dur, session: c.session };
  }, PW);
  assertAfostoError(r.before, "ABORTED");
  assertAfostoError(r.dur, "ABORTED");
  assert.ok(r.dur.ms < 1000, `aborted promptly (${r.dur.ms} ms)`);
  assert.equal(r.session, undefined, "no session stored");
  assert.equal(hits(await t.log(), "/rel/identity/authorize").length, 1, "only the second call was sent");
});

test("stall -> TIMEOUT within timeoutMs + 1 s, and the client still works", async () => {
  await t.fault({ method: "POST", path: "/rel/identity/exists", fault: "stall" });
  const r = await ev(async () => {
    const c = client({ timeoutMs: 600 });
    const timedOut = await settle(c.identityExists({ email: "a@b.nl" }));
    const next = await settle(c.identityExists({ email: "a@b.nl" }));
    const perCall = await settle(c.identityExists({ email: "a@b.nl" }, { timeoutMs: 300 }));
    return { timedOut, next, perCall };
  });
  assertAfostoError(r.timedOut, "TIMEOUT");
  assert.ok(r.timedOut.ms >= 550 && r.timedOut.ms < 1600, `took ${r.timedOut.ms} ms`);
  assert.deepEqual([r.next.ok, r.next.value], [true, false]);
  assert.ok(r.perCall.ok);
});

test("GET 503 then 200 succeeds after one retry; POST 503 is sent once", async () => {
  await ev((pw) => client({ persistSession: "localStorage", storageKey: "retry" }).signUp({ email: "retry@example.com", password: pw }), PW);
  await t.clearLog();
  await t.fault({ method: "GET", path: "/iam/jwt/extend", fault: "503", times: 1 });
  await t.fault({ method: "POST", path: "/rel/identity/authorize", fault: "503", times: 0 });
  const r = await ev(async (pw) => {
    const c = client({ persistSession: "localStorage", storageKey: "retry" });
    const ext = await settle(c.extendSession());
    const post = await settle(c.signIn({ email: "retry@example.com", password: pw }));
    return { ext, post };
  }, PW);
  assert.ok(r.ext.ok, JSON.stringify(r.ext));
  assertAfostoError(r.post, "SERVER");
  assert.equal(r.post.status, 503);
  assert.equal(r.post.retryable, true);
  const log = await t.log();
  assert.deepEqual(hits(log, "/iam/jwt/extend").map((e) => e.status), [503, 200]);
  assert.equal(hits(log, "/rel/identity/authorize").length, 1, "POST never retried");
});

test("Retry-After is honoured (seconds and HTTP date); retries run out", async () => {
  await ev((pw) => client({ persistSession: "localStorage", storageKey: "ra" }).signUp({ email: "ra@example.com", password: pw }), PW);
  await t.fault({ method: "GET", path: "/iam/jwt/extend", fault: "503-retry-after", times: 1 });
  let r = await ev(async () => settle(client({ persistSession: "localStorage", storageKey: "ra" }).extendSession()));
  assert.ok(r.ok);
  assert.ok(r.ms >= 950, `waited for Retry-After: 1 (${r.ms} ms)`);
  await t.fault({ method: "GET", path: "/iam/jwt/extend", fault: "429-date", times: 1 });
  r = await ev(async () => settle(client({ persistSession: "localStorage", storageKey: "ra" }).extendSession()));
  assert.ok(r.ok);
  assert.ok(r.ms >= 900, `waited for the HTTP-date Retry-After (${r.ms} ms)`);
  await t.clearLog();
  await t.fault({ method: "GET", path: "/iam/jwt/extend", fault: "429", times: 0 });
  r = await ev(async () => settle(client({ persistSession: "localStorage", storageKey: "ra", retries: 1 }).extendSession()));
  assertAfostoError(r, "RATE_LIMITED");
  assert.equal(r.retryAfterMs, 1000);
  assert.equal(hits(await t.log(), "/iam/jwt/extend").length, 2, "1 + retries attempts");
});

test("localStorage session is restored by a new client; other tabs follow", async () => {
  const other = await t.newPage();
  await other.evaluate(() => {
    window.seen = [];
    window.c2 = client({ persistSession: "localStorage" });
    c2.onSessionChange((s) => seen.push(s ? "in" : "out"));
  });
  const token = await ev(async (pw) => {
    const c = client({ persistSession: "localStorage" });
    const s = await c.signUp({ email: "tabs@example.com", password: pw });
    return s.token;
  }, PW);
  const restored = await ev(() => client({ persistSession: "localStorage" }).session?.token);
  assert.equal(restored, token);
  const memory = await ev(() => client().session);
  assert.equal(memory, undefined, "memory persistence is per client");
  await other.waitForFunction(() => seen.includes("in"));
  assert.equal(await other.evaluate(() => c2.session?.token), token, "other tab sees the sign-in");
  await ev(() => client({ persistSession: "localStorage" }).signOut());
  await other.waitForFunction(() => seen.includes("out"));
  assert.equal(await other.evaluate(() => c2.session), undefined, "other tab sees the sign-out");
  const session = await ev(async (pw) => {
    const c = client({ persistSession: "sessionStorage" });
    await c.signIn({ email: "tabs@example.com", password: pw });
    return client({ persistSession: "sessionStorage" }).session?.claims?.email;
  }, PW);
  assert.equal(session, "tabs@example.com");
  await other.close();
});

test("an expired token reads as undefined", async () => {
  await t.config({ tokenTtlSeconds: 1 });
  const r = await ev(async (pw) => {
    const c = client({ autoExtend: false });
    const s = await c.signUp({ email: "exp@example.com", password: pw });
    const before = !!c.session;
    await sleep(Math.max(0, Date.parse(s.expiresAt) - Date.now()) + 100);
    return { before, after: c.session };
  }, PW);
  assert.equal(r.before, true);
  assert.equal(r.after, undefined);
});

test("autoExtend: an idle session is extended before it expires; free() stops that", async () => {
  await t.config({ tokenTtlSeconds: 3 });
  await t.fault({ method: "GET", path: "/iam/jwt/extend", fault: "503", times: 1 });
  const r = await ev(async (pw) => {
    const extendLog = async () => (await (await fetch(MOCK + "/__mock/log?path=/iam/jwt/extend")).json()).map((e) => e.status);
    const c = client();
    const s = await c.signUp({ email: "idle@example.com", password: pw });
    // No calls at all: wait past the first token's expiry.
    await sleep(Math.max(0, Date.parse(s.expiresAt) - Date.now()) + 300);
    const after = c.session;
    c.free();
    const atFree = await extendLog();
    const last = c.session;
    await sleep(Math.max(0, Date.parse(last.expiresAt) - Date.now()) + 300);
    return { first: s.token, after: after?.token, atFree, later: await extendLog(), freedAfter: c.session };
  }, PW);
  assert.ok(r.after, "still signed in after the first token's expiry");
  assert.notEqual(r.after, r.first, "the session was extended in the background");
  assert.deepEqual(r.atFree.slice(0, 2), [503, 200], "the first background extend, retried by the transport");
  assert.deepEqual(r.later, r.atFree, "no background extend after free()");
  assert.equal(r.freedAfter, undefined, "after free() the session expires");
});

test("two concurrent callers near expiry -> exactly one extend", async () => {
  await t.config({ tokenTtlSeconds: 4 });
  const r = await ev(async (pw) => {
    const c = client();
    const s = await c.signUp({ email: "near@example.com", password: pw });
    await sleep(Math.max(0, Date.parse(s.expiresAt) - Date.now() - 1500));
    const [a, b] = await Promise.all([settle(c.request("GET", "/lcs/methods")), settle(c.request("GET", "/lcs/methods"))]);
    return { a, b, before: s.token, after: c.session?.token };
  }, PW);
  assert.ok(r.a.ok && r.b.ok, JSON.stringify([r.a, r.b]).slice(0, 300));
  assert.notEqual(r.after, r.before, "session was extended");
  const log = await t.log();
  assert.equal(hits(log, "/iam/jwt/extend").length, 1, "single flight");
  const calls = hits(log, "/lcs/methods");
  assert.equal(calls.length, 2);
  for (const c of calls) assert.equal(c.headers.authorization, `Bearer ${r.after}`, "calls used the extended token");
});

test("a 401 on an authenticated call clears the session; revoke failure still signs out", async () => {
  const r = await ev(async (pw) => {
    const c = client();
    const events = [];
    c.onSessionChange((s) => events.push(!!s));
    await c.signUp({ email: "x401@example.com", password: pw });
    await fetch(MOCK + "/__mock/revoke-all", { method: "POST" });
    const call = await settle(c.request("GET", "/lcs/methods"));
    return { call, session: c.session, events };
  }, PW);
  assertAfostoError(r.call, "UNAUTHORIZED");
  assert.equal(r.session, undefined);
  assert.deepEqual(r.events, [true, false]);

  await t.fault({ method: "GET", path: "/iam/jwt/revoke", fault: "500", times: 0 });
  const out = await ev(async (pw) => {
    const c = client();
    await c.signIn({ email: "x401@example.com", password: pw });
    const res = await settle(c.signOut());
    return { res, session: c.session };
  }, PW);
  assert.ok(out.res.ok);
  assert.equal(out.session, undefined);
});

test("a stale stored token (revoked elsewhere): its 401 clears the session, the next sign-in goes without it", async () => {
  await ev((pw) => client({ persistSession: "localStorage", storageKey: "stale" }).signUp({ email: "stale@example.com", password: pw }), PW);
  await t.revokeAll(); // e.g. "sign out everywhere" on another device
  await t.clearLog();
  const r = await ev(async (pw) => {
    const c = client({ persistSession: "localStorage", storageKey: "stale" });
    const restored = c.session?.token;
    const wrong = await settle(c.signIn({ email: "stale@example.com", password: "wrong" }));
    const after = c.session;
    const ok = await settle(c.signIn({ email: "stale@example.com", password: pw }));
    return { restored, wrong, after, ok, session: c.session?.token };
  }, PW);
  assert.ok(r.restored, "the revoked token was restored from storage");
  assertAfostoError(r.wrong, "UNAUTHORIZED");
  assert.equal(r.after, undefined, "the 401 on a call that carried the token cleared the session");
  assert.ok(r.ok.ok, JSON.stringify(r.ok));
  assert.equal(r.session, r.ok.value.token);
  const posts = hits(await t.log(), "/rel/identity/authorize", "POST");
  // one POST per call (never sent twice): the first with the stale token, the second without
  assert.deepEqual(posts.map((p) => [Boolean(p.headers.authorization), p.status]), [[true, 401], [false, 200]]);
});

test("the bearer token goes only to the base URL; request() stays on it", async () => {
  const r = await ev(async (pw) => {
    const seen = [];
    const spy = (url, init) => { seen.push([String(url), init.headers.Authorization || null]); return fetch(url, init); };
    const c = client({ fetch: spy });
    await c.signUp({ email: "bearer@example.com", password: pw });
    const ok = await settle(c.request("GET", "/lcs/methods", { query: { country_code: "NL", skip: undefined } }));
    // numbers and booleans are encoded; the mock (like the reference) refuses the undocumented names
    const undocumented = await settle(c.request("GET", "/lcs/methods", { query: { country_code: "NL", n: 2, b: true } }));
    const bad = [];
    for (const p of ["https://evil.example/x", "//evil.example/x", "/a/../iam/users", "lcs/methods", "/x#y"]) bad.push(await settle(c.request("GET", p)));
    const badMethod = await settle(c.request("PATCH", "/lcs/methods"));
    return { seen, ok, undocumented, bad, badMethod, token: c.session.token };
  }, PW);
  assert.ok(r.ok.ok);
  assert.ok(Array.isArray(r.ok.value));
  assertAfostoError(r.undocumented, "VALIDATION");
  assert.deepEqual(Object.keys(r.undocumented.fieldErrors).sort(), ["b", "n"]);
  for (const [url, auth] of r.seen) {
    assert.ok(url.startsWith(t.mock.url + "/"), url);
    if (auth) assert.equal(auth, `Bearer ${r.token}`);
  }
  assert.ok(r.seen.some(([url]) => url.endsWith("/lcs/methods?country_code=NL&n=2&b=true")), JSON.stringify(r.seen));
  for (const e of [...r.bad, r.badMethod]) assertAfostoError(e, "INVALID_INPUT");
});

test("a network failure is NETWORK (GET retried), decode problems are DECODE", async () => {
  const r = await ev(async () => {
    const c = client({ baseUrl: "http://127.0.0.1:59999", retries: 1 });
    return settle(c.request("GET", "/lcs/methods"));
  });
  assertAfostoError(r, "NETWORK");
  await t.fault({ method: "POST", path: "/rel/identity/authorize", fault: "truncate" });
  await t.fault({ method: "POST", path: "/rel/identity/create", fault: "wrong-shape" });
  const d = await ev(async () => {
    const c = client();
    return [await settle(c.signIn({ email: "a@b.nl", password: "x" })), await settle(c.signUp({ email: "a@b.nl", password: "x" }))];
  });
  for (const e of d) assertAfostoError(e, "DECODE");
  assert.match(d[1].message, /\$/, "names the JSON path");
  assert.deepEqual(t.problems, []);
});
