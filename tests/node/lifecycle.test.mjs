// Session lifecycle under races, in Node with an injected fetch (no server):
// extends that change nothing, sign-outs racing extends and sign-ins, a clock
// that jumps, clients sharing a storage key, and API errors that echo secrets.
// Each of these was once wrong (found by a black-box audit).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

const json = (v, status = 200) => new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });
const jwt = (payload) => ["e30", Buffer.from(JSON.stringify(payload)).toString("base64url"), "sig"].join(".");
const nowS = () => Math.floor(Date.now() / 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function code(p) {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return e.code ?? `${e.name}: ${e.message}`;
  }
}

/** A Storage-like object in memory (Node has no localStorage). */
function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
  };
}

test("an extend that does not move the expiry out of the extend window is not repeated (no request storm)", async () => {
  // A 5 s token (4 to 5 s left: `exp` is in whole seconds): extended at half its life, and the
  // server gives it back unchanged. The wait below ends before it expires (it once used 4 s
  // and 3 s, and a token issued late in a second expired inside the wait: a second event).
  const exp = nowS() + 5;
  const token = jwt({ iat: nowS(), exp });
  let extendCalls = 0;
  const fetch = async (url) => {
    if (String(url).includes("/iam/jwt/extend")) {
      extendCalls++;
      return json({ access_token: token, expires_in: Math.max(0, exp - nowS()) });
    }
    return json({ token, expires_at: new Date(exp * 1000).toISOString() });
  };
  const client = new lib.AfostoClient({ fetch });
  let events = 0;
  client.onSessionChange(() => events++);
  await client.signIn({ email: "a@b.c", password: "pw" });
  await sleep(3500);
  client.free();
  assert.ok(extendCalls <= 2, `${extendCalls} extends`);
  assert.equal(events, 1, "only the sign-in is an event: an unchanged session is not");
});

test("an extend that ends after a sign-out rejects ABORTED and hands out no token", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const fresh = jwt({ exp: nowS() + 7200 });
  const fetch = async (url) => {
    if (String(url).includes("/iam/jwt/extend")) {
      await gate;
      return json({ access_token: fresh, expires_in: 7200 });
    }
    return json({});
  };
  const client = new lib.AfostoClient({ token: jwt({ exp: nowS() + 3600 }), autoExtend: false, fetch });
  const extending = code(client.extendSession());
  await client.signOut();
  release();
  assert.equal(await extending, "ABORTED");
  assert.equal(client.session, undefined);
});

test("a clock jump past the expiry: the next read of the session tells the listeners at once", async () => {
  const realNow = Date.now;
  let jump = 0;
  Date.now = () => realNow() + jump;
  try {
    const client = new lib.AfostoClient({ token: jwt({ exp: nowS() + 3600 }), fetch: async () => json({}) });
    const heard = [];
    client.onSessionChange((s) => heard.push(s?.token ?? "none"));
    jump = 2 * 3600e3; // the laptop slept for two hours: no timer fired
    assert.equal(client.session, undefined);
    await sleep(10);
    assert.deepEqual(heard, ["none"]);
    client.free();
  } finally {
    Date.now = realNow;
  }
});

test("clients sharing a storage key on one page follow each other; a 401 drops only the stored session it hit", async (t) => {
  globalThis.localStorage = memoryStorage();
  t.after(() => delete globalThis.localStorage);
  const a = jwt({ sub: "a", exp: nowS() + 3600 });
  const b = jwt({ sub: "b", exp: nowS() + 3600 });
  const answer = (token) => json({ token, expires_at: new Date(Date.now() + 3600e3).toISOString() });
  let next = a;
  const fetch = async (url, init) => {
    const u = String(url);
    if (u.includes("/rel/identity/authorize")) return answer(next);
    if (u.includes("/revoke")) return json({});
    // The API only knows token b.
    return init.headers.Authorization === `Bearer ${b}` ? json([]) : json({ message: "revoked" }, 401);
  };
  const header = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  const checkout = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  const heard = [];
  header.onSessionChange((s) => heard.push(s?.token));
  await checkout.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(header.session?.token, a, "the other client follows a sign-in");
  await checkout.signOut();
  assert.equal(header.session, undefined, "and a sign-out");
  assert.deepEqual(heard, [a, undefined]);

  // header signs in with a (stale), then checkout with b; header's 401 on a must not remove b.
  await header.signIn({ email: "a@b.c", password: "pw" });
  next = b;
  globalThis.sessionStorage = memoryStorage(); // Node has none: persistSession would be INVALID_CONFIG
  t.after(() => delete globalThis.sessionStorage);
  const lonely = new lib.AfostoClient({ persistSession: "sessionStorage", fetch }); // another storage: not a peer
  await checkout.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(header.session?.token, b);
  assert.equal(lonely.session, undefined);
  assert.equal(await code(checkout.request("GET", "/cart")), "resolved");
  assert.match(globalThis.localStorage.getItem("afosto-session"), new RegExp(b.split(".")[1]));
  for (const c of [header, checkout, lonely]) c.free();
});

