// Cold page: what a shopper pays for the package on a page that has nothing loaded yet.
// Time from navigation start to the first `listServicePoints` result (performance.now() in
// the page when the list arrives), against the same GET with plain `fetch` + `response.json()`,
// under Chromium's network emulation (CDP Network.emulateNetworkConditions). The package is
// served gzip-compressed with CDN cache headers by a loopback server here; the API is the mock
// (tests/mock/server.mjs) behind a loopback proxy that gzips JSON, as an API behind a CDN does.
//
// Variants per profile and per package (current pkg/ and a baseline commit's build):
//   bare      import -> await init() -> new AfostoClient().listServicePoints(), HTTP cache disabled
//   hinted    the same page with <link rel=modulepreload> (glue) + <link rel=preload as=fetch> (wasm)
//   prefetch  hinted page, reached from an earlier shop page that had <link rel=prefetch> of both files
//   warm      hinted page, second navigation in the same browser context (package from the HTTP cache)
// and plain fetch cold and warm (second navigation) as the reference for each.
// bench/run.mjs calls runColdPage(); bench/README.md documents the figures.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

export const PROFILES = [
  { key: "slow", label: "150 ms RTT, 1.6 Mbit/s", latency: 150, kbitps: 1600 },
  { key: "fast", label: "40 ms RTT, 9 Mbit/s", latency: 40, kbitps: 9000 },
];
const FILES = ["afosto_checkout.js", "afosto_checkout_bg.wasm"];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json" };
const POINTS = { carrier: "postnl", countryCode: "NL", postalCode: "1012 LG" };
const POINTS_PATH = `/lcs/points/${POINTS.carrier}?${new URLSearchParams({ country_code: POINTS.countryCode, postal_code: POINTS.postalCode })}`;

// ---------------------------------------------------------------- baseline build

const git = (root, args) => {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout.trim();
};

/** The commit to compare with: `rev` when given, else the merge-base of HEAD with main. */
export function resolveBaseline(root, rev) {
  let spec = rev, label = rev;
  if (!spec) {
    const main = ["main", "origin/main"].find((b) => spawnSync("git", ["rev-parse", "--verify", "--quiet", b], { cwd: root }).status === 0);
    if (!main) throw new Error("no main or origin/main branch");
    spec = git(root, ["merge-base", "HEAD", main]);
    label = `merge-base(HEAD, ${main})`;
  }
  const commit = git(root, ["rev-parse", "--verify", `${spec}^{commit}`]);
  return { spec: label, commit, short: commit.slice(0, 9), subject: git(root, ["log", "-1", "--format=%s", commit]) };
}

/**
 * pkg/ of `commit`, built once into bench-results/baseline/<commit>/pkg and reused after that.
 * The build runs `bash scripts/build.sh` in a temporary detached worktree, with node_modules
 * linked from this checkout when package.json and package-lock.json are the same (else the
 * build's bootstrap installs its own), and a cargo target dir kept in bench-results/baseline/target
 * (never this checkout's target/: the uplifted .wasm would be overwritten).
 */
