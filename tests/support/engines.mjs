// Firefox and WebKit for the browser tests, behind the small part of
// Playwright's page API the tests use (Chromium keeps Playwright itself):
//   evaluate(fn, arg)             fn's source runs in the page; arg and result are
//                                 serialised as Playwright does (undefined, NaN, -0,
//                                 Date, Error, nested objects and arrays survive)
//   waitForFunction(fn, arg)      polls fn in the page until it returns a truthy value
//   goto, fill, click, waitForSelector, textContent, close
//   on("pageerror" | "console")   from tests/support/probe.js, which the test server
//                                 puts first into every HTML page for these engines
// Firefox ESR: puppeteer-core over WebDriver BiDi (no geckodriver). WebKit:
// WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver classic) under
// xvfb-run, with the few HTTP commands below as the client. Both are Debian's
// builds (scripts/bootstrap.sh); nothing is downloaded.
import { spawn } from "node:child_process";
import net from "node:net";

export const ENGINES = ["chromium", "firefox", "webkit"];
const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || "/usr/bin/WebKitWebDriver";
const MINIBROWSER = process.env.MINIBROWSER || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
/** Playwright's default for waitForFunction / waitForSelector. */
const WAIT_MS = 30000;

/** `<script>` the test server adds to HTML pages for Firefox and WebKit. */
export const PROBE_TAG = '<script src="/tests/support/probe.js"></script>';

// --- values across the boundary (the same code runs in Node and, inlined as source, in the page) ---

/** A value as JSON-safe data: arrays `{a}`, objects `{o}`, and tags for what JSON loses. */
function enc(v, seen = new Set()) {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? v : { n: Object.is(v, -0) ? "-0" : String(v) };
  if (typeof v === "bigint") return { b: String(v) };
  if (typeof v !== "object") return { u: 1 }; // undefined, functions, symbols: undefined (as Playwright)
  if (v instanceof Date) return { d: v.getTime() };
  if (v instanceof RegExp) return { r: [v.source, v.flags] };
  if (v instanceof Error) return { e: [v.name, v.message, String(v.stack)] };
  if (seen.has(v)) throw new TypeError("cannot serialise a circular value");
  seen.add(v);
  try {
    if (Array.isArray(v)) return { a: Array.from(v, (x) => enc(x, seen)) };
    const o = {};
    for (const k of Object.keys(v)) o[k] = enc(v[k], seen);
    return { o };
  } finally {
    seen.delete(v);
  }
}

/** The inverse of `enc`. */
function dec(x) {
  if (x === null || typeof x !== "object") return x;
  if (x.a) return x.a.map(dec);
  if (x.o) {
    const o = {};
    for (const k of Object.keys(x.o)) Object.defineProperty(o, k, { value: dec(x.o[k]), enumerable: true, writable: true, configurable: true });
    return o;
  }
  if (x.n !== undefined) return Number(x.n);
  if (x.b !== undefined) return BigInt(x.b);
  if (x.d !== undefined) return new Date(x.d);
  if (x.r) return new RegExp(x.r[0], x.r[1]);
  if (x.e) return Object.assign(new Error(x.e[1]), { name: x.e[0], stack: x.e[2] });
  return undefined;
}

/**
 * Runs in the page: call `fn(arg)` (or await `fn` when it is not a function,
 * like Playwright's string expressions) and answer JSON text:
 * `{ok, v | m}` plus `p`, what the probe saw since the last command.
 * With `wait`, polls until the answer is truthy or `wait` ms have passed.
 */