test("a 401 to a client whose token is not the stored one keeps the stored session", async (t) => {
  globalThis.localStorage = memoryStorage();
  t.after(() => delete globalThis.localStorage);
  const stale = jwt({ sub: "old", exp: nowS() + 3600 });
  const good = jwt({ sub: "new", exp: nowS() + 3600 });
  const client = new lib.AfostoClient({ persistSession: "localStorage", token: stale, fetch: async () => json({ message: "revoked" }, 401) });
  // Another tab stored a newer session meanwhile (no storage event in Node).
  globalThis.localStorage.setItem("afosto-session", JSON.stringify({ token: good, expiresAt: new Date(Date.now() + 3600e3).toISOString() }));
  assert.equal(await code(client.listShippingMethods({ countryCode: "NL" })), "UNAUTHORIZED");
  assert.equal(client.session?.token, good, "the stored, newer session is taken");
  assert.ok(globalThis.localStorage.getItem("afosto-session"), "and not removed");
  client.free();
});

test("signOut with an already-aborted signal sends nothing but still signs out", async () => {
  let sent = 0;
  const client = new lib.AfostoClient({ token: jwt({ exp: nowS() + 3600 }), fetch: async () => (sent++, json({})) });
  assert.equal(await code(client.signOut({ signal: AbortSignal.abort() })), "ABORTED");
  assert.equal(client.session, undefined);
  assert.equal(sent, 0);
});

test("signOut during a sign-in whose answer is an error: still ABORTED", async () => {
  for (const status of [401, 503]) {
    let release;
    const gate = new Promise((r) => (release = r));
    const client = new lib.AfostoClient({ retries: 0, fetch: async () => (await gate, json({ message: "no" }, status)) });
    const signing = code(client.signIn({ email: "a@b.c", password: "pw" }));
    await client.signOut();
    release();
    assert.equal(await signing, "ABORTED", `answer ${status}`);
  }
});

test("an error body that echoes the token or the password does not carry them into the message", async () => {
  const token = jwt({ exp: nowS() + 3600, sub: "echo" });
  const client = new lib.AfostoClient({
    token,
    retries: 0,
    fetch: async (url, init) =>
      String(url).includes("authorize")
        ? json({ message: `password ${JSON.parse(init.body).password} is too weak` }, 422)
        : json({ message: `token ${token} has been revoked` }, 403),
  });
  for (const p of [client.request("GET", "/cart"), client.signIn({ email: "a@b.c", password: 'hunter2"quoted' })]) {
    try {
      await p;
      assert.fail("resolved");
    } catch (e) {
      assert.ok(!e.message.includes(token) && !e.message.includes("hunter2"), e.message);
      assert.match(e.message, /\[redacted\]/);
    }
  }
});

test("two same-page clients and a server-capped lifetime: no extend ping-pong between them", async (t) => {
  globalThis.localStorage = memoryStorage();
  t.after(() => delete globalThis.localStorage);
  const cap = nowS() + 20; // every re-signed token ends at the same time: always inside the extend window
  const fresh = (n) => jwt({ iat: nowS() - 29, exp: cap, n });
  let n = 0;
  let extendCalls = 0;
  const fetch = async (url) => {
    if (String(url).includes("extend")) {
      extendCalls++;
      return json({ access_token: fresh(++n), expires_in: cap - nowS() });
    }
    return json({ token: fresh(++n), expires_at: new Date(cap * 1000).toISOString() });
  };
  const a = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  const b = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  await a.signIn({ email: "a@b.c", password: "pw" });
  await sleep(1000);
  a.free();
  b.free();
  assert.ok(extendCalls <= 2, `${extendCalls} extends in 1 s`);
});

test("an extend left over from before a sign-out is not joined by the new session", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  let extendCalls = 0;
  const newToken = jwt({ sub: "new", exp: nowS() + 3600 });
  const fetch = async (url) => {
    const u = String(url);
    if (u.includes("/iam/jwt/extend")) {
      extendCalls++;
      if (extendCalls === 1) await gate;
      return json({ access_token: jwt({ sub: `ext${extendCalls}`, exp: nowS() + 7200 }), expires_in: 7200 });
    }
    if (u.includes("authorize")) return json({ token: newToken, expires_at: new Date(Date.now() + 3600e3).toISOString() });
    return json({});
  };
  const client = new lib.AfostoClient({ token: jwt({ sub: "old", exp: nowS() + 3600 }), autoExtend: false, fetch });
  const old = code(client.extendSession());
  await client.signOut();
  await client.signIn({ email: "a@b.c", password: "pw" });
  const second = client.extendSession();
  release();
  assert.equal(await old, "ABORTED");
  const s = await second;
  assert.equal(extendCalls, 2, "the new session's extend is its own request");
  assert.equal(client.session.token, s.token);
});

