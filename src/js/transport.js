import { Core } from "../../pkg/afosto_checkout_glue.js";

// The transport: one HTTP attempt at a time with `fetch` (the caller's
// AbortSignal and a per-attempt timeout linked to one AbortController), and
// the retry loop around it. What to retry and how long to wait is decided by
// the wasm core (`Core.retryDelay`); errors are made there too.

/** Send one attempt. Resolves `{status, contentType, retryAfter, text}` or `{failure: "aborted"|"timeout"|"network", message}`. */
export function sendOnce(fetchFn, url, init, signal, timeoutMs) {
  if (signal && signal.aborted) return Promise.resolve({ failure: "aborted" });
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
  const attempt = (async () => {
    const res = await (fetchFn || globalThis.fetch)(url, init);
    let text = await res.text();
    const h = res.headers;
    const r = {
      status: res.status,
      contentType: h ? h.get("content-type") : null,
      retryAfter: h ? h.get("retry-after") : null,
    };
    // Parse success bodies here, so large bodies are never copied into wasm
    // memory and back; Rust still checks the content type and the shape.
    if (res.status >= 200 && res.status < 300 && text.trim()) {
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
  })();
  // A fetch that ignores its signal still loses the race to the timeout/abort.
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
 * Send `req` (`[method, url, bodyText, path]` from `Core.prepare`) with
 * retries. Resolves the last attempt's response (any status: `Core.settle`
 * reads it); rejects with the AfostoError of an attempt without a response.
 */
export async function exchange(core, fetchFn, req, token, timeoutMs, signal) {
  const headers = { Accept: "application/json" };
  if (req[2] !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = "Bearer " + token;
  for (let attempt = 0; ; attempt++) {
    let r = await sendOnce(fetchFn, req[1], { method: req[0], headers, body: req[2] }, signal, timeoutMs);
    const ok = r.status >= 200 && r.status < 300;
    if (!ok && r.failure !== "aborted") {
      const wait = core.retryDelay(req, r, attempt);
      if (wait >= 0) {
        if (await sleep(wait, signal)) continue;
        r = { failure: "aborted" };
      }
    }
    if (r.failure) throw Core.failure(req, r, timeoutMs);
    return r;
  }
}
