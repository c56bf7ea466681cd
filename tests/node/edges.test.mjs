// Edge cases of the contract, in Node with an injected fetch (no server):
// caller options on the session extend, client.request inputs that have no
// wire form, answers kept in memory handed out as copies, and inputs that
// must not reach the server. Each of these was once wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

const json = (v, status = 200) => new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });
/** A fetch that never answers, until its signal aborts. */
const hang = (_url, init) => new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
/** An unsigned JWT with `payload` (the client reads its claims, never verifies them). */
const jwt = (payload) => ["e30", Buffer.from(JSON.stringify(payload)).toString("base64url"), "sig"].join(".");
const nowS = () => Math.floor(Date.now() / 1000);
/** How a promise settles: `["ok", value]` or `["err", code]`, and after how many ms. */
async function outcome(p) {
  const t0 = Date.now();
  try {
    return { how: "ok", value: await p, ms: Date.now() - t0 };
  } catch (e) {
    return { how: "err", code: e.code, path: e.path, ms: Date.now() - t0 };
  }
}

test("extendSession honours its own timeoutMs and signal (not only the config's)", async () => {
  const client = new lib.AfostoClient({ token: jwt({ exp: nowS() + 3600 }), autoExtend: false, timeoutMs: 5000, fetch: hang });
  const timedOut = await outcome(client.extendSession({ timeoutMs: 100 }));
  assert.equal(timedOut.how, "err");
  assert.equal(timedOut.code, "TIMEOUT");
  assert.equal(timedOut.path, "/iam/jwt/extend");
  assert.ok(timedOut.ms < 2000, `took ${timedOut.ms} ms`);

  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 50);
  const aborted = await outcome(client.extendSession({ signal: ctrl.signal }));
  assert.equal(aborted.code, "ABORTED");
  assert.ok(aborted.ms < 2000, `took ${aborted.ms} ms`);
  assert.equal(client.session?.token !== undefined, true, "the session is kept");
});

test("a caller joining an extend in flight waits at most its own timeout", async () => {
  const client = new lib.AfostoClient({ token: jwt({ exp: nowS() + 3600 }), autoExtend: false, retries: 0, timeoutMs: 1500, fetch: hang });
  const first = outcome(client.extendSession()); // starts the flight with the config's 1.5 s
  const joined = await outcome(client.extendSession({ timeoutMs: 80 }));
  assert.equal(joined.code, "TIMEOUT");
  assert.ok(joined.ms < 1000, `took ${joined.ms} ms`);
  assert.equal((await first).code, "TIMEOUT", "the flight itself runs to its own timeout");
});

test("the automatic extend before a call stops at the caller's signal and timeout", async () => {
  let calls = 0;
  const fetch = (url, init) => (String(url).includes("/iam/jwt/extend") ? hang(url, init) : (calls++, Promise.resolve(json({ ok: 1 }))));
  // Issued an hour ago, 20 s left: due for an extend.
  const token = jwt({ iat: nowS() - 3600, exp: nowS() + 20 });
  const client = new lib.AfostoClient({ token, timeoutMs: 5000, fetch });
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 50);
  const aborted = await outcome(client.request("GET", "/x", { signal: ctrl.signal }));
  assert.equal(aborted.code, "ABORTED");
  assert.equal(aborted.path, "/x");
  assert.ok(aborted.ms < 2000, `took ${aborted.ms} ms`);
  assert.equal(calls, 0, "the aborted call is not sent");

  // A short timeout: the extend is given up on, the call goes out with the still valid token.
  const done = await outcome(client.request("GET", "/x", { timeoutMs: 80 }));
  assert.equal(done.how, "ok");
  assert.deepEqual(done.value, { ok: 1 });
  assert.ok(done.ms < 2000, `took ${done.ms} ms`);
  client.free();
});

