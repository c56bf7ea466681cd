// Shared set-up for the browser tests: the mock API and a static server on
// loopback, a browser page, and helpers to read the mock's request log and
// queue faults. The engine is TEST_ENGINE: chromium (default; headless Debian
// Chromium driven by playwright-core), firefox or webkit (tests/support/engines.mjs,
// the same page API). scripts/test-browsers.sh runs tests/browser/ in all three.
import { chromium } from "playwright-core";
import { test as nodeTest } from "node:test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/server.mjs";
import { startStatic } from "../../scripts/serve.mjs";
import { ENGINES, PROBE_TAG, launchEngine } from "./engines.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** The engine of this run, from TEST_ENGINE. */
export const ENGINE = (process.env.TEST_ENGINE || "chromium").toLowerCase();
if (!ENGINES.includes(ENGINE)) throw new Error(`TEST_ENGINE=${ENGINE}: expected one of ${ENGINES.join(", ")}`);

/** node:test's `test`, with the engine in front of the name ("[firefox] ..."). */
export function test(name, ...rest) {
  return nodeTest(`[${ENGINE}] ${name}`, ...rest);
}

/** Launch Debian's Chromium (never a downloaded browser). */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A mock + static server + browser page with the package loaded as `window.lib`. */
export async function setup({ staticHeaders } = {}) {
  const mock = await startMock({ port: 0 });
  // Firefox and WebKit: the test server puts tests/support/probe.js first into each
  // HTML page, to report page errors and console output (see engines.mjs).
  const htmlPrelude = ENGINE === "chromium" ? "" : PROBE_TAG;
  const web = await startStatic({ port: 0, root: ROOT, headers: staticHeaders, htmlPrelude });
  let browser, context, open;
  if (ENGINE === "chromium") {
    browser = await launchChromium();
    context = await browser.newContext();
    open = () => context.newPage();
  } else {
    // One browser, one profile: tabs share storage, as pages of one Playwright context.
    browser = await launchEngine(ENGINE);
    context = { newPage: () => browser.newPage() };
    open = context.newPage;
  }
  const problems = [];
  const newPage = async () => {
    const page = await open();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    // The browser's own network log lines (failed loads, CORS refusals in the chaos tests) are not page errors.
    const networkNoise = (text) => text.startsWith("Failed to load resource") || text.includes("has been blocked by CORS policy");
    page.on("console", (m) => { if (m.type() === "error" && !networkNoise(m.text())) problems.push(`console.error: ${m.text()}`); });
    await page.goto(`${web.url}/tests/browser/page.html?mock=${encodeURIComponent(mock.url)}`);
    await page.waitForFunction(() => window.ready === true || window.loadError);
    const loadError = await page.evaluate(() => window.loadError && String(window.loadError));
    if (loadError) throw new Error(`package failed to load: ${loadError}`);
    return page;
  };
  const page = await newPage();
  const control = mockControl(mock.url);
  return {
    engine: ENGINE, mock, web, browser, context, page, newPage, problems, ...control,
    async close() { await browser.close(); await web.close(); await mock.close(); },
  };
}

/** Helpers for the mock's /__mock control API. */
export function mockControl(base) {
  const call = async (method, p, body) => {
    const r = await fetch(base + p, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const text = await r.text();
    return text ? JSON.parse(text) : undefined;
  };
  return {
    reset: () => call("POST", "/__mock/reset"),
    log: (filter = "") => call("GET", "/__mock/log" + filter),
    clearLog: () => call("DELETE", "/__mock/log"),
    fault: (f) => call("POST", "/__mock/faults", f),
    config: (c) => call("POST", "/__mock/config", c),
    outbox: (email) => call("GET", "/__mock/outbox?email=" + encodeURIComponent(email)),
    revokeAll: () => call("POST", "/__mock/revoke-all"),
    expireSearch: () => call("POST", "/__mock/search/expire"),
  };
}

/**
 * `p` as this engine puts it on the wire. WebKitGTK's HTTP stack (libsoup) normalises
 * percent-encoded unreserved characters (RFC 3986 6.2.2.2: %2E -> ".", %41 -> "A"), though the
 * page's URL keeps them; Chromium and Firefox send the URL as the package built it. The
 * difference is harmless (a "..%2Fx" segment is no dot segment), but exact raw paths differ.
 */
export function onWire(p) {
  if (ENGINE !== "webkit") return p;
  return p.replace(/%(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|3[0-9]|2D|2E|5F|7E)/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Entries of the log whose raw path equals `p` (and method, when given). */
export function hits(log, p, method) {
  return log.filter((e) => e.rawPath === p && (!method || e.method === method));
}