export function baselinePkg(root, commit, log) {
  const dir = path.join(root, "bench-results", "baseline", commit);
  const pkg = path.join(dir, "pkg");
  if (FILES.every((f) => fs.existsSync(path.join(pkg, f)))) { log(`baseline ${commit.slice(0, 9)}: cached in ${path.relative(root, pkg)}`); return pkg; }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `afosto-bench-${commit.slice(0, 9)}-`));
  const wt = path.join(tmp, "src");
  log(`baseline ${commit.slice(0, 9)}: building in a temporary worktree (${wt}) ...`);
  const t0 = Date.now();
  git(root, ["worktree", "add", "--detach", "--quiet", wt, commit]);
  try {
    const same = (f) => { try { return fs.readFileSync(path.join(root, f), "utf8") === fs.readFileSync(path.join(wt, f), "utf8"); } catch { return false; } };
    if (same("package.json") && same("package-lock.json") && fs.existsSync(path.join(root, "node_modules"))) {
      fs.symlinkSync(path.join(root, "node_modules"), path.join(wt, "node_modules"), "dir");
    } else {
      log("baseline: package.json / package-lock.json differ from this checkout; its build installs its own node_modules");
    }
    // scripts/bootstrap.sh reinstalls the wasm-bindgen CLI (a global cargo install) when Cargo.lock
    // pins another version; say so, since the next build of this checkout reinstalls it again.
    const bindgen = (f) => { try { return /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(fs.readFileSync(path.join(f, "Cargo.lock"), "utf8"))?.[1]; } catch { return undefined; } };
    if (bindgen(root) !== bindgen(wt)) log(`WARNING: baseline pins wasm-bindgen ${bindgen(wt)}, this checkout ${bindgen(root)}: its build reinstalls the wasm-bindgen CLI`);
    const env = { ...process.env, CARGO_TARGET_DIR: path.join(root, "bench-results", "baseline", "target") };
    const b = spawnSync("bash", ["scripts/build.sh"], { cwd: wt, env, stdio: ["ignore", "ignore", "inherit"] });
    if (b.status !== 0) throw new Error(`baseline ${commit}: scripts/build.sh failed (exit ${b.status})`);
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(path.join(wt, "pkg"), pkg, { recursive: true });
    fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify({ commit, subject: git(root, ["log", "-1", "--format=%s", commit]), built: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }, null, 2));
  } finally {
    spawnSync("git", ["worktree", "remove", "--force", wt], { cwd: root });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(`baseline ${commit.slice(0, 9)}: built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return pkg;
}

/** sha256 over the two files a page loads: equal hashes mean the same package bytes. */
export function pkgHash(dir) {
  const h = crypto.createHash("sha256");
  for (const f of FILES) h.update(fs.readFileSync(path.join(dir, f)));
  return h.digest("hex").slice(0, 12);
}

// ---------------------------------------------------------------- servers

/**
 * The API: a proxy on loopback in front of the mock that gzips JSON answers when the request
 * accepts it (the mock itself never compresses). Counts requests per method for the checks.
 */
export function startApiProxy(target, { gzip = true } = {}) {
  const up = new URL(target);
  const counts = {};
  const server = http.createServer((req, res) => {
    counts[req.method] = (counts[req.method] || 0) + 1;
    const fwd = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host, "accept-encoding": "identity" } }, (r) => {
      const chunks = [];
      r.on("data", (c) => chunks.push(c));
      r.on("end", () => {
        let body = Buffer.concat(chunks);
        const headers = { ...r.headers };
        delete headers["content-length"]; delete headers["transfer-encoding"]; delete headers.connection; delete headers["keep-alive"];
        if (gzip && body.length > 512 && /json/.test(headers["content-type"] || "") && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
          body = zlib.gzipSync(body, { level: 6 });
          headers["content-encoding"] = "gzip";
          headers.vary = "accept-encoding";
        }
        headers["content-length"] = body.length;
        res.writeHead(r.statusCode, headers).end(body);
      });
    });
    fwd.on("error", (e) => { res.writeHead(502).end(String(e)); });
    req.pipe(fwd);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const url = `http://127.0.0.1:${server.address().port}`;
    resolve({
      url, counts, reset() { for (const k in counts) delete counts[k]; },
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
    });
  }));
}

/**
 * The storefront's origin: generated pages under /v/<pkg>/<page>.html (Cache-Control: no-store,
 * as a shop's HTML) and each package's two files under /pkg/<pkg>/ with
 * `public, max-age=31536000, immutable` (a CDN's versioned URL), gzip -9 when the request
 * accepts gzip (Content-Encoding: gzip, Vary: Accept-Encoding). Counts requests per path.
 */
export function startStorefront({ packages, api }) {
  const files = new Map();   // "/pkg/<name>/<file>" -> { raw, gz, type }
  for (const [name, dir] of Object.entries(packages)) {
    for (const f of FILES) {
      const raw = fs.readFileSync(path.join(dir, f));
      files.set(`/pkg/${name}/${f}`, { raw, gz: zlib.gzipSync(raw, { level: 9 }), type: TYPES[path.extname(f)] });
    }
  }
  const hits = {};
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    hits[pathname] = (hits[pathname] || 0) + 1;
    let entry = files.get(pathname), cache = "public, max-age=31536000, immutable";
    const m = /^\/v\/([\w-]+)\/([\w-]+)\.html$/.exec(pathname);
    if (!entry && m && (m[1] === "plain" || packages[m[1]])) {
      const html = Buffer.from(pageHtml(m[1], m[2], api));
      entry = { raw: html, gz: zlib.gzipSync(html), type: TYPES[".html"] };
      cache = "no-store";
    }
    if (!entry) { res.writeHead(404, { "content-type": "text/plain", "cache-control": "no-store" }).end("not found"); return; }
    const gz = /\bgzip\b/.test(req.headers["accept-encoding"] || "");
    const body = gz ? entry.gz : entry.raw;
    res.writeHead(200, {
      "content-type": entry.type, "cache-control": cache, vary: "accept-encoding", "content-length": body.length,
      ...(gz ? { "content-encoding": "gzip" } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const url = `http://127.0.0.1:${server.address().port}`;
    resolve({
      url, hits, reset() { for (const k in hits) delete hits[k]; },
      sizes: Object.fromEntries([...files].map(([k, v]) => [k, { raw: v.raw.length, gzip: v.gz.length }])),
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
    });
  }));
}

