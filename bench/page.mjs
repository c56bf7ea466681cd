// Benchmark page: loads the built package, times `await init()`, and exposes
// the measurement routines to bench/run.mjs (page.evaluate). Nothing here
// asserts; run.mjs compares figures with targets and only throws on breakage.
const params = new URLSearchParams(location.search);
const MOCK = params.get("mock");
window.MOCK = MOCK;
try {
  // ?init=url (default): plain `await init()`, which fetches the .wasm and
  // compiles/instantiates it while streaming. ?init=bytes: the .wasm is fetched
  // first, so the timed `init({ module_or_path: bytes })` is compile + instantiate only.
  const mode = params.get("init") || "url";
  const bytes = mode === "bytes" ? await (await fetch("/pkg/afosto_checkout_bg.wasm")).arrayBuffer() : undefined;
  const t0 = performance.now();
  const lib = await import("/pkg/afosto_checkout.js");
  const t1 = performance.now();
  const exports = await (bytes ? lib.default({ module_or_path: bytes }) : lib.default());
  const t2 = performance.now();
  window.initTiming = { mode, importMs: t1 - t0, initMs: t2 - t1 };
  window.lib = lib;
  window.wasmExports = exports;
  window.ready = true;
} catch (e) {
  window.loadError = String(e && e.stack || e);
}

const now = () => performance.now();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The points query both sides use. */
const Q = { carrier: "postnl", countryCode: "NL", postalCode: "1012 LG" };
// How many points the mock answers is its config (`pointLimit`, run.mjs sets it), not a query parameter.
const rawQuery = () => ({ country_code: Q.countryCode, postal_code: Q.postalCode });
const pointsUrl = () => `${MOCK}/lcs/points/${Q.carrier}?${new URLSearchParams(rawQuery())}`;

/** `listServicePoints` when the client has it, else `request()` (raw JSON, no shaping). */
function pointsCall(client) {
  if (typeof client.listServicePoints === "function") return () => client.listServicePoints(Q);
  return () => client.request("GET", `/lcs/points/${Q.carrier}`, { query: rawQuery() });
}
/** The same GET through `request()`: transport only, no shaping (an info arm). */
const rawCall = (client) => () => client.request("GET", `/lcs/points/${Q.carrier}`, { query: rawQuery() });
window.hasListServicePoints = () => typeof window.lib.AfostoClient.prototype.listServicePoints === "function";

/** Timer resolution actually observed (smallest non-zero step of performance.now). */
window.timerResolution = () => {
  let best = Infinity;
  for (let i = 0; i < 200; i++) { const a = performance.now(); let b; do b = performance.now(); while (b === a); best = Math.min(best, b - a); }
  return { ms: best, crossOriginIsolated: self.crossOriginIsolated === true };
};

