// Chaos matrix and hostile input, in headless Chromium against the mock's
// fault injection. For a typed GET (getAddress) and a typed POST (geocode):
// the expected code, the number of attempts the mock saw, a time bound, no
// unhandled rejection, and the client still working for the next call.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, onWire, test } from "../support/harness.mjs";

let t;
const PASSWORD = "hunter2-chaos-password";
before(async () => { t = await setup(); });
/** A stored address to read back with getAddress (the mock forgets it on reset). */
const newAddress = () => t.page.evaluate(async () => {
  const a = await client().createAddress({ countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" });
  return a.id;
});
after(async () => { await t?.close(); });

const TIMEOUT_MS = 800;
// fault -> [GET code, GET attempts, POST code, POST attempts, time bound ms].
// Attempts are the client's (counted by a fetch spy); the mock's log must show
// at least as many. For "reset" the engine itself may resend on a reset
// connection, so the mock may see more: Chromium once (a reset keep-alive
// socket), Firefox up to network.http.request.max-attempts (10) times, WebKitGTK
// usually not at all but sometimes once (seen: 4 for 3 attempts). That is the
// engine's doing, not the package's: the spy counts stay exact in every engine.
const RESENDS = { chromium: 2, firefox: 10, webkit: 2 };
const MATRIX = [
  ["500", "SERVER", 1, "SERVER", 1, 2500],
  ["502", "SERVER", 3, "SERVER", 1, 3000],
  ["503-retry-after", "SERVER", 3, "SERVER", 1, 4500],
  ["429", "RATE_LIMITED", 3, "RATE_LIMITED", 1, 4500],
  ["429-date", "RATE_LIMITED", 3, "RATE_LIMITED", 1, 9000],
  ["reset", "NETWORK", 3, "NETWORK", 1, 3000],
  ["stall", "TIMEOUT", 1, "TIMEOUT", 1, TIMEOUT_MS + 1000],
  ["truncate", "DECODE", 1, "DECODE", 1, 2500],
  ["html", "DECODE", 1, "DECODE", 1, 2500],
  ["wrong-content-type", "DECODE", 1, "DECODE", 1, 2500],
  ["wrong-shape", "DECODE", 1, "DECODE", 1, 2500],
  ["deep", "DECODE", 1, "DECODE", 1, 2500],
  ["401", "UNAUTHORIZED", 1, "UNAUTHORIZED", 1, 2500],
  ["cors", "NETWORK", 3, "NETWORK", 1, 3000],
];

test("chaos matrix: GET and POST under every fault", async () => {
  const rows = [];
  const secrets = [];
  for (const [fault, getCode, getAttempts, postCode, postAttempts, boundMs] of MATRIX) {
    await t.reset();
    const addressId = await newAddress();
    for (const [kind, method, path, code, attempts] of [
      ["GET", "GET", `/rel/addresses/${addressId}`, getCode, getAttempts],
      ["POST", "POST", "/rel/geocode", postCode, postAttempts],
    ]) {
      await t.clearLog();
      const r = await t.page.evaluate(async ({ kind, id, fault, path, method, pw, timeoutMs }) => {
        let sent = 0;
        const spy = (url, init) => { if (String(url).includes(path)) sent++; return fetch(url, init); };
        const c = client({ timeoutMs, persistSession: "sessionStorage", storageKey: `chaos-${kind}-${fault}`, fetch: spy });
        const session = await c.signUp({ email: `chaos-${Math.random()}@example.com`, password: pw });
        await fetch(MOCK + "/__mock/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ method, path, fault, times: 0 }) });
        const op = () => kind === "GET" ? c.getAddress(id) : c.geocode({ countryCode: "NL", address: "Damrak 1, Amsterdam" });
        const first = await settle(op());
        const attempts = sent;
        const sessionAfter = c.session;
        await fetch(MOCK + "/__mock/faults", { method: "DELETE" });
        const next = await settle(op());
        return { first, next, attempts, token: session.token, sessionCleared: sessionAfter === undefined, unhandled: [...unhandled] };
      }, { kind, id: addressId, fault, path, method, pw: PASSWORD, timeoutMs: TIMEOUT_MS });
      const log = hits(await t.log(), path, method);
      const seen = log.filter((e) => e.fault === fault).length;
      secrets.push(r.token);
      rows.push({ fault, kind, code: r.first.code, want: code, attempts: r.attempts, seen, wantAttempts: attempts, ms: Math.round(r.first.ms), boundMs, next: r.next.ok, unhandled: r.unhandled.length, message: r.first.message, fieldErrors: r.first.fieldErrors });
      if (fault === "401") assert.ok(r.sessionCleared, `${kind} 401 clears the session`);
    }
  }
  console.log("fault".padEnd(20), "op  ", "code".padEnd(13), "attempts", "mock saw", "ms".padStart(6), "bound", "next call");
  for (const r of rows) console.log(r.fault.padEnd(20), r.kind.padEnd(4), String(r.code).padEnd(13), `${r.attempts}/${r.wantAttempts}`.padEnd(8), String(r.seen).padEnd(8), String(r.ms).padStart(6), String(r.boundMs).padStart(5), r.next ? "ok" : "FAILED");
  for (const r of rows) {
    const label = `${r.fault} ${r.kind}`;
    assert.equal(r.code, r.want, `${label}: ${r.message}`);
    assert.equal(r.attempts, r.wantAttempts, `${label}: attempts`);
    assert.ok(r.seen >= r.wantAttempts && r.seen <= (r.fault === "reset" ? RESENDS[t.engine] : 1) * r.wantAttempts, `${label}: mock saw ${r.seen}`);
    assert.ok(r.ms <= r.boundMs, `${label}: ${r.ms} ms > ${r.boundMs} ms`);
    assert.ok(r.next, `${label}: the next call works`);
    assert.equal(r.unhandled, 0, `${label}: unhandled rejections`);
  }
  // No message, fieldErrors value or console output carries a token or the password.
  const consoleText = await t.page.evaluate(() => consoleText.join("\n"));
  const texts = [...rows.map((r) => r.message + JSON.stringify(r.fieldErrors ?? {})), consoleText];
  for (const text of texts) {
    assert.ok(!text.includes(PASSWORD), "password leaked");
    for (const s of secrets) assert.ok(!text.includes(s) && !text.includes(s.split(".")[1]), "token leaked");
  }
  assert.deepEqual(t.problems, []);
});

test("hostile input: path segments and query values stay encoded", async () => {
  await t.clearLog();
  const r = await t.page.evaluate(async () => {
    const c = client();
    const ids = ["../iam/users", "a/b", "x?y=1", "h#frag", "100%", "é ü 中", "..."];
    const out = [];
    for (const id of ids) out.push(await settle(c.getAddress(id)));
    // "." and ".." cannot be sent safely: URL parsers treat %2E%2E as ".." too.
    const dots = [await settle(c.getAddress("..")), await settle(c.getAddress(".")), await settle(c.getAddress(""))];
    const q = await settle(c.request("GET", "/lcs/methods", { query: { country_code: "N L&x=1#?", channel_id: "é/%" } }));
    return { out, q, dots };
  });
  for (const e of r.out) assert.equal(e.code, "NOT_FOUND", e.message);
  for (const e of r.dots) assert.equal(e.code, "INVALID_INPUT", e.message);
  const paths = (await t.log()).filter((e) => e.rawPath.startsWith("/rel/addresses/")).map((e) => e.rawPath);
  assert.deepEqual(paths, [
    "/rel/addresses/%2E%2E%2Fiam%2Fusers", "/rel/addresses/a%2Fb", "/rel/addresses/x%3Fy%3D1", "/rel/addresses/h%23frag",
    "/rel/addresses/100%25", "/rel/addresses/%C3%A9%20%C3%BC%20%E4%B8%AD", "/rel/addresses/%2E%2E%2E",
  ].map(onWire));
  const q = (await t.log()).find((e) => e.rawPath === "/lcs/methods");
  assert.deepEqual(q.query, { country_code: "N L&x=1#?", channel_id: "é/%" });
});

test("hostile input: 1 MB strings and deeply nested JSON fail cleanly", async () => {
  const addressId = await newAddress();
  await t.fault({ method: "GET", path: `/rel/addresses/${addressId}`, fault: "deep" });
  const r = await t.page.evaluate(async (id) => {
    const c = client({ timeoutMs: 5000 });
    const big = "x".repeat(1 << 20);
    return {
      deep: await settle(c.getAddress(id)),
      bigId: await settle(c.getAddress(big)),
      bigEmail: await settle(c.signIn({ email: big, password: "x" })),
      bigGeocode: await settle(c.geocode({ countryCode: "NL", address: big })),
      bigQuery: await settle(c.request("GET", "/lcs/methods", { query: { q: big } })),
      after: await settle(c.getAddress(id)),
    };
  }, addressId);
  assert.equal(r.deep.code, "DECODE");
  assert.equal(r.bigEmail.code, "INVALID_INPUT", "a 1 MB email without @ is rejected locally");
  for (const k of ["bigId", "bigGeocode", "bigQuery"]) {
    assert.ok(r[k].ok || r[k].isAfosto, `${k} settles with a value or an AfostoError: ${JSON.stringify(r[k]).slice(0, 200)}`);
    assert.ok(r[k].ms < 5000, `${k} took ${r[k].ms} ms`);
  }
  assert.ok(r.after.ok, "client still works");
  assert.deepEqual(await t.page.evaluate(() => unhandled), []);
});

test("hostile input: values whose getters or Proxy traps throw are INVALID_INPUT, and the module survives", async () => {
  const r = await t.page.evaluate(async () => {
    const c = client();
    const trap = () => new Proxy({}, { get() { throw new Error("trap fired"); }, ownKeys() { throw new Error("trap fired"); } });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const codes = new Set();
    // Thousands of times: an exception unwinding through wasm would corrupt it long before.
    for (let i = 0; i < 2000; i++) {
      try { c.validateAddress(trap(), { countryCode: "NL", required: [], allowed: [] }); } catch (e) { codes.add(e.code); }
      try { lib.openingStatus(trap()); } catch (e) { codes.add(e.code); }
    }
    return {
      codes: [...codes],
      create: await settle(c.createAddress(trap())),
      revoked: await settle(c.listServicePoints(revoked)),
      config: (() => {
        try {
          new lib.AfostoClient({ baseUrl: MOCK, get retries() { throw new Error("no"); } });
          return "constructed";
        } catch (e) {
          return e.code;
        }
      })(),
      after: await settle(c.listShippingMethods({ countryCode: "NL" })),
    };
  });
  assert.deepEqual(r.codes, ["INVALID_INPUT"]);
  assert.equal(r.create.code, "INVALID_INPUT");
  assert.equal(r.revoked.code, "INVALID_INPUT");
  assert.equal(r.config, "INVALID_CONFIG");
  assert.ok(r.after.ok, `client still works: ${JSON.stringify(r.after).slice(0, 200)}`);
  assert.deepEqual(await t.page.evaluate(() => unhandled), []);
});

test("the demo page works under CSP script-src 'self' 'wasm-unsafe-eval'", async () => {
  const { setup: s2 } = await import("../support/harness.mjs");
  const csp = await s2({ staticHeaders: { "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src *" } });
  try {
    const page = await csp.context.newPage();
    const violations = [];
    page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    page.on("pageerror", (e) => violations.push(e.message));
    await page.goto(`${csp.web.url}/www/?baseUrl=${encodeURIComponent(csp.mock.url)}`);
    // The demo wires its buttons after `await init()`, which the load event does not wait for.
    await page.waitForFunction(() => window.afostoDemo !== undefined);
    await page.fill("#email", "csp@example.com");
    await page.fill("#password", "csp password");
    await page.click("#sign-up");
    await page.waitForFunction(() => document.querySelector("#session-state").textContent.startsWith("Signed in as"));
    assert.deepEqual(violations, []);
  } finally {
    await csp.close();
  }
});