/**
 * One page. `pkg` is a package name or "plain"; `page` is "bare", "hinted" or "shop" (the
 * earlier page with the prefetch hints; it loads nothing itself). The page sets
 * `window.__bench = { t, count, tModule, tInit }` (ms since navigation start) or `window.__benchError`.
 */
function pageHtml(pkg, page, api) {
  const js = `/pkg/${pkg}/afosto_checkout.js`, wasm = `/pkg/${pkg}/afosto_checkout_bg.wasm`;
  const head = `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>${pkg} ${page}</title>\n`;
  const done = `window.__bench = { t, count: Array.isArray(list) ? list.length : -1, tModule, tInit };`;
  const fail = `.catch((e) => { window.__benchError = String(e && e.stack || e); })`;
  if (page === "shop") {
    return head + `<link rel="prefetch" href="${js}" crossorigin>\n<link rel="prefetch" href="${wasm}" crossorigin>\n<p>an earlier page of the shop</p>\n`;
  }
  if (pkg === "plain") {
    return head + `<script type="module">
const tModule = performance.now(), tInit = tModule;
fetch(${JSON.stringify(api + POINTS_PATH)}, { headers: { accept: "application/json" } })
  .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
  .then((list) => { const t = performance.now(); ${done} })${fail};
</script>\n`;
  }
  const hints = page === "hinted"
    ? `<link rel="modulepreload" href="${js}">\n<link rel="preload" href="${wasm}" as="fetch" crossorigin>\n` : "";
  return head + hints + `<script type="module">
import init, { AfostoClient } from ${JSON.stringify(js)};
const tModule = performance.now();
let tInit;
init().then(() => {
  tInit = performance.now();
  const client = new AfostoClient({ baseUrl: ${JSON.stringify(api)} });
  const q = ${JSON.stringify(POINTS)};
  return typeof client.listServicePoints === "function" ? client.listServicePoints(q)
    : client.request("GET", "/lcs/points/" + q.carrier, { query: { country_code: q.countryCode, postal_code: q.postalCode } });
}).then((list) => { const t = performance.now(); ${done} })${fail};
</script>\n`;
}

// ---------------------------------------------------------------- measuring

const signed = (x) => `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(0)}`;
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

async function waitResult(page, expectCount) {
  await page.waitForFunction(() => window.__bench || window.__benchError, null, { timeout: 60000, polling: 20 });
  const r = await page.evaluate(() => {
    const res = performance.getEntriesByType("resource").map((e) => ({ name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, transfer: e.transferSize }));
    return { ...window.__bench, error: window.__benchError, res };
  });
  if (r.error) throw new Error(`cold page: ${r.error}`);
  if (r.count !== expectCount) throw new Error(`cold page: expected ${expectCount} points, got ${r.count}`);
  return r;
}

/**
 * Run every variant `runs` times per profile, interleaved (run i of every variant before run i+1),
 * each load in a fresh browser context. Returns { results, rows } for bench/run.mjs.
 */