/** Per call: listServicePoints (50 points) vs fetch(url).then(r => r.json()), interleaved A/B. */
window.benchPerCall = async ({ pairs, warmup }) => {
  const client = new lib.AfostoClient({ baseUrl: MOCK });
  const url = pointsUrl();
  const arms = {
    a: pointsCall(client),                                                              // the client's typed call
    b: () => fetch(url, { headers: { accept: "application/json" } }).then((r) => r.json()), // plain fetch
    c: rawCall(client),                                                                 // request(): transport only
  };
  const first = await arms.a();
  const check = await arms.b();
  const countA = Array.isArray(first) ? first.length : NaN, countB = check.length;
  for (let i = 0; i < warmup; i++) { await arms.a(); await arms.b(); await arms.c(); }
  const t = { a: [], b: [], c: [] }, ratio = [], ratioRaw = [];
  const orders = [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"], ["a", "c", "b"], ["b", "a", "c"], ["c", "b", "a"]];
  for (let i = 0; i < pairs; i++) {
    const d = {};
    for (const k of orders[i % orders.length]) { const t0 = now(); await arms[k](); d[k] = now() - t0; }
    for (const k in d) t[k].push(d[k]);
    ratio.push(d.a / Math.max(d.b, 1e-3)); ratioRaw.push(d.c / Math.max(d.b, 1e-3));
  }
  return { url, countA, countB, ta: t.a, tb: t.b, tc: t.c, ratio, ratioRaw };
};

/** Bulk decode: the same pre-fetched 5,000-point body, from memory, through the client vs Response.json / JSON.parse. */
window.benchBulk = async ({ pairs, warmup }) => {
  const bytes = new Uint8Array(await (await fetch(pointsUrl())).arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const client = new lib.AfostoClient({
    baseUrl: MOCK, retries: 0,
    fetch: () => Promise.resolve(new Response(bytes, { headers: { "content-type": "application/json" } })),
  });
  const a = pointsCall(client);
  const b = () => new Response(bytes).json();
  const c = () => JSON.parse(text);
  const r = rawCall(client);   // request(): same injected transport, no shaping
  const out = await a();
  const count = Array.isArray(out) ? out.length : NaN;
  const sample = Array.isArray(out) ? out[0] : undefined;
  for (let i = 0; i < warmup; i++) { await a(); await b(); c(); await r(); }
  const ta = [], tb = [], tc = [], tr = [], ratio = [], ratioParse = [], ratioRaw = [];
  const order = [["a", "b", "c", "r"], ["b", "c", "r", "a"], ["c", "r", "a", "b"], ["r", "a", "b", "c"]];
  for (let i = 0; i < pairs; i++) {
    const d = {};
    for (const k of order[i % 3]) {
      const t = now();
      if (k === "a") await a(); else if (k === "b") await b(); else if (k === "r") await r(); else c();
      d[k] = now() - t;
    }
    ta.push(d.a); tb.push(d.b); tc.push(d.c); tr.push(d.r); ratioRaw.push(d.r / Math.max(d.b, 1e-3));
    ratio.push(d.a / Math.max(d.b, 1e-3)); ratioParse.push(d.a / Math.max(d.c, 1e-3));
  }
  return { bytes: bytes.length, count, sampleKeys: sample ? Object.keys(sample) : [], ta, tb, tc, tr, ratio, ratioParse, ratioRaw };
};

/** Autocomplete: type `text` one key every `keyMs` ms with the default debounce. */
window.benchAutocomplete = async ({ text, keyMs }) => {
  const client = new lib.AfostoClient({ baseUrl: MOCK });
  const s = await client.startAddressSearch("NL");
  const calls = [];
  const t0 = now();
  for (let i = 1; i <= text.length; i++) {
    const q = text.slice(0, i);
    calls.push(s.search(q).then(
      (value) => ({ ok: true, q, options: value.options.length, hasResult: value.result !== undefined, at: now() - t0 }),
      (e) => ({ ok: false, q, code: e && e.code, message: String(e && e.message), at: now() - t0 })));
    if (i < text.length) await sleep(keyMs);
  }
  const settled = await Promise.all(calls);
  s.free();
  return { settled, typingMs: (text.length - 1) * keyMs };
};

/** Memory: JS heap and wasm memory every `every` calls over `calls` calls, after `warmup` calls. */
window.benchMemory = async ({ warmup, calls, every }) => {
  const client = new lib.AfostoClient({ baseUrl: MOCK });
  const a = pointsCall(client);
  const sample = async (n) => {
    await sleep(0);
    gc(); gc();
    return { calls: n, jsHeap: performance.memory.usedJSHeapSize, wasm: (await lib.default()).memory.buffer.byteLength };
  };
  for (let i = 0; i < warmup; i++) await a();
  const samples = [await sample(0)];
  for (let i = 1; i <= calls; i++) {
    await a();
    if (i % every === 0) samples.push(await sample(i));
  }
  return { samples, sameExports: (await lib.default()) === window.wasmExports };
};

/**
 * Per-call phases: where a call's time goes, for the typed call and for plain
 * fetch. The page's `fetch` and `Response.prototype.json` are wrapped to note
 * when each is called and settles, so this runs on its own page, after the
 * timed figures. Medians in ms from the call's start.
 */
window.benchPhases = async ({ pairs, warmup }) => {
  let ph = {};
  const fetch0 = globalThis.fetch, json0 = Response.prototype.json;
  globalThis.fetch = function (...args) {
    ph.fetch = now();
    const p = fetch0.apply(this, args);
    p.then(() => { ph.response = now(); }, () => {});
    return p;
  };
  Response.prototype.json = function () {
    ph.json = now();
    const p = json0.call(this);
    p.then(() => { ph.body = now(); }, () => {});
    return p;
  };
  const client = new lib.AfostoClient({ baseUrl: MOCK });
  const url = pointsUrl();
  const arms = { client: pointsCall(client), plain: () => fetch(url, { headers: { accept: "application/json" } }).then((r) => r.json()) };
  const marks = ["fetch", "response", "json", "body", "end"];
  const out = { client: Object.fromEntries(marks.map((m) => [m, []])), plain: Object.fromEntries(marks.map((m) => [m, []])) };
  for (let i = 0; i < warmup + pairs; i++) {
    for (const k of i % 2 ? ["client", "plain"] : ["plain", "client"]) {
      ph = {};
      const t0 = now();
      await arms[k]();
      ph.end = now();
      if (i >= warmup) for (const m of marks) out[k][m].push(ph[m] - t0);
    }
  }
  globalThis.fetch = fetch0;
  Response.prototype.json = json0;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Object.fromEntries(marks.map((m) => [m, median(v[m])]))]));
};

/**
 * Per call, the package's own CPU: `fetch` stubbed with an in-memory answer (the 50 points,
 * fetched once), so the network is out. Rounds of `batch` calls of each arm, alternating order;
 * medians in ms per call of plain `fetch` + `r.json()`, `request()` and `listServicePoints`.
 */
window.benchCpu = async ({ rounds, batch, warmup }) => {
  const url = pointsUrl();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const fetch0 = globalThis.fetch;
  const headers = { "content-type": "application/json", "content-length": String(bytes.length) };
  globalThis.fetch = () => Promise.resolve(new Response(bytes, { headers }));
  try {
    const client = new lib.AfostoClient({ baseUrl: MOCK });
    const arms = {
      plain: () => fetch(url, { headers: { accept: "application/json" } }).then((r) => r.json()),
      request: rawCall(client),
      list: pointsCall(client),
    };
    for (let i = 0; i < warmup; i++) for (const k in arms) await arms[k]();
    const t = { plain: [], request: [], list: [] };
    for (let r = 0; r < rounds; r++) {
      for (const k of r % 2 ? ["plain", "request", "list"] : ["list", "request", "plain"]) {
        const t0 = now();
        for (let i = 0; i < batch; i++) await arms[k]();
        t[k].push((now() - t0) / batch);
      }
    }
    return { plain: median(t.plain), request: median(t.request), list: median(t.list) };
  } finally {
    globalThis.fetch = fetch0;
  }
};
