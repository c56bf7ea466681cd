// Inputs that fight back, in Node with an injected fetch (no server): values
// whose getters or Proxy traps throw, timer values JS cannot hold, tokens
// that cannot go into a header, and answers without an expiry. Each must end
// as a typed AfostoError (or a working call), never a TypeError, a thrown
// caller error, a timer that fires at once, or a broken wasm module.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

const json = (v, status = 200) => new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });
/** A fetch that never answers, until its signal aborts. */
const hang = (_url, init) => new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
const jwt = (payload) => ["e30", Buffer.from(JSON.stringify(payload)).toString("base64url"), "sig"].join(".");
/** An object whose every read throws, and whose keys cannot be listed. */
const trap = () => new Proxy({}, { get() { throw new Error("trap fired"); }, ownKeys() { throw new Error("trap fired"); } });
const FORMAT = { countryCode: "NL", required: ["postalCode"], allowed: ["postalCode", "countryCode"] };

/** How a call ends: `{how, code, message}`; a synchronous throw is reported as such. */
async function outcome(f) {
  let p;
  try {
    p = f();
  } catch (e) {
    return { how: "sync-throw", code: e?.code, message: String(e?.message) };
  }
  try {
    return { how: "ok", value: await p };
  } catch (e) {
    return { how: "err", code: e?.code, name: e?.name, message: String(e?.message) };
  }
}

test("a value that throws while being read is INVALID_INPUT, and the module keeps working", async () => {
  const client = new lib.AfostoClient({ fetch: async () => json([]) });
  // Thousands of times: an exception unwinding through wasm would corrupt it within a few hundred.
  for (let i = 0; i < 3000; i++) {
    assert.throws(() => client.validateAddress(trap(), FORMAT), (e) => e.code === "INVALID_INPUT" && /trap fired/.test(e.message));
    assert.throws(() => lib.openingStatus(trap(), new Date(), "Europe/Amsterdam"), (e) => e.code === "INVALID_INPUT");
  }
  assert.deepEqual(client.validateAddress({ countryCode: "NL", postalCode: "1234 AB" }, FORMAT), {});
  assert.equal(lib.openingStatus({ openings: [] }, new Date(), "Europe/Amsterdam").isOpen, false);
});

test("every entry point turns a throwing input into a typed error", async () => {
  const client = new lib.AfostoClient({ fetch: async () => json([]) });
  const cases = {
    createAddress: () => client.createAddress(trap()),
    listServicePoints: () => client.listServicePoints(trap()),
    requestQuery: () => client.request("GET", "/x", { query: trap() }),
    callOptions: () => client.listShippingMethods({ countryCode: "NL" }, trap()),
    selectable: () => lib.selectableShippingMethods(trap(), { countryCode: "NL" }),
    revokedProxy: () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return client.listShippingMethods(proxy);
    },
  };
  for (const [name, f] of Object.entries(cases)) {
    const r = await outcome(f);
    assert.equal(r.code, "INVALID_INPUT", `${name}: ${JSON.stringify(r)}`);
  }
  // Promise-returning methods reject; they never throw synchronously.
  assert.equal((await outcome(() => client.createAddress(trap()))).how, "err");
});

test("a config whose getters throw is INVALID_CONFIG, and its getters run once", () => {
  assert.throws(
    () => new lib.AfostoClient({ get fetch() { throw new Error("nope"); } }),
    (e) => e.code === "INVALID_CONFIG" && /nope/.test(e.message),
  );
  let reads = 0;
  const f = async () => json([]);
  const client = new lib.AfostoClient({ get fetch() { reads++; return f; } });
  assert.equal(reads, 1);
  assert.ok(client);
});