export async function runColdPage({ browser, mockUrl, packages, baseline, runs, apiGzip = true, log, problems, target }) {
  const api = await startApiProxy(mockUrl, { gzip: apiGzip });
  const web = await startStorefront({ packages, api: api.url });
  const names = Object.keys(packages);
  const variants = [
    { key: "plain", pkg: "plain", page: "bare", cache: "cold" },
    { key: "plain-warm", pkg: "plain", page: "bare", cache: "warm" },
    ...names.flatMap((pkg) => [
      { key: `${pkg}:bare`, pkg, page: "bare", cache: "cold" },
      { key: `${pkg}:hinted`, pkg, page: "hinted", cache: "cold" },
      { key: `${pkg}:prefetch`, pkg, page: "hinted", cache: "prefetch" },
      { key: `${pkg}:warm`, pkg, page: "hinted", cache: "warm" },
    ]),
  ];
  const samples = {};   // `${profile}/${variant}` -> [{ t, tModule, tInit, hits }]
  let expectCount;
  {
    const r = await fetch(api.url + POINTS_PATH);
    expectCount = (await r.json()).length;
  }

  async function load(profile, v) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.on("pageerror", (e) => problems.push(`cold page ${v.key}: pageerror: ${e.message}`));
      page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`cold page ${v.key}: console.error: ${m.text()}`); });
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      const url = `${web.url}/v/${v.pkg}/${v.page}.html`;
      // Priming navigation, unthrottled: the same page (warm) or the earlier shop page (prefetch).
      if (v.cache === "warm") {
        await page.goto(url, { waitUntil: "commit" });
        await waitResult(page, expectCount);
      } else if (v.cache === "prefetch") {
        await page.goto(`${web.url}/v/${v.pkg}/shop.html`, { waitUntil: "load" });
        const t0 = Date.now();
        while (!FILES.every((f) => web.hits[`/pkg/${v.pkg}/${f}`] >= 1)) {
          if (Date.now() - t0 > 10000) throw new Error(`cold page ${v.key}: the shop page did not prefetch ${FILES.join(", ")}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));   // let the cache entries be written
      }
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: v.cache === "cold" });
      const bps = (profile.kbitps * 1000) / 8;
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: profile.latency, downloadThroughput: bps, uploadThroughput: bps });
      web.reset(); api.reset();
      await page.goto(url, { waitUntil: "commit" });
      const r = await waitResult(page, expectCount);
      const hit = (f) => (v.pkg === "plain" ? 0 : web.hits[`/pkg/${v.pkg}/${f}`] || 0);
      return { t: r.t, tModule: r.tModule, tInit: r.tInit, jsHits: hit(FILES[0]), wasmHits: hit(FILES[1]), apiGets: api.counts.GET || 0, apiOptions: api.counts.OPTIONS || 0, res: r.res };
    } finally {
      await context.close();
    }
  }

  try {
    const total = runs * PROFILES.length * variants.length;
    log(`cold page: ${variants.length} variants x ${PROFILES.length} profiles x ${runs} loads = ${total} page loads ...`);
    for (let i = 0; i < runs; i++) {
      for (const profile of PROFILES) {
        // rotate the order each run so no variant always goes first after a profile switch
        const order = variants.map((_, k) => variants[(k + i) % variants.length]);
        for (const v of order) {
          const s = await load(profile, v);
          (samples[`${profile.key}/${v.key}`] ||= []).push(s);
        }
      }
    }
  } finally {
    await web.close();
    await api.close();
  }

  // ---------- summarise ----------
  const results = { runs, apiGzip, points: expectCount, api: POINTS_PATH, sizes: web.sizes, baseline, profiles: {} };
  const rows = [];
  const fmt = (x) => x.toFixed(0);
  for (const profile of PROFILES) {
    const P = (results.profiles[profile.key] = { ...profile, variants: {} });
    for (const v of variants) {
      const xs = samples[`${profile.key}/${v.key}`];
      const ts = xs.map((s) => s.t);
      P.variants[v.key] = {
        pkg: v.pkg, page: v.page, cache: v.cache,
        ms: { median: median(ts), min: Math.min(...ts), max: Math.max(...ts) },
        moduleReadyMs: median(xs.map((s) => s.tModule)), initDoneMs: median(xs.map((s) => s.tInit)),
        jsRequests: Math.max(...xs.map((s) => s.jsHits)), wasmRequests: Math.max(...xs.map((s) => s.wasmHits)),
        apiGets: Math.max(...xs.map((s) => s.apiGets)), apiPreflights: Math.max(...xs.map((s) => s.apiOptions)),
        samples: ts, firstResources: xs[0].res,
      };
    }
    const plain = P.variants.plain.ms.median, plainWarm = P.variants["plain-warm"].ms.median;
    for (const v of variants) {
      const x = P.variants[v.key];
      const ref = v.cache === "cold" ? plain : plainWarm;
      x.addedMs = x.ms.median - ref;
      x.ratio = x.ms.median / ref;
      x.reference = v.cache === "cold" ? "plain" : "plain-warm";
    }
    for (const pkg of names) {
      const w = P.variants[`${pkg}:warm`], h = P.variants[`${pkg}:hinted`];
      const who = pkg === "current" ? "current" : `baseline ${baseline?.short ?? ""}`.trim();
      rows.push({
        figure: `cold page ${profile.key}: ${who} warm / plain`, value: `${w.ratio.toFixed(2)}x`,
        spread: `${fmt(w.ms.median)} vs ${fmt(plainWarm)} ms (${signed(w.addedMs)})`,
        target: pkg === "current" ? `<= ${target}x` : "(info)", pass: pkg === "current" ? (w.ratio <= target ? "PASS" : "FAIL") : "",
        note: pkg === "current" ? `${profile.label}; hinted cold ${fmt(h.ms.median)} ms (${signed(h.addedMs)}, ${h.ratio.toFixed(2)}x) vs plain fetch ${fmt(plain)} ms` : "",
      });
    }
  }
  // The hints must not fetch anything twice; warm and prefetched loads must not fetch the package at all.
  for (const pkg of names) {
    const bad = [];
    for (const profile of PROFILES) {
      const V = results.profiles[profile.key].variants;
      for (const k of ["bare", "hinted"]) if (V[`${pkg}:${k}`].wasmRequests !== 1 || V[`${pkg}:${k}`].jsRequests !== 1) bad.push(`${profile.key} ${k}: js ${V[`${pkg}:${k}`].jsRequests}, wasm ${V[`${pkg}:${k}`].wasmRequests}`);
      for (const k of ["prefetch", "warm"]) if (V[`${pkg}:${k}`].wasmRequests !== 0 || V[`${pkg}:${k}`].jsRequests !== 0) bad.push(`${profile.key} ${k}: js ${V[`${pkg}:${k}`].jsRequests}, wasm ${V[`${pkg}:${k}`].wasmRequests} (expected from cache)`);
      // One GET and no CORS preflight (a preflight would add a round trip that plain fetch does not pay).
      for (const k of ["bare", "hinted", "prefetch", "warm"]) {
        const x = V[`${pkg}:${k}`];
        if (x.apiGets !== 1 || x.apiPreflights !== 0) bad.push(`${profile.key} ${k}: API ${x.apiGets} GET, ${x.apiPreflights} OPTIONS (expected 1 GET, no preflight)`);
      }
    }
    const who = pkg === "current" ? "current" : `baseline ${baseline?.short ?? ""}`.trim();
    rows.push({
      figure: `cold page: ${who} package requests`, value: bad.length ? `${bad.length} off` : "as expected", spread: "",
      target: "cold 1+1, cached 0", pass: bad.length ? "FAIL" : "PASS",
      note: bad.length ? bad.join("; ") : "cold loads fetch the glue and the .wasm once each (the preload is used); prefetched and warm loads fetch neither; 1 API GET, no preflight",
    });
  }
  return { results, rows, variants, names };
}

/** The cold-page table: per profile and variant, ms from navigation start, + over plain fetch, ratio. */
export function coldTable(cold) {
  const { results, names } = cold;
  const b = results.baseline;
  const out = [];
  out.push(`cold page: ms from navigation start to the listServicePoints result (${results.points} points), median of ${results.runs} loads;`);
  out.push(`+ms and x are against plain fetch + r.json() in the same state (cold, or 2nd navigation for prefetch/warm). API JSON ${results.apiGzip ? "gzip" : "identity"}, package gzip -9.`);
  const labels = { bare: "bare (no hints)", hinted: "modulepreload + preload", prefetch: "prefetched on an earlier page", warm: "warm HTTP cache (2nd nav)" };
  const head = ["profile", "variant", "plain fetch", ...names.map((n) => (n === "current" ? "current" : `baseline ${b.short}`)), ...(names.length > 1 ? ["current - baseline"] : [])];
  const lines = [];
  for (const p of PROFILES) {
    const V = results.profiles[p.key].variants;
    lines.push([`${p.key}: ${p.label}`, "plain fetch (cold / warm)", `${V.plain.ms.median.toFixed(0)} / ${V["plain-warm"].ms.median.toFixed(0)}`, ...names.map(() => ""), ...(names.length > 1 ? [""] : [])]);
    for (const k of ["bare", "hinted", "prefetch", "warm"]) {
      const ref = k === "bare" || k === "hinted" ? V.plain : V["plain-warm"];
      const cell = (n) => { const x = V[`${n}:${k}`]; return `${x.ms.median.toFixed(0)} ${signed(x.addedMs)} ${x.ratio.toFixed(2)}x`; };
      const diff = names.length > 1 ? [(() => { return `${signed(V[`current:${k}`].ms.median - V[`${names[1]}:${k}`].ms.median)} ms`; })()] : [];
      lines.push(["", labels[k], ref.ms.median.toFixed(0), ...names.map(cell), ...diff]);
    }
  }
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmtLine = (cs) => cs.map((c, i) => String(c).padEnd(w[i])).join("  ").trimEnd();
  out.push(fmtLine(head), w.map((n) => "-".repeat(n)).join("  "), ...lines.map(fmtLine));
  if (b) out.push(`baseline: ${b.short} (${b.spec}) "${b.subject}"${b.samePackage ? "; its package bytes equal the current pkg/, so the two columns differ by noise only" : ""}`);
  return out;
}
