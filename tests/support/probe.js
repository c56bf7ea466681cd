// Loaded first by every HTML page the test server serves to Firefox and WebKit
// (tests/support/engines.mjs): records what Playwright reports as "pageerror"
// and "console" events in Chromium, so the same checks run in engines driven
// without such events (WebDriver classic has none). The engine adapter drains
// the queue after each command. A classic same-origin script, so it runs
// before the page's module scripts and passes a CSP of script-src 'self'.
(() => {
  if (window.__probe) return;
  const queue = [];
  const text = (x) => {
    try {
      return x instanceof Error ? x.message : String(x);
    } catch {
      return "(unprintable)";
    }
  };
  // Console levels under Playwright's type names.
  for (const [level, type] of [["log", "log"], ["info", "info"], ["warn", "warning"], ["error", "error"], ["debug", "debug"]]) {
    const orig = console[level];
    console[level] = function (...args) {
      queue.push({ kind: "console", type, text: args.map(text).join(" ") });
      return orig.apply(this, args);
    };
  }
  // Uncaught exceptions and unhandled rejections (Playwright's "pageerror").
  addEventListener("error", (e) => queue.push({ kind: "pageerror", text: e.error ? text(e.error) : String(e.message) }));
  addEventListener("unhandledrejection", (e) => queue.push({ kind: "pageerror", text: text(e.reason) }));
  // Chromium logs a console error for each CSP violation; this is the engine-neutral event.
  document.addEventListener("securitypolicyviolation", (e) =>
    queue.push({
      kind: "console",
      type: "error",
      text: `Content Security Policy: refused ${e.blockedURI || "inline"} (${e.effectiveDirective || e.violatedDirective})`,
    }));
  window.__probe = { take: () => queue.splice(0) };
})();