test("timeouts and debounce are whole ms within what JS timers hold", async (t) => {
  // AbortSignal.timeout does not keep Node alive; the hanging fetch must not end the run.
  const alive = setInterval(() => {}, 1000);
  t.after(() => clearInterval(alive));
  // 0.5 ms was a RangeError from AbortSignal.timeout; 2^31 and more fired at once.
  const tiny = await outcome(() => new lib.AfostoClient({ retries: 0, fetch: hang }).listShippingMethods({ countryCode: "NL" }, { timeoutMs: 0.5 }));
  assert.equal(tiny.code, "TIMEOUT");
  const realFetch = globalThis.fetch;
  globalThis.fetch = hang; // the engine's fetch path, with AbortSignal.timeout
  try {
    const t = await outcome(() => new lib.AfostoClient({ retries: 0 }).getAddress("a", { timeoutMs: 0.5 }));
    assert.equal(t.code, "TIMEOUT");
    for (const huge of [2 ** 31, 2 ** 32, 1e308]) {
      const t0 = Date.now();
      const r = await outcome(() => new lib.AfostoClient({ timeoutMs: huge }).getAddress("a", { signal: AbortSignal.timeout(150) }));
      assert.equal(r.code, "ABORTED", `timeoutMs ${huge}: ${JSON.stringify(r)}`);
      assert.ok(Date.now() - t0 >= 100, `timeoutMs ${huge} fired at once`);
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  const search = await new lib.AfostoClient({ fetch: async () => json({ session_key: "k" }) }).startAddressSearch("NL", { debounceMs: 2 ** 40 });
  const t0 = Date.now();
  const r = await outcome(() => search.search("Damrak", { signal: AbortSignal.timeout(150) }));
  assert.equal(r.code, "ABORTED");
  assert.ok(Date.now() - t0 >= 100, "a huge debounce fired at once");
});

test("an AbortSignal look-alike works with the engine's fetch too", async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => json([]);
  try {
    const fake = { aborted: false, addEventListener() {}, removeEventListener() {} };
    const r = await outcome(() => new lib.AfostoClient().listShippingMethods({ countryCode: "NL" }, { signal: fake }));
    assert.equal(r.how, "ok", JSON.stringify(r));
    const half = await outcome(() => new lib.AfostoClient().listShippingMethods({ countryCode: "NL" }, { signal: { addEventListener() {} } }));
    assert.equal(half.code, "INVALID_INPUT");
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("a token that cannot go into a header is refused, and never quoted", async () => {
  for (const token of ["secret\ntoken", "two words", "caf\u00e9", "nul\u0000"]) {
    assert.throws(() => new lib.AfostoClient({ token }), (e) => e.code === "INVALID_CONFIG" && !e.message.includes(token));
  }
  // A fetch that quotes the header in its error: the message says <token>.
  const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600, sub: "quoted" });
  const fetch = async (_u, init) => {
    throw new TypeError(`invalid header value: ${init.headers.Authorization}`);
  };
  const r = await outcome(() => new lib.AfostoClient({ token, retries: 0, fetch }).listShippingMethods({ countryCode: "NL" }));
  assert.equal(r.code, "NETWORK");
  assert.ok(!r.message.includes(token), r.message);
  assert.match(r.message, /<token>/);
  // From the API, such a token is a DECODE of the answer.
  const answer = { token: "bad\ntoken", expires_at: "2030-01-01T00:00:00Z" };
  const s = await outcome(() => new lib.AfostoClient({ fetch: async () => json(answer) }).signIn({ email: "a@b.c", password: "pw" }));
  assert.equal(s.code, "DECODE");
  assert.match(s.message, /\$\.token/);
  assert.ok(!s.message.includes("bad\ntoken"));
});

test("a sign-in answer with no expiry anywhere is DECODE; exp in the past is expired", async () => {
  const client = new lib.AfostoClient({ fetch: async () => json({ token: "opaque-token" }) });
  const r = await outcome(() => client.signIn({ email: "a@b.c", password: "pw" }));
  assert.equal(r.code, "DECODE");
  assert.match(r.message, /\$\.expires_at/);
  assert.equal(client.session, undefined);
  // With the JWT's exp to go by, expires_at may be missing.
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const ok = new lib.AfostoClient({ fetch: async () => json({ token: jwt({ exp }) }) });
  const s = await ok.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(Date.parse(s.expiresAt), exp * 1000);
  // exp -1 (1969) is long expired, not "never expires".
  assert.equal(new lib.AfostoClient({ token: jwt({ exp: -1 }) }).session, undefined);
});

test("baseUrl: ports above 65535 and dot segments are INVALID_CONFIG", () => {
  for (const baseUrl of ["http://localhost:99999", "https://api.afosto.io:65536", "https://x.example/a/../b", "https://x.example/./b"]) {
    assert.throws(() => new lib.AfostoClient({ baseUrl }), (e) => e.code === "INVALID_CONFIG", baseUrl);
  }
  assert.ok(new lib.AfostoClient({ baseUrl: "https://x.example:65535/v..1" }));
});

test("concurrent extendSession calls: one caller's signal or short timeout does not end the others'", async () => {
  let release;
  const answered = new Promise((r) => (release = r));
  const fresh = jwt({ exp: Math.floor(Date.now() / 1000) + 7200 });
  const fetch = async (url, init) => {
    await answered;
    if (init.signal?.aborted) throw new DOMException("aborted", "AbortError");
    return json({ access_token: fresh, expires_in: 7200 });
  };
  const client = new lib.AfostoClient({ token: jwt({ exp: Math.floor(Date.now() / 1000) + 3600 }), autoExtend: false, fetch });
  const ctrl = new AbortController();
  const a = outcome(() => client.extendSession({ signal: ctrl.signal }));
  const short = outcome(() => client.extendSession({ timeoutMs: 30 }));
  const b = outcome(() => client.extendSession());
  ctrl.abort();
  await new Promise((r) => setTimeout(r, 80));
  release();
  assert.equal((await a).code, "ABORTED");
  assert.equal((await short).code, "TIMEOUT");
  const rb = await b;
  assert.equal(rb.how, "ok", JSON.stringify(rb));
  assert.equal(rb.value.token, fresh);
  assert.equal(client.session.token, fresh, "the extend's session is kept");
});

test("the session object cannot be changed behind the client's back", async () => {
  const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600, sub: "u1", roles: ["a"] });
  const seen = [];
  const fetch = async (_u, init) => {
    seen.push(init.headers.Authorization);
    return json([]);
  };
  const client = new lib.AfostoClient({ token, fetch });
  const s = client.session;
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.claims) && Object.isFrozen(s.claims.roles));
  assert.throws(() => { s.token = "[redacted]"; }, TypeError); // modules are strict
  assert.throws(() => { delete s.token; }, TypeError);
  await client.listShippingMethods({ countryCode: "NL" });
  assert.deepEqual(seen, [`Bearer ${token}`]);
});