test("client.request refuses what has no wire form, before sending anything", async () => {
  const sent = [];
  const client = new lib.AfostoClient({ retries: 0, fetch: async (url, init) => (sent.push([String(url), init.body]), json({ ok: 1 })) });
  const circular = {};
  circular.self = circular;
  for (const [method, init] of [
    ["POST", { body: circular }],
    ["POST", { body: { n: 1n } }],
    ["POST", { body: () => 1 }],
    ["PUT", { body: Symbol("x") }],
    ["GET", { body: { a: 1 } }],
    ["GET", { query: { a: NaN } }],
    ["GET", { query: { a: Infinity } }],
    ["GET", { query: { f: () => 1 } }],
    ["GET", { query: { s: Symbol("x") } }],
    ["GET", { query: { b: 1n } }],
  ]) {
    const r = await outcome(client.request(method, "/x", init));
    assert.equal(r.code, "INVALID_INPUT", `${method} ${String(Object.keys(init))}`);
  }
  assert.deepEqual(sent, []);
  // What is allowed still goes out as before.
  await client.request("GET", "/x", { query: { a: 1, b: true, c: "x y", d: undefined, e: null } });
  await client.request("DELETE", "/x", { body: { a: 1 } });
  await client.request("POST", "/x", { body: null });
  assert.deepEqual(sent, [
    ["https://api.afosto.io/x?a=1&b=true&c=x%20y", undefined],
    ["https://api.afosto.io/x", '{"a":1}'],
    ["https://api.afosto.io/x", "null"],
  ]);
});

test("a function where an input string goes is INVALID_INPUT, not a missing field", async () => {
  const sent = [];
  const client = new lib.AfostoClient({ fetch: async (url) => (sent.push(String(url)), json([])) });
  const r = await outcome(client.listShippingMethods({ countryCode: "NL", channelId: () => "c" }));
  assert.equal(r.code, "INVALID_INPUT");
  assert.deepEqual(sent, []);
  // The config's fetch is still a function, and accepted.
  assert.deepEqual(await client.listShippingMethods({ countryCode: "NL" }), []);
});

test("signIn: an expires_at that is no date, with no exp claim, is DECODE (not a session that never expires)", async () => {
  const client = new lib.AfostoClient({ fetch: async () => json({ token: "opaque-token", expires_at: "garbage" }) });
  const r = await outcome(client.signIn({ email: "jane@example.com", password: "pw-example" }));
  assert.equal(r.code, "DECODE");
  assert.equal(client.session, undefined);
  // With an exp claim the token's own expiry is used.
  const exp = nowS() + 600;
  const ok = new lib.AfostoClient({ fetch: async () => json({ token: jwt({ exp }), expires_at: "garbage" }) });
  const s = await ok.signIn({ email: "jane@example.com", password: "pw-example" });
  assert.equal(Date.parse(s.expiresAt), exp * 1000);
});

test("addressFormat and AddressSearch hand out copies: editing an answer changes nothing kept", async () => {
  const formats = { country_code: "NL", required: ["country_code", "postal_code"], allowed: ["locality"] };
  let searches = 0;
  const client = new lib.AfostoClient({
    fetch: async (url, init) => {
      const u = String(url);
      if (u.includes("/rel/options/addresses")) return json(formats);
      if (u.includes("/rel/addresses")) return json({ id: "a1", country_code: "NL" });
      if (init.method === "GET") return json({ session_key: "k" });
      searches++;
      return json({ options: [{ value: "v", precision: "p", label: JSON.parse(init.body).query }] });
    },
  });
  const f = await client.addressFormat("NL");
  f.required.push("familyName");
  assert.deepEqual((await client.addressFormat("NL")).required, ["countryCode", "postalCode"]);
  const again = await client.addressFormat("NL");
  again.required.push("givenName");
  // createAddress checks against the kept format, not an edited copy.
  assert.equal((await client.createAddress({ countryCode: "NL", postalCode: "1012 LG" })).id, "a1");

  const s = await client.startAddressSearch("NL", { debounceMs: 0 });
  const first = await s.search("Damrak");
  first.options.length = 0;
  const second = await s.search("Damrak");
  assert.equal(searches, 1, "the second answer comes from memory");
  assert.equal(second.options[0].label, "Damrak");
  second.options[0].label = "edited";
  assert.equal((await s.search("Damrak")).options[0].label, "Damrak");
});

test("AddressSearch memory keeps query and context apart, whatever characters they hold", async () => {
  const bodies = [];
  const client = new lib.AfostoClient({
    fetch: async (url, init) => {
      if (init.method === "GET") return json({ session_key: "k" });
      bodies.push(init.body);
      return json({ options: [{ value: init.body, precision: "p", label: "l" }] });
    },
  });
  const s = await client.startAddressSearch("NL", { debounceMs: 0 });
  const a = await s.search("a\u0000b");
  const b = await s.search("a", { context: "b\u0000" });
  assert.equal(bodies.length, 2);
  assert.notEqual(a.options[0].value, b.options[0].value);
});

