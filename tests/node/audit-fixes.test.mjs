// Regressions from the black-box audit of issue #17's Rust transport and session machine:
// a Retry-After of 0 (or a date already past) is a retry now, not a wait that never ends; an
// extend answer that does not extend (the same token back, a JWT without `iat`; or a new
// token with the same expiry) is not asked again and again; a fetch that quotes the request
// body in its error never puts the password into the NETWORK message.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { fakeApi, json, rejection } from "../support/fake-api.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

const nowS = () => Math.floor(Date.now() / 1000);
/** A JWT without `iat`: the client times it from when it arrives. */
const jwt = (payload) => ["e30", Buffer.from(JSON.stringify(payload)).toString("base64url"), "sig"].join(".");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const retryAfter of ["0", "00", new Date(Date.now() - 60_000).toUTCString()]) {
  test(`a 503 with Retry-After: ${retryAfter} is retried at once and resolves`, async () => {
    let n = 0;
    const { client } = fakeApi(lib, () =>
      ++n === 1 ? new Response("{}", { status: 503, headers: { "retry-after": retryAfter, "content-type": "application/json" } }) : json([]),
    { retries: 2 });
    const t0 = Date.now();
    const methods = await Promise.race([client.listShippingMethods({ countryCode: "NL" }), sleep(3000).then(() => "hung")]);
    assert.deepEqual(methods, []);
    assert.equal(n, 2);
    assert.ok(Date.now() - t0 < 1000);
  });
}

for (const [what, next] of [
  ["the same token back", (old) => old],
  ["a new token with the same expiry", (old) => jwt({ ...JSON.parse(Buffer.from(old.split(".")[1], "base64url")), n: Math.random() })],
]) {
  test(`an extend answer with ${what} is not repeated (no request storm)`, async () => {
    const exp = nowS() + 5;
    const first = jwt({ exp });
    let extends_ = 0;
    let current = first;
    const { client } = fakeApi(lib, (method, p) => {
      if (p === "/iam/jwt/extend") {
        extends_++;
        current = next(current);
        return json({ access_token: current, expires_in: Math.max(1, exp - nowS()) });
      }
      return json([]);
    }, { token: first });
    let told = 0;
    client.onSessionChange(() => told++);
    await sleep(3600);
    client.free();
    assert.ok(extends_ <= 1, `${extends_} extends`);
    assert.ok(told <= 1, `${told} session changes`);
  });
}

test("a fetch whose error quotes the request body: the password stays out of the NETWORK error", async () => {
  const password = "pw-not-real-Hunter2";
  const { client } = fakeApi(lib, (method, p, body, init) => {
    throw new TypeError(`fetch failed: body=${init.body}`);
  });
  const e = await rejection(client.signIn({ email: "a@example.test", password }));
  assert.equal(e.code, "NETWORK");
  for (const text of [e.message, e.stack, JSON.stringify(e)]) assert.ok(!String(text).includes(password), text);
  assert.match(e.message, /\[redacted\]/);
});