test("client.request sends the body text it checked (serialised once)", async () => {
  let calls = 0;
  const body = { toJSON() { return calls++ === 0 ? { n: 1 } : undefined; } };
  const sent = [];
  const client = new lib.AfostoClient({ fetch: async (_u, init) => (sent.push(init.body), json({})) });
  await client.request("POST", "/x", { body });
  assert.deepEqual(sent, ['{"n":1}']);
  const r = await outcome(() => client.request("POST", "/x", { body: { toJSON() { throw new Error("no"); } } }));
  assert.equal(r.code, "INVALID_INPUT");
  assert.equal(sent.length, 1, "nothing sent");
});

test("a request URL longer than 65536 characters is INVALID_INPUT, before anything is sent", async () => {
  let sent = 0;
  const client = new lib.AfostoClient({ fetch: async () => (sent++, json({ id: "a", country_code: "NL" })) });
  for (const f of [() => client.getAddress("é".repeat(20000)), () => client.request("GET", "/x", { query: { q: "x".repeat(70000) } })]) {
    const r = await outcome(f);
    assert.equal(r.code, "INVALID_INPUT", JSON.stringify(r).slice(0, 200));
  }
  assert.equal(sent, 0);
  assert.equal((await outcome(() => client.getAddress("é".repeat(1000)))).how, "ok");
});

test("selectableShippingMethods: missing required members and non-finite numbers are INVALID_INPUT", () => {
  const good = { id: "m", name: "M", isEnabled: true, priority: 1, countries: [{ code: "NL", amount: 5 }] };
  assert.equal(lib.selectableShippingMethods([good], { countryCode: "NL" }).length, 1);
  const bad = {
    "all[0].isEnabled": { ...good, isEnabled: undefined },
    "all[0].countries": { ...good, countries: undefined },
    "all[0].priority": { ...good, priority: NaN },
    "all[0].maxWeight": { ...good, maxWeight: Infinity },
  };
  for (const [field, m] of Object.entries(bad)) {
    assert.throws(() => lib.selectableShippingMethods([m], { countryCode: "NL", weight: 1 }), (e) => e.code === "INVALID_INPUT" && field in e.fieldErrors, field);
  }
  // The raw wire form (what client.request returns) is not silently "nothing selectable".
  const raw = { id: "m", name: "M", is_enabled: true, priority: 1, countries: [{ code: "NL", amount: 5 }] };
  assert.throws(() => lib.selectableShippingMethods([raw], { countryCode: "NL" }), (e) => e.code === "INVALID_INPUT");
});