test("setCheckoutAddress checks the country code as createAddress does", async () => {
  const sent = [];
  const client = new lib.AfostoClient({ fetch: async (url, init) => (sent.push(init.body), json({ id: "a", country_code: "BE" })) });
  for (const countryCode of ["", "  ", "NLD", "12"]) {
    const r = await outcome(client.setCheckoutAddress("s1", { countryCode }));
    assert.equal(r.code, "INVALID_INPUT", JSON.stringify(countryCode));
  }
  assert.deepEqual(sent, []);
  await client.setCheckoutAddress("s1", { countryCode: "be" });
  // POST the address, then select it as the shipping address (issue #15).
  assert.deepEqual(sent, ['{"country_code":"BE"}', '{"address_id":"a"}']);
});

test("validateAddress: a format whose lists hold anything but strings is INVALID_INPUT", () => {
  const client = new lib.AfostoClient({ fetch: async () => json({}) });
  for (const f of [
    { countryCode: "NL", required: [1], allowed: [] },
    { countryCode: "NL", required: [], allowed: ["postalCode", null] },
  ]) {
    assert.throws(() => client.validateAddress({ countryCode: "NL" }, f), (e) => e.code === "INVALID_INPUT");
  }
  assert.deepEqual(client.validateAddress({ countryCode: "NL" }, { countryCode: "NL", required: ["countryCode"], allowed: [] }), {});
});

