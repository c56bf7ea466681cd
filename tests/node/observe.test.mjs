// onRequest / onResponse (issue #19): every HTTP attempt is observed, retries too, with the
// method, the path without its query, the attempt number, the status or the kind of failure
// and the duration; never a token, a header or a body. A throwing listener changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { fakeApi, json, rejection } from "../support/fake-api.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

const SECRET = "tok-not-real-7b3f";

test("each attempt is seen before and after, retries included, without secrets", async () => {
  let calls = 0;
  const { client } = fakeApi(lib, () => (++calls === 1 ? json({ message: "busy" }, 503) : json([])), {
    retries: 1,
    token: SECRET,
  });
  const before = [];
  const after = [];
  client.onRequest(() => {
    throw new Error("a listener's bug");
  });
  client.onRequest((e) => before.push(e));
  client.onResponse((e) => after.push(e));
  await client.listShippingMethods({ countryCode: "NL" });
  assert.deepEqual(before, [
    { method: "GET", path: "/lcs/methods", attempt: 1 },
    { method: "GET", path: "/lcs/methods", attempt: 2 },
  ]);
  assert.deepEqual(after.map((e) => [e.attempt, e.status]), [[1, 503], [2, 200]]);
  assert.ok(after.every((e) => typeof e.durationMs === "number" && e.durationMs >= 0), JSON.stringify(after));
  const seen = JSON.stringify([before, after]);
  assert.ok(!seen.includes(SECRET) && !/country|NL|Bearer/.test(seen), seen);
});

test("a failed attempt is reported by kind; unsubscribing stops the events", async () => {
  const { client } = fakeApi(lib, () => Promise.reject(new TypeError("offline")));
  const after = [];
  const off = client.onResponse((e) => after.push(e.failure));
  await rejection(client.identityExists({ email: "a@example.test" }));
  assert.deepEqual(after, ["network"]);
  off();
  await rejection(client.identityExists({ email: "a@example.test" }));
  assert.deepEqual(after, ["network"]);
  assert.equal((await rejection(Promise.resolve().then(() => client.onRequest(42)))).code, "INVALID_INPUT");
});