test("an answer that is already expired is told once (as signed out), not twice", async () => {
  const client = new lib.AfostoClient({ fetch: async () => json({ token: "opaque-token", expires_at: new Date(Date.now() - 1000).toISOString() }) });
  const heard = [];
  client.onSessionChange((s) => heard.push(s?.token));
  await client.signIn({ email: "a@b.c", password: "pw" });
  await sleep(50);
  assert.equal(client.session, undefined);
  assert.deepEqual(heard, [], "nothing changed for the page: it was signed out and still is");
});

test("signIn resolves the session it stored even when a same-page peer's listener signs out at once", async (t) => {
  globalThis.localStorage = memoryStorage();
  t.after(() => delete globalThis.localStorage);
  const token = jwt({ exp: nowS() + 3600 });
  const fetch = async (url) => (String(url).includes("authorize") ? json({ token, expires_at: new Date(Date.now() + 3600e3).toISOString() }) : json({}));
  const a = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  const b = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  b.onSessionChange((s) => s && b.signOut());
  const s = await a.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(s?.token, token);
  await sleep(10);
  assert.equal(a.session, undefined, "and the peer's sign-out reached it");
  a.free();
  b.free();
});

test("a retry after a sign-out is not sent with the old token; it ends ABORTED", async () => {
  const token = jwt({ exp: nowS() + 3600 });
  const seen = [];
  const fetch = async (url, init) => {
    seen.push([String(url).replace(/^https?:\/\/[^/]+/, ""), init.headers.Authorization ?? "none"]);
    return String(url).includes("revoke") ? json({}) : new Response("{}", { status: 503, headers: { "content-type": "application/json", "retry-after": "1" } });
  };
  const client = new lib.AfostoClient({ token, autoExtend: false, fetch });
  const call = code(client.request("GET", "/cart"));
  await sleep(100);
  await client.signOut();
  assert.equal(await call, "ABORTED");
  const after = seen.slice(seen.findIndex(([p]) => p.includes("revoke")) + 1);
  assert.deepEqual(after, [], "nothing sent after the revoke");
});

test("an extend answer does not overwrite what another tab stored meanwhile", async (t) => {
  const store = (globalThis.localStorage = memoryStorage());
  t.after(() => delete globalThis.localStorage);
  let release;
  const gate = new Promise((r) => (release = r));
  const fetch = async (url) => {
    if (String(url).includes("extend")) {
      await gate;
      return json({ access_token: jwt({ exp: nowS() + 7200 }), expires_in: 7200 });
    }
    return json({ token: jwt({ exp: nowS() + 3600 }), expires_at: new Date(Date.now() + 3600e3).toISOString() });
  };
  const client = new lib.AfostoClient({ persistSession: "localStorage", autoExtend: false, fetch });
  await client.signIn({ email: "a@b.c", password: "pw" });
  const extending = code(client.extendSession());
  store.removeItem("afosto-session"); // another tab signed out; its storage event not handled yet
  release();
  assert.equal(await extending, "ABORTED");
  assert.equal(store.getItem("afosto-session"), null, "the sign-out stays");
  assert.equal(client.session, undefined);
  client.free();
});

test("a storage write that fails removes the entry it could not replace", async (t) => {
  const store = (globalThis.localStorage = memoryStorage());
  t.after(() => delete globalThis.localStorage);
  const tokens = [jwt({ sub: "user1", exp: nowS() + 3600 }), jwt({ sub: "user2", exp: nowS() + 3600 })];
  let i = 0;
  const fetch = async () => json({ token: tokens[i++], expires_at: new Date(Date.now() + 3600e3).toISOString() });
  const client = new lib.AfostoClient({ persistSession: "localStorage", fetch });
  await client.signIn({ email: "a@b.c", password: "pw" });
  store.setItem = () => {
    throw new DOMException("full", "QuotaExceededError");
  };
  await client.signIn({ email: "b@b.c", password: "pw" });
  assert.equal(client.session.token, tokens[1], "the new session lives in memory");
  assert.equal(store.getItem("afosto-session"), null, "and user1's entry is gone");
  client.free();
});

test("no onSessionChange events after free(), even from an extend already on its way", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const fetch = async () => (await gate, json({ access_token: jwt({ exp: nowS() + 7200 }), expires_in: 7200 }));
  const client = new lib.AfostoClient({ token: jwt({ exp: nowS() + 3600 }), autoExtend: false, fetch });
  const heard = [];
  client.onSessionChange((s) => heard.push(s?.token));
  const extending = client.extendSession();
  client.free();
  release();
  await extending;
  assert.deepEqual(heard, []);
});