test("onSessionChange hears undefined when the session expires (autoExtend off, or every extend failing)", async () => {
  const exp = () => nowS() + 1; // expires within a second
  for (const config of [
    { autoExtend: false, fetch: async () => json({}) },
    { retries: 0, fetch: async () => json({ message: "down" }, 503) },
  ]) {
    const client = new lib.AfostoClient({ ...config, token: jwt({ exp: exp() }) });
    assert.ok(client.session, "signed in at first");
    const heard = [];
    client.onSessionChange((s) => heard.push(s));
    const t0 = Date.now();
    while (!heard.length && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(heard, [undefined], JSON.stringify(config.autoExtend));
    assert.equal(client.session, undefined);
    client.free();
  }
});

test("free() also stops the expiry event", async () => {
  const client = new lib.AfostoClient({ autoExtend: false, token: jwt({ exp: nowS() + 1 }), fetch: async () => json({}) });
  const heard = [];
  client.onSessionChange((s) => heard.push(s));
  client.free();
  await new Promise((r) => setTimeout(r, 1300));
  assert.deepEqual(heard, []);
});

test("a shopper's clock an hour fast or slow: the fresh session is valid, no extend storm", async () => {
  for (const offsetS of [-3600, 3600]) {
    let extends_ = 0;
    // The server's clock is `offsetS` away from this machine's.
    const serverNow = () => nowS() + offsetS;
    const fetch = async (url) => {
      if (String(url).includes("/iam/jwt/extend")) {
        extends_++;
        return json({ access_token: jwt({ iat: serverNow(), exp: serverNow() + 3600 }), expires_in: 3600, token_type: "bearer" });
      }
      return json({ token: jwt({ iat: serverNow(), exp: serverNow() + 3600 }), expires_at: new Date((serverNow() + 3600) * 1000).toISOString() });
    };
    const client = new lib.AfostoClient({ fetch });
    const s = await client.signIn({ email: "jane@example.com", password: "pw-example" });
    assert.ok(client.session, `signed in with the clock ${offsetS} s off`);
    assert.equal(s.expiresAt, client.session.expiresAt);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(extends_, 0, "no extend for a token with an hour left");
    assert.ok(client.session);
    client.free();
  }
});

test("signOut clears at once: a sign-in made while the revoke is on its way stays; no event when nothing changes", async () => {
  let releaseRevoke;
  const fetch = async (url, init) => {
    if (String(url).includes("/iam/jwt/revoke")) {
      await new Promise((r) => (releaseRevoke = r));
      return json({ message: "expired" }, 401);
    }
    const { email } = JSON.parse(init.body);
    return json({ token: jwt({ sub: email, exp: nowS() + 3600 }), expires_at: new Date((nowS() + 3600) * 1000).toISOString() });
  };
  const client = new lib.AfostoClient({ fetch });
  const heard = [];
  client.onSessionChange((s) => heard.push(s?.claims?.sub));
  await client.signOut(); // never signed in
  assert.deepEqual(heard, []);
  await client.signIn({ email: "a@example.com", password: "pw-example" });
  const out = client.signOut();
  assert.equal(client.session, undefined, "cleared before the revoke answers");
  await client.signOut(); // a second signOut: nothing left to clear
  await client.signIn({ email: "b@example.com", password: "pw-example" });
  releaseRevoke(); // a's revoke answers 401 now
  await out;
  assert.equal(client.session?.claims?.sub, "b@example.com", "b's session survives a's late revoke");
  assert.deepEqual(heard, ["a@example.com", undefined, "b@example.com"]);
});

test("AddressSearch leaves no listener on the caller's signal once a search ends", async () => {
  const client = new lib.AfostoClient({
    fetch: async (url, init) => (init.method === "GET" ? json({ session_key: "k" }) : json({ options: [] })),
  });
  const s = await client.startAddressSearch("NL", { debounceMs: 0 });
  const ctrl = new AbortController();
  let live = 0;
  const add = ctrl.signal.addEventListener.bind(ctrl.signal);
  const remove = ctrl.signal.removeEventListener.bind(ctrl.signal);
  ctrl.signal.addEventListener = (...a) => (a[0] === "abort" && live++, add(...a));
  ctrl.signal.removeEventListener = (...a) => (a[0] === "abort" && live--, remove(...a));
  for (let i = 0; i < 30; i++) await s.search("Damrak " + i, { signal: ctrl.signal });
  assert.equal(live, 0);
});

test("calling before init() is a clear AfostoError, not a TypeError", async () => {
  // A fresh copy of the module, never initialised.
  const fresh = await import(path.join(ROOT, "pkg/afosto_checkout.js") + "?fresh");
  for (const call of [() => new fresh.AfostoClient({}), () => fresh.openingStatus({}), () => fresh.selectableShippingMethods([], {})]) {
    assert.throws(call, (e) => e instanceof Error && e.name === "AfostoError" && e.code === "INVALID_CONFIG" && /init\(\)/.test(e.message));
  }
  await fresh.default();
  assert.ok(new fresh.AfostoClient({}));
});

test("a listener that signs out hears nothing out of order, nor does any other", async () => {
  const fetch = async (url) =>
    String(url).includes("/iam/jwt/revoke")
      ? new Response(null, { status: 204 })
      : json({ token: jwt({ sub: "a", exp: nowS() + 3600 }), expires_at: new Date((nowS() + 3600) * 1000).toISOString() });
  const client = new lib.AfostoClient({ fetch });
  const heard = [];
  client.onSessionChange((s) => {
    heard.push(["first", s?.claims.sub]);
    if (s) client.signOut();
  });
  client.onSessionChange((s) => heard.push(["second", s?.claims.sub]));
  await client.signIn({ email: "a@example.com", password: "pw-example" });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(heard, [["first", "a"], ["second", "a"], ["first", undefined], ["second", undefined]]);
  assert.equal(client.session, undefined);
});

test("the expiry is told on time even while a background extend hangs", async () => {
  // 2 s token: the extend is due after 1 s and never answers (config timeout 10 s).
  const client = new lib.AfostoClient({ token: jwt({ iat: nowS(), exp: nowS() + 2 }), fetch: hang });
  const heard = [];
  client.onSessionChange((s) => heard.push(s));
  const t0 = Date.now();
  while (!heard.length && Date.now() - t0 < 4000) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(heard, [undefined]);
  assert.ok(Date.now() - t0 < 3500, `told after ${Date.now() - t0} ms`);
  client.free();
});

test("a sign-in does not wait for a pending extend of the old session", async () => {
  let extendCalls = 0;
  const fetch = async (url, init) => {
    if (String(url).includes("/iam/jwt/extend")) return (extendCalls++, hang(url, init));
    return json({ token: jwt({ sub: "b", iat: nowS(), exp: nowS() + 3600 }), expires_at: new Date((nowS() + 3600) * 1000).toISOString() });
  };
  // 20 s left of an hour: the extend is due.
  const client = new lib.AfostoClient({ token: jwt({ sub: "a", iat: nowS() - 3600, exp: nowS() + 20 }), fetch });
  const t0 = Date.now();
  const s = await client.signIn({ email: "b@example.com", password: "pw-example" });
  assert.equal(s.claims.sub, "b");
  assert.ok(Date.now() - t0 < 1000, `waited ${Date.now() - t0} ms`);
  assert.ok(extendCalls <= 1);
  client.free();
});
