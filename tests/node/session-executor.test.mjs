// AfostoClient's session code (src/js/client.js) is an executor with no
// policy: the session machine (src/lifecycle.rs, behind
// core.call(call.sessionStep)) decides when to extend, which calls extend
// first, the 401 rule, the spent tokens and the jitter, how other tabs and
// same-page clients are followed and what listeners hear. These tests fail
// when the JS decides any of that itself:
// - a static check of client.js: no clock, no token or expiry read or
//   compared, no path prefix, no timer of its own, no random;
// - the packaged client on the real machine, instrumented: every storage
//   write, timer and listener call is one of the machine's effects.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { fakeApi, json } from "../support/fake-api.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

/** client.js without comments, strings and imports. */
function code() {
  return fs
    .readFileSync(path.join(ROOT, "src/js/client.js"), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/.*$/gm, " ")
    .replace(/^import .*$/gm, " ")
    .replace(/`(?:[^`\\]|\\.)*`/g, "``")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

test("client.js reads no clock, no token and no expiry, and has no timer, path rule or random of its own", () => {
  const src = code();
  const forbidden = {
    "reads the clock": /Date\.now|new Date|performance\.now|Date\(/,
    "reads or compares a token": /(?<!\bev)\.token\b|sentToken\s*[=!<>]=|token\s*[=!]==/,
    "reads an expiry or extend time": /expiresAt|extendAt|expires_at/,
    "has a path rule of its own": /startsWith|\/iam\/|\/rel\/identity/,
    "has a random of its own (jitter)": /Math\.random/,
    "calls fetch itself": /\bfetch\s*\(|globalThis\.fetch/,
    "counts sign-outs or keeps spent tokens": /#signOuts|spent/,
  };
  for (const [what, re] of Object.entries(forbidden)) {
    const hit = src.split("\n").find((line) => re.test(line));
    assert.equal(hit, undefined, `client.js ${what}: ${hit?.trim()}`);
  }
  // Timers only for the machine's ms (the effect's `value`).
  const calls = src.split("setTimeout(").length - 1;
  const delays = [...src.matchAll(/setTimeout\([\s\S]*?\n\s*\},\s*([^)]*)\)/g)].map((m) => m[1]);
  assert.deepEqual([calls, delays], [1, ["value"]], "one setTimeout, for the machine's ms");
  // The session effects it branches on are the machine's kinds.
  const cases = [...src.matchAll(/case ([\w.]+):/g)].map((m) => m[1]);
  assert.ok(cases.length >= 10 && cases.every((c) => c.startsWith("fx.")), cases.join(", "));
});

test("the JS shell never calls fetch: the requests go through the core's Rust transport", () => {
  // (src/entry.js fetches the .wasm in init(): loading the module, not a request of the API.)
  for (const name of fs.readdirSync(path.join(ROOT, "src/js")).filter((f) => f.endsWith(".js"))) {
    const text = fs.readFileSync(path.join(ROOT, "src/js", name), "utf8").replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/.*$/gm, " ");
    assert.ok(!/\bfetch\s*\(|globalThis\.fetch|\.fetch\b/.test(text), `src/js/${name} calls fetch`);
  }
  assert.ok(!fs.existsSync(path.join(ROOT, "src/js/transport.js")), "src/js/transport.js is gone");
});

test("every storage write, timer and listener call is one of the machine's effects", async () => {
  const jwt = (p) => ["e30", Buffer.from(JSON.stringify(p)).toString("base64url"), "sig"].join(".");
  const issued = jwt({ iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 });
  const storage = new Map();
  const log = [];
  const store = {
    getItem: (k) => (storage.has(k) ? storage.get(k) : null),
    setItem: (k, v) => (log.push(["store", k]), storage.set(k, String(v))),
    removeItem: (k) => (log.push(["remove", k]), storage.delete(k)),
  };
  const realSetTimeout = globalThis.setTimeout;
  const timers = [];
  globalThis.localStorage = store;
  globalThis.setTimeout = (f, ms, ...rest) => (timers.push(ms), realSetTimeout(f, ms, ...rest));
  try {
    const { client } = fakeApi(lib, () => json({ token: issued, expires_at: new Date(Date.now() + 3600e3).toISOString() }), {
      persistSession: "localStorage",
    });
    const heard = [];
    client.onSessionChange((s) => heard.push(s?.token));
    const s = await client.signIn({ email: "a@example.test", password: "pw-not-real" });
    assert.deepEqual(log, [["store", "afosto-session"]], "one write, made by the machine's store effect");
    assert.deepEqual(heard, [s.token]);
    assert.ok(timers.length >= 1 && timers.every((ms) => ms >= 0 && ms <= 15000), `timers ${timers}`);
    // The same session object each time (the machine's adopt), frozen.
    assert.equal(client.session, client.session);
    assert.ok(Object.isFrozen(client.session));
    await client.signOut();
    assert.deepEqual(log.at(-1), ["remove", "afosto-session"]);
    assert.deepEqual(heard, [s.token, undefined]);
    client.free();
  } finally {
    globalThis.setTimeout = realSetTimeout;
    delete globalThis.localStorage;
  }
});
