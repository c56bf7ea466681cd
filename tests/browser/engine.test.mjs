// The page API the other browser tests rely on behaves the same in each engine
// (Playwright in Chromium, tests/support/engines.mjs in Firefox and WebKit):
// values cross as Playwright passes them, and page errors, console errors and
// CSP violations do reach the checks, so "no problems" is never vacuous.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });

/** Poll until `ok()` holds (events may arrive after the command that caused them). */
async function until(page, ok) {
  for (let i = 0; i < 100 && !ok(); i++) {
    await page.evaluate(() => new Promise((r) => setTimeout(r, 20)));
  }
  assert.ok(ok(), "in time");
}

test("evaluate: arguments and results keep undefined, NaN, -0, dates and nesting", async () => {
  const arg = { list: [1, "two", null, undefined, { deep: [true] }], gone: undefined, text: "é 中 \u0000 \"q\"", n: -1.5 };
  const r = await t.page.evaluate((a) => ({
    a, u: undefined, nan: NaN, negZero: -0, inf: -Infinity, date: new Date(86400000), big: 2 ** 53, s: "x".repeat(100000),
    fn: () => 1, nested: { empty: {}, arr: [[], [undefined]] },
  }), arg);
  assert.deepEqual(r.a, arg);
  assert.ok("gone" in r.a && "u" in r, "undefined properties stay present");
  assert.equal(r.u, undefined);
  assert.ok(Number.isNaN(r.nan));
  assert.ok(Object.is(r.negZero, -0));
  assert.equal(r.inf, -Infinity);
  assert.ok(r.date instanceof Date && r.date.getTime() === 86400000);
  assert.equal(r.big, 2 ** 53);
  assert.equal(r.s.length, 100000);
  assert.equal(r.fn, undefined);
  assert.deepEqual(r.nested, { empty: {}, arr: [[], [undefined]] });
  assert.equal(await t.page.evaluate(() => undefined), undefined);
  assert.equal(await t.page.evaluate(async (x) => x * 2, 21), 42);
  await assert.rejects(t.page.evaluate(() => { throw new Error("thrown in the page"); }), /thrown in the page/);
});

test("waitForFunction waits for a truthy value; a second tab shares storage and hears its events", async () => {
  const other = await t.newPage();
  try {
    await other.evaluate(() => {
      window.heard = [];
      addEventListener("storage", (e) => heard.push(e.key));
      // WebKit sends storage events only to documents that have used their localStorage
      // (as the package's clients do when they read a stored session).
      localStorage.getItem("engine-test");
      setTimeout(() => (window.later = true), 200);
    });
    await other.waitForFunction(() => window.later === true);
    await t.page.evaluate(() => localStorage.setItem("engine-test", "1"));
    await other.waitForFunction((key) => heard.includes(key), "engine-test");
    assert.equal(await other.evaluate(() => localStorage.getItem("engine-test")), "1");
  } finally {
    await other.close();
  }
  await t.page.evaluate(() => localStorage.removeItem("engine-test"));
});

test("page errors, unhandled rejections and console.error reach t.problems", async () => {
  const before = t.problems.length;
  await t.page.evaluate(() => {
    setTimeout(() => { throw new Error("engine-test uncaught"); });
    Promise.reject(new Error("engine-test rejected"));
    console.error("engine-test console");
  });
  const mine = () => t.problems.slice(before).filter((p) => p.includes("engine-test"));
  await until(t.page, () => mine().length >= 3);
  const seen = mine();
  assert.ok(seen.some((p) => /^pageerror: .*engine-test uncaught/.test(p)), JSON.stringify(seen));
  assert.ok(seen.some((p) => /^pageerror: .*engine-test rejected/.test(p)), JSON.stringify(seen));
  assert.ok(seen.includes("console.error: engine-test console"), JSON.stringify(seen));
  // These were caused on purpose: take them out again.
  t.problems.splice(before);
  await t.page.evaluate(() => unhandled.splice(0));
});

test("a CSP violation is reported as a console message naming the Content Security Policy", async () => {
  const csp = await setup({ staticHeaders: { "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src *" } });
  try {
    const page = await csp.context.newPage();
    const messages = [];
    page.on("console", (m) => messages.push(m.text()));
    await page.goto(`${csp.web.url}/tests/browser/page.html?mock=${encodeURIComponent(csp.mock.url)}`);
    // An inline script is refused under script-src 'self', whoever inserts it.
    const ran = await page.evaluate(() => {
      document.head.append(Object.assign(document.createElement("script"), { textContent: "window.inlineRan = true" }));
      return window.inlineRan === true;
    });
    assert.equal(ran, false);
    await until(page, () => messages.some((m) => /Content Security Policy/i.test(m)));
  } finally {
    await csp.close();
  }
});
