// What an engine may lack has a fallback in the package, checked in every engine:
// WebKit (Safari) has no Symbol.dispose; Safari before 17.4 has no AbortSignal.any
// and before 16 no AbortSignal.timeout (the transport then links the signals itself).
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

test("dispose: the method is under Symbol.dispose, or Symbol.for(\"Symbol.dispose\") where the engine has none", async () => {
  const r = await t.page.evaluate(async () => {
    const native = typeof Symbol.dispose === "symbol";
    const key = native ? Symbol.dispose : Symbol.for("Symbol.dispose");
    const c = client();
    const s = await c.startAddressSearch("NL");
    const inFlight = settle(s.search("Damrak"));
    s[key]();
    const stopped = await inFlight;
    c[key]();
    const again = await settle(c.startAddressSearch("NL"));
    return {
      native, stopped, again,
      methods: [typeof lib.AfostoClient.prototype[key], typeof lib.AddressSearch.prototype[key]],
      stray: ["undefined" in lib.AfostoClient.prototype, "undefined" in lib.AddressSearch.prototype],
    };
  });
  console.log(`Symbol.dispose in this engine: ${r.native ? "native" : "missing (Symbol.for fallback)"}`);
  assert.deepEqual(r.methods, ["function", "function"]);
  assert.deepEqual(r.stray, [false, false], "no method named \"undefined\"");
  assert.equal(r.stopped.code, "ABORTED", "disposing a search stops the search in flight");
  assert.ok(r.again.ok, "a disposed client stays usable");
  assert.deepEqual(t.problems, []);
});

test("without AbortSignal.any and AbortSignal.timeout: TIMEOUT and ABORTED as with them", async () => {
  await t.fault({ method: "POST", path: "/rel/identity/exists", fault: "stall", times: 0 });
  const page = await t.newPage();
  try {
    const r = await page.evaluate(async () => {
      delete AbortSignal.any;
      delete AbortSignal.timeout;
      const c = client({ timeoutMs: 400 });
      const timedOut = await settle(c.identityExists({ email: "a@b.nl" }));
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 100);
      const aborted = await settle(c.identityExists({ email: "a@b.nl" }, { signal: ctl.signal, timeoutMs: 5000 }));
      await fetch(MOCK + "/__mock/faults", { method: "DELETE" });
      const next = await settle(c.identityExists({ email: "a@b.nl" }, { signal: new AbortController().signal }));
      return { gone: [typeof AbortSignal.any, typeof AbortSignal.timeout], timedOut, aborted, next, unhandled: [...unhandled] };
    });
    assert.deepEqual(r.gone, ["undefined", "undefined"]);
    assert.equal(r.timedOut.code, "TIMEOUT", r.timedOut.message);
    assert.ok(r.timedOut.ms >= 350 && r.timedOut.ms < 1400, `timed out after ${r.timedOut.ms} ms`);
    assert.equal(r.aborted.code, "ABORTED", r.aborted.message);
    assert.ok(r.aborted.ms < 1000, `aborted after ${r.aborted.ms} ms`);
    assert.deepEqual([r.next.ok, r.next.value], [true, false]);
    assert.deepEqual(r.unhandled, []);
  } finally {
    await page.close();
  }
  assert.deepEqual(t.problems, []);
});