test("a string with a lone surrogate is INVALID_INPUT, not silently another string", async () => {
  const sent = [];
  const client = new lib.AfostoClient({ fetch: async (u) => (sent.push(String(u)), json({ id: "a", country_code: "NL" })) });
  for (const f of [
    () => client.getAddress("addr-\uD800-1"),
    () => client.listShippingMethods({ countryCode: "N\uDC00L" }),
    () => client.signUp({ email: "jane\uD800@example.com", password: "pw", audience: "shop" }),
  ]) {
    assert.equal((await outcome(f)).code, "INVALID_INPUT");
  }
  assert.deepEqual(sent, []);
  // Everywhere a string goes: config, client.request's path, query keys and values, body fields.
  for (const config of [{ baseUrl: "https://proxy.example\uD800" }, { token: "t\uDC00k" }, { storageKey: "k\uD800" }, { audience: "a\uD800" }, { channelId: "c\uD800" }]) {
    assert.throws(() => new lib.AfostoClient(config), (e) => e.code === "INVALID_CONFIG", Object.keys(config)[0]);
  }
  for (const f of [
    () => client.request("GET", "/x\uD800"),
    () => client.request("GET", "/x", { query: { q: "a\uD800" } }),
    () => client.request("GET", "/x", { query: { ["k\uD800"]: "v" } }),
    () => client.createAddress({ countryCode: "NL", locality: "x\uD800y" }),
  ]) {
    assert.equal((await outcome(f)).code, "INVALID_INPUT");
  }
  assert.deepEqual(sent, []);
  // A real U+FFFD (and any paired surrogate, an emoji) is a string like any other.
  assert.equal((await outcome(() => client.getAddress("a\uFFFD😀"))).how, "ok");
  assert.match(sent[0], /a%EF%BF%BD%F0%9F%98%80$/);
});

test("openingStatus: a Date from another realm works; a time no Date holds blames `at`", async () => {
  const { runInNewContext } = await import("node:vm");
  const point = { id: "p", name: "P", carrier: "c", latitude: 0, longitude: 0, address: { countryCode: "NL" }, openings: [{ weekday: 3, windows: [{ start: "09:00", end: "17:00" }] }] };
  const iso = "2026-11-25T12:00:00Z"; // a Wednesday
  const foreign = runInNewContext(`new Date("${iso}")`);
  assert.equal(foreign instanceof Date, false);
  assert.deepEqual(lib.openingStatus(point, foreign, "UTC"), lib.openingStatus(point, new Date(iso), "UTC"));
  assert.equal(lib.openingStatus(point, foreign, "UTC").isOpen, true);
  assert.throws(() => lib.openingStatus(point, "999999-01-01T00:00:00Z", "UTC"), (e) => e.code === "INVALID_INPUT" && "at" in e.fieldErrors);
  assert.throws(() => lib.openingStatus(point, iso, "Nowhere/City"), (e) => e.code === "INVALID_INPUT" && "timeZone" in e.fieldErrors);
});

test("signOut() while a sign-in is on its way: the sign-out wins", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
  const client = new lib.AfostoClient({ fetch: async () => (await gate, json({ token, expires_at: new Date(Date.now() + 3600e3).toISOString() })) });
  const events = [];
  client.onSessionChange((s) => events.push(s?.token));
  const signing = outcome(() => client.signIn({ email: "a@b.c", password: "pw" }));
  await client.signOut();
  release();
  const r = await signing;
  assert.equal(r.code, "ABORTED");
  assert.equal(client.session, undefined);
  assert.deepEqual(events, []);
  // A sign-in started after the sign-out is kept.
  const again = await client.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(client.session.token, again.token);
});

test("a read error belongs to its own call: a getter that calls the package does not hand it over", () => {
  const client = new lib.AfostoClient({ fetch: async () => json([]) });
  let nested;
  const address = {
    countryCode: "NL",
    get postalCode() {
      nested = lib.openingStatus({ openings: [] }, new Date(), "UTC");
      return "1234 AB";
    },
    get locality() {
      throw new Error("locality getter broke");
    },
  };
  assert.throws(() => client.validateAddress(address, FORMAT), (e) => e.code === "INVALID_INPUT" && /locality getter broke/.test(e.message));
  assert.deepEqual(nested, { isOpen: false });
  // A huge thrown message is cut, not copied whole through the module.
  const huge = { get countryCode() { throw new Error("x".repeat(1e6)); } };
  assert.throws(() => client.validateAddress(huge, FORMAT), (e) => e.code === "INVALID_INPUT" && e.message.length < 400);
});
