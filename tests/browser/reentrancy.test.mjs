// No trap from re-entrancy (issue #17): the wasm core is called back into from
// listeners, storage and an injected fetch while it is working, and nothing may end
// as "recursive use of an object" (a RefCell or wasm-bindgen borrow held across a
// call into JS) or a dead module. Each case ends as documented, and the client (and
// the page's module) keep working after it.
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

/** Every message of `r` (settle results, nested) and the page's own problems hold no borrow error. */
function noTrap(r) {
  const text = JSON.stringify(r);
  assert.ok(!/recursive use|already (mutably )?borrowed|unreachable|RuntimeError/i.test(text), text);
  assert.deepEqual(t.problems, []);
}

test("a listener that signs out while the sign-in is being told", async () => {
  const r = await t.page.evaluate(async () => {
    const c = client();
    await c.signUp({ email: "ree@example.com", password: "pw-not-real-1" });
    await c.signOut();
    const heard = [];
    c.onSessionChange((s) => {
      heard.push(s ? "in" : "out");
      if (s) c.signOut();
    });
    const signin = await settle(c.signIn({ email: "ree@example.com", password: "pw-not-real-1" }));
    await sleep(50);
    const after = await settle(c.identityExists({ email: "ree@example.com" }));
    return { signin: { ok: signin.ok, code: signin.code }, heard, session: c.session === undefined, after, unhandled: [...unhandled] };
  });
  noTrap(r);
  assert.equal(r.signin.ok, true, "the sign-in resolves: it was stored, then signed out by the listener");
  assert.deepEqual(r.heard, ["in", "out"], "each change told once, in order");
  assert.equal(r.session, true);
  assert.equal(r.after.ok, true, "the client keeps working");
  assert.deepEqual(r.unhandled, []);
});

test("free() during a call, and concurrent calls on one client", async () => {
  const r = await t.page.evaluate(async () => {
    const c = client();
    const during = c.identityExists({ email: "a@example.com" });
    c.free();
    const freed = await settle(during);
    const many = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        settle(i % 2 ? c.identityExists({ email: `p${i}@example.com` }) : c.listShippingMethods({ countryCode: "NL" })),
      ),
    );
    return { freed: { ok: freed.ok }, many: many.map((m) => m.ok || m.message), unhandled: [...unhandled] };
  });
  noTrap(r);
  assert.equal(r.freed.ok, true, "a call in flight when free() is called still answers");
  assert.ok(r.many.every((x) => x === true), r.many.join(", "));
  assert.deepEqual(r.unhandled, []);
});

test("JS that throws under the core: storage full, a throwing listener, a fetch that throws synchronously", async () => {
  const r = await t.page.evaluate(async () => {
    localStorage.clear();
    const realSet = Storage.prototype.setItem;
    Storage.prototype.setItem = function () {
      throw new DOMException("quota", "QuotaExceededError");
    };
    let stored, quota, listenerOk;
    try {
      const c = client({ persistSession: "localStorage" });
      const heard = [];
      c.onSessionChange(() => {
        throw new Error("a listener's bug");
      });
      c.onSessionChange((s) => heard.push(Boolean(s)));
      quota = await settle(c.signUp({ email: "full@example.com", password: "pw-not-real-2" }));
      stored = localStorage.getItem("afosto-session");
      listenerOk = heard;
      quota = { ok: quota.ok, inMemory: Boolean(c.session) };
    } finally {
      Storage.prototype.setItem = realSet;
    }
    const throwing = client({
      fetch: () => {
        throw new TypeError("synchronous boom");
      },
      retries: 0,
    });
    const sync = await settle(throwing.identityExists({ email: "a@example.com" }));
    const later = await settle(client().identityExists({ email: "a@example.com" }));
    return { quota, stored, listenerOk, sync: { code: sync.code, message: sync.message }, later: later.ok, unhandled: [...unhandled] };
  });
  noTrap(r);
  assert.deepEqual(r.quota, { ok: true, inMemory: true }, "storage full: the session lives in memory");
  assert.equal(r.stored, null, "and no entry is left behind");
  assert.deepEqual(r.listenerOk, [true], "a throwing listener does not stop the others");
  assert.equal(r.sync.code, "NETWORK");
  assert.match(r.sync.message, /synchronous boom/);
  assert.equal(r.later, true, "the module is alive");
  assert.deepEqual(r.unhandled, []);
});
