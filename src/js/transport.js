// @ts-check
import { call } from "../../build/generated/operations.js";

// The transport: one HTTP attempt at a time with `fetch` (the caller's
// AbortSignal and a per-attempt timeout), and the retry loop around it.
// What to retry and how long to wait is decided by the wasm core
// (`core.call(RETRY_DELAY, …)`); errors are made there too.

/** Read a response: `{status, contentType, retryAfter, text, json?, hasJson?}`. */
async function read(res) {
  const h = res.headers;
  const status = res.status;
  const r = {
    status,
    contentType: h ? h.get("content-type") : null,
    retryAfter: h ? h.get("retry-after") : null,
  };
  // Success bodies are parsed here by the engine, so they are never copied
  // into wasm memory and back; Rust still checks the content type and the
  // shape. `Response.json()` when the body is JSON and known to be non-empty
  // (as a storefront would call it); otherwise text first, so an empty body
  // reads as none and a non-JSON one as DECODE.
  const ok = status >= 200 && status < 300;
  if (ok && h && +h.get("content-length") > 0 && /json/i.test(r.contentType) && typeof res.json === "function") {
    try {
      r.json = await res.json();
      r.hasJson = true;
      r.text = "";
    } catch (e) {
      if (!e || /** @type {any} */ (e).name !== "SyntaxError") throw e; // network or abort while reading
      r.text = "(not JSON)"; // Rust reports DECODE
    }
    return r;
  }
  let text = await res.text();
  if (ok && text.trim()) {
    try {
      r.json = JSON.parse(text);
      r.hasJson = true;
      text = "";
    } catch (_) {
      // not JSON: Rust reports DECODE from the text
    }
  }
  r.text = text;
  return r;
}

/** Send one attempt. Resolves a response from `read`, or `{failure: "aborted"|"timeout"|"network", message}`. Never rejects. */
export function sendOnce(fetchFn, url, init, signal, timeoutMs) {
  if (signal && signal.aborted) return Promise.resolve({ failure: "aborted" });
  const S = globalThis.AbortSignal;
  // The engine's own fetch honours its signal: the timeout and the caller's
  // signal are native signals, with no timer or race of our own (measured:
  // that costs 2-4% of a loopback call).
  // (Only a real AbortSignal can be combined; a look-alike takes the path below.)
  if (!fetchFn && S && (timeoutMs <= 0 || S.timeout) && (!signal || (signal instanceof S && (timeoutMs <= 0 || S.any)))) {
    const timeout = timeoutMs > 0 ? S.timeout(timeoutMs) : null;
    init.signal = timeout && signal ? S.any([signal, timeout]) : timeout || signal || undefined;
    return globalThis
      .fetch(url, init)
      .then(read)
      .catch((e) =>
        signal && signal.aborted
          ? { failure: "aborted" }
          : timeout && timeout.aborted
            ? { failure: "timeout" }
            : { failure: "network", message: String((e && e.message) || e) },
      );
  }
  // An injected fetch may ignore its signal: link the caller's signal and a
  // timer to one AbortController, and race the attempt against them.
  const ctrl = new AbortController();
  let why = "";
  let stop;
  const stopped = new Promise((resolve) => (stop = resolve));
  const abort = (reason) => {
    if (!why) why = reason;
    ctrl.abort();
    stop();
  };
  const onAbort = () => abort("aborted");
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  const timer = timeoutMs > 0 ? setTimeout(() => abort("timeout"), timeoutMs) : 0;
  init.signal = ctrl.signal;
  const attempt = (async () => read(await (fetchFn || globalThis.fetch)(url, init)))();
  return Promise.race([attempt, stopped.then(() => ({}))])
    .then(
      (r) => (why ? { failure: why } : r),
      (e) => (why ? { failure: why } : { failure: "network", message: String((e && e.message) || e) }),
    )
    .finally(() => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
      attempt.catch(() => {});
    });
}

/** Wait `ms`; resolves true, or false as soon as `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    const t = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Wait for `p`, but no longer than `timeoutMs` (0: no limit) and only until
 * `signal` aborts. Resolves `[true, value]`, or `[false, "timeout" | "aborted"]`
 * when the wait was cut short; rejects when `p` does. `p` runs on either way.
 */
export function within(p, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return resolve([false, "aborted"]);
    const finish = (settle, v) => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
      settle(v);
    };
    const onAbort = () => finish(resolve, [false, "aborted"]);
    const timer = timeoutMs > 0 ? setTimeout(() => finish(resolve, [false, "timeout"]), timeoutMs) : 0;
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
    p.then((v) => finish(resolve, [true, v]), (e) => finish(reject, e));
  });
}

/** `text` without the bearer token and the body's `password` / `token` values (raw and JSON-escaped). */
function scrub(text, bodyText, token) {
  const secrets = [token];
  try {
    const b = bodyText && JSON.parse(bodyText);
    if (b && typeof b === "object") secrets.push(b.password, b.token);
  } catch {
    // not JSON: nothing to take from it
  }
  for (const s of secrets) {
    if (typeof s !== "string" || s.length < 4) continue;
    for (const form of [s, JSON.stringify(s).slice(1, -1)]) text = text.split(form).join("[redacted]");
  }
  return text;
}

/**
 * Send `req` (`{method, url, body, path}` from `call.prepare`) with the
 * client's `extra` headers and
 * retries. `auth` is the bearer token, or a function that reads the
 * session's token at each attempt: a retry never carries a token the session
 * no longer holds (an extended one goes with the new token; after a sign-out
 * or a 401 elsewhere the call ends `ABORTED`). Resolves the last attempt's
 * response (any status: SETTLE reads it), with `sentToken`; rejects with the
 * AfostoError of an attempt without a response.
 */
export async function exchange(core, fetchFn, extra, req, auth, timeoutMs, signal) {
  const current = () => (typeof auth === "function" ? auth() : auth);
  let token = current();
  const signedIn = !!token;
  // The client's extra headers (checked by the core: never Authorization or Content-Type).
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json", ...extra };
  if (req.body !== undefined) headers["Content-Type"] = "application/json";
  for (let attempt = 0; ; attempt++) {
    token = current();
    if (token) headers.Authorization = "Bearer " + token;
    /** @type {any} the attempt (see `read`) */
    let r =
      signedIn && !token
        ? { failure: "aborted" }
        : await sendOnce(fetchFn, req.url, { method: req.method, headers, body: req.body }, signal, timeoutMs);
    r.sentToken = token;
    const ok = r.status >= 200 && r.status < 300;
    if (!ok && r.failure !== "aborted") {
      const wait = core.call(call.retryDelay, attempt, req, r);
      if (wait >= 0) {
        if (await sleep(wait, signal)) continue;
        r = { failure: "aborted" };
      }
    }
    // A fetch that rejects the header may quote it: never pass the token on.
    if (r.failure === "network" && token) r.message = String(r.message).split(token).join("<token>");
    if (r.failure) throw core.call(call.failure, 0, req, r, timeoutMs);
    // An error body may echo what was sent: the error message must not.
    if (!ok && typeof r.text === "string" && r.text) r.text = scrub(r.text, req.body, token);
    return r;
  }
}
