// Test page: loads the built package and exposes helpers to page.evaluate().
const params = new URLSearchParams(location.search);
/** Unhandled promise rejections seen by the page (must stay empty). */
window.unhandled = [];
window.addEventListener("unhandledrejection", (e) => window.unhandled.push(String(e.reason && e.reason.message || e.reason)));
/** Everything written to the console (checked for secrets). */
window.consoleText = [];
for (const level of ["log", "info", "warn", "error", "debug"]) {
  const orig = console[level].bind(console);
  console[level] = (...args) => { window.consoleText.push(args.map(String).join(" ")); orig(...args); };
}
window.MOCK = params.get("mock");
try {
  const lib = await import("/pkg/afosto_checkout.js");
  await lib.default();
  window.lib = lib;
  /** A client on the mock; extra config merged in. */
  window.client = (cfg = {}) => new lib.AfostoClient({ baseUrl: window.MOCK, ...cfg });
  /** Await a promise and describe how it settled (errors as plain data). */
  window.settle = async (p) => {
    const t0 = performance.now();
    try {
      const value = await p;
      return { ok: true, value, ms: performance.now() - t0 };
    } catch (e) {
      return {
        ok: false, ms: performance.now() - t0, name: e && e.name, code: e && e.code, message: e && e.message,
        status: e && e.status, method: e && e.method, path: e && e.path, reference: e && e.reference,
        fieldErrors: e && e.fieldErrors, retryAfterMs: e && e.retryAfterMs, retryable: e && e.retryable,
        isAfosto: lib.isAfostoError(e), isError: e instanceof Error, hasStack: typeof (e && e.stack) === "string",
      };
    }
  };
  window.sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  window.ready = true;
} catch (e) {
  window.loadError = e;
}
