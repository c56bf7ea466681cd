// Shared set-up for the browser tests: the mock API and a static server on
// loopback, headless Debian Chromium driven by playwright-core, and helpers
// to read the mock's request log and queue faults.
import { chromium } from "playwright-core";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/server.mjs";
import { startStatic } from "../../scripts/serve.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launch Debian's Chromium (never a downloaded browser). */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A mock + static server + browser page with the package loaded as `window.lib`. */
export async function setup({ staticHeaders } = {}) {
  const mock = await startMock({ port: 0 });
  const web = await startStatic({ port: 0, root: ROOT, headers: staticHeaders });
  const browser = await launchChromium();
  const context = await browser.newContext();
  const problems = [];
  const newPage = async () => {
    const page = await context.newPage();
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
    mock, web, browser, context, page, newPage, problems, ...control,
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

/** Entries of the log whose raw path equals `p` (and method, when given). */
export function hits(log, p, method) {
  return log.filter((e) => e.rawPath === p && (!method || e.method === method));
}