async function run(fn, argText, wait) {
  const enc = ENC, dec = DEC; // replaced by the functions' source
  const out = {};
  try {
    const arg = dec(JSON.parse(argText));
    const call = () => (typeof fn === "function" ? fn(arg) : fn);
    let v = await call();
    if (wait) {
      const end = Date.now() + wait;
      while (!v) {
        if (Date.now() > end) throw new Error(`waitForFunction: timeout ${wait} ms exceeded`);
        await new Promise((r) => setTimeout(r, 25));
        v = await call();
      }
    }
    out.v = enc(v);
    out.ok = true;
  } catch (e) {
    out.m = String((e && e.stack) || e);
    if (e && e.message && !out.m.includes(e.message)) out.m = `${e.name}: ${e.message}\n${out.m}`;
  }
  if (window.__probe) out.p = window.__probe.take();
  return JSON.stringify(out);
}
const RUN = run.toString().replace("ENC", () => `(${enc})`).replace("DEC", () => `(${dec})`);

/** The page-side expression that runs `fn` with `arg` and answers JSON text. */
function script(fn, arg, wait) {
  const src = typeof fn === "function" ? fn.toString() : String(fn);
  return `(${RUN})((${src}\n), ${JSON.stringify(JSON.stringify(enc(arg)))}, ${wait || 0})`;
}

// --- the page adapter ---

/** One tab. `backend` runs page-side scripts and native clicks for one engine. */
class EnginePage {
  #backend;
  #listeners = { pageerror: [], console: [] };
  constructor(backend) {
    this.#backend = backend;
  }

  on(event, fn) {
    (this.#listeners[event] ??= []).push(fn);
    return this;
  }

  /** Hand what the probe queued to the listeners (as Playwright's events would have). */
  #emit(events = []) {
    for (const e of events) {
      if (e.kind === "pageerror") {
        const err = new Error(e.text);
        for (const fn of this.#listeners.pageerror) fn(err);
      } else {
        const msg = { type: () => e.type, text: () => e.text };
        for (const fn of this.#listeners.console) fn(msg);
      }
    }
  }

  async #run(fn, arg, wait) {
    const answer = JSON.parse(await this.#backend.script(script(fn, arg, wait)));
    this.#emit(answer.p);
    if (!answer.ok) throw new Error(`page.${wait ? "waitForFunction" : "evaluate"}: ${answer.m}`);
    return dec(answer.v);
  }

  evaluate(fn, arg) {
    return this.#run(fn, arg, 0);
  }

  async waitForFunction(fn, arg, { timeout = WAIT_MS } = {}) {
    await this.#run(fn, arg, timeout);
  }

  async goto(url) {
    await this.#backend.goto(url);
    await this.evaluate(() => 0); // drain what the probe saw while loading
  }

  /** Wait until `selector` matches a visible element (Playwright's default state). */
  waitForSelector(selector, { timeout = WAIT_MS } = {}) {
    return this.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    }, selector, { timeout });
  }

  async textContent(selector) {
    await this.waitForFunction((sel) => !!document.querySelector(sel), selector);
    return this.evaluate((sel) => document.querySelector(sel).textContent, selector);
  }

  /** Playwright's fill: focus, replace the value, one `input` event. */
  async fill(selector, value) {
    await this.waitForSelector(selector);
    await this.evaluate(([sel, v]) => {
      const el = document.querySelector(sel);
      el.focus();
      el.value = v;
      el.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertText", data: v }));
    }, [selector, value]);
  }

  /** A real (driver) click on the visible element. */
  async click(selector) {
    await this.waitForSelector(selector);
    await this.#backend.click(selector);
    await this.evaluate(() => 0);
  }

  close() {
    return this.#backend.close();
  }
}

// --- Firefox: puppeteer-core over WebDriver BiDi ---

async function launchFirefox() {
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox", executablePath: FIREFOX, headless: true, protocol: "webDriverBiDi",
    // No updates, telemetry or other traffic beyond 127.0.0.1.
    extraPrefsFirefox: { "network.proxy.allow_hijacking_localhost": false, "app.update.enabled": false, "datareporting.policy.dataSubmissionEnabled": false },
  });
  let first = (await browser.pages())[0];
  const newPage = async () => {
    const page = first || (await browser.newPage());
    first = null;
    return new EnginePage({
      script: (expr) => page.evaluate(expr),
      goto: (url) => page.goto(url),
      click: (sel) => page.click(sel),
      close: () => page.close(),
    });
  };
  return { newPage, close: () => browser.close() };
}

// --- WebKit: WebKitWebDriver (WebDriver classic) ---

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function launchWebKit() {
  const port = await freePort();
  // xvfb-run: MiniBrowser has no headless mode. The driver prints its own pid (exec keeps it):
  // ending the driver lets xvfb-run stop Xvfb and remove its temporary files itself. Its own
  // process group, so whatever is left can be ended at once.
  const xvfb = spawn("xvfb-run", ["-a", "sh", "-c", 'echo "$$"; exec "$0" "$@"', WEBKIT_DRIVER, `--port=${port}`], {
    detached: true, stdio: ["ignore", "pipe", "pipe"],
  });
  let driverPid = 0;
  let driverErr = "";
  xvfb.stdout.once("data", (d) => (driverPid = Number.parseInt(String(d), 10) || 0));
  xvfb.stdout.resume();
  xvfb.stderr.on("data", (d) => (driverErr = (driverErr + d).slice(-2000)));
  const exited = new Promise((resolve) => xvfb.once("exit", resolve));
  const signal = (pid, sig = "SIGTERM") => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  const kill = () => signal(-xvfb.pid);
  process.once("exit", kill);
  /** End the driver, give xvfb-run a moment to clean up, then end anything left in the group. */
  const stop = async () => {
    if (driverPid) signal(driverPid);
    else kill();
    let timer;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    kill();
    process.off("exit", kill);
  };
  const base = `http://127.0.0.1:${port}`;
  const http = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${j.value && (j.value.message || j.value.error)}`);
    return j.value;
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await http("GET", "/status")).ready) break;
      } catch (e) {
        if (i > 150 || xvfb.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${e.message} ${driverErr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const session = await http("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          // No browserName (the match fails) and no --headless (MiniBrowser has none).
          "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
          timeouts: { script: 600000, pageLoad: 60000, implicit: 0 },
        },
      },
    });
    const sid = `/session/${session.sessionId}`;
    // One command at a time, each in its tab (WebDriver classic has one current window).
    let queue = Promise.resolve();
    let current = await http("GET", `${sid}/window`);
    let first = current;
    const inTab = (handle, fn) => {
      const step = queue.then(async () => {
        if (current !== handle) {
          await http("POST", `${sid}/window`, { handle });
          current = handle;
        }
        return fn();
      });
      queue = step.catch(() => {});
      return step;
    };
    const newPage = async () => {
      let handle = first;
      first = null;
      if (!handle) handle = (await (queue = queue.then(() => http("POST", `${sid}/window/new`, { type: "tab" })))).handle;
      return new EnginePage({
        script: (expr) =>
          inTab(handle, () =>
            http("POST", `${sid}/execute/async`, {
              script: `const done = arguments[arguments.length - 1]; ${expr}.then(done, (e) => done(JSON.stringify({ m: String(e) })));`,
              args: [],
            })),
        goto: (url) => inTab(handle, () => http("POST", `${sid}/url`, { url })),
        click: (selector) =>
          inTab(handle, async () => {
            const el = await http("POST", `${sid}/element`, { using: "css selector", value: selector });
            const id = el[Object.keys(el)[0]];
            await http("POST", `${sid}/element/${id}/click`, {});
          }),
        close: () =>
          inTab(handle, async () => {
            await http("DELETE", `${sid}/window`);
            current = null;
          }),
      });
    };
    return {
      newPage,
      async close() {
        await queue;
        await http("DELETE", sid).catch(() => {});
        await stop();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Launch `engine` ("firefox" | "webkit"): `{newPage() -> EnginePage, close()}`. */
export function launchEngine(engine) {
  if (engine === "firefox") return launchFirefox();
  if (engine === "webkit") return launchWebKit();
  throw new Error(`unknown engine ${engine} (one of ${ENGINES.join(", ")})`);
}
