// `npm run bench`: builds the release package, starts the mock API and a static
// server on loopback, drives headless Debian Chromium and prints a table of
// package size, init time, per-call overhead, bulk decode, autocomplete traffic
// and memory, each next to its target. Writes bench-results/bench.json.
//
// Missing a target is reported (exit 0); only breakage (build failure, a call
// that rejects, a page error, wrong counts) fails the process.
//
// Options: --no-build (reuse pkg/), --quick (fewer iterations, for a smoke run),
// cold page (bench/cold.mjs): --baseline <rev> (default: merge-base of HEAD with main),
// --no-baseline, --cold-runs N (default 5), --cold-only (size + cold page), --no-cold,
// --api-identity (the API's JSON uncompressed).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT, CHROMIUM_ARGS, mockControl, hits } from "../tests/support/harness.mjs";
import { startMock } from "../tests/mock/server.mjs";
import { startStatic } from "../scripts/serve.mjs";
import { sizes } from "../scripts/size.mjs";
import { runColdPage, coldTable, resolveBaseline, baselinePkg, pkgHash } from "./cold.mjs";

const args = process.argv.slice(2);
const argv = new Set(args);
const flag = (k) => { const i = args.indexOf(k); if (i < 0) return undefined; if (i + 1 >= args.length) throw new Error(`${k} needs a value`); return args[i + 1]; };
const QUICK = argv.has("--quick");
const COLD = !argv.has("--no-cold");
const COLD_ONLY = argv.has("--cold-only");
const N = {
  initLoads: QUICK ? 5 : 30,
  perCallPairs: QUICK ? 100 : 600, perCallWarmup: QUICK ? 20 : 50,
  bulkLimit: 5000, bulkPairs: QUICK ? 6 : 36, bulkWarmup: QUICK ? 2 : 5,
  memWarmup: QUICK ? 50 : 200, memCalls: 1000, memEvery: 100,
  coldRuns: Number(flag("--cold-runs") ?? (QUICK ? 3 : 5)),
};
if (!(N.coldRuns >= 1)) throw new Error("--cold-runs: expected a positive number");
const AUTOCOMPLETE = { text: "Damrak 1 Ams", keyMs: 40 };
const TARGETS = {
  sizeGzipKb: { limit: 32, goal: 20 },
  initMs: { limit: 10, goal: 5 },
  perCallRatio: { limit: 1.10, goal: 1.05 },
  bulkRatio: { limit: 2, goal: 1.2 },
  memGrowth: 0.10,
  coldWarmRatio: 1.2,   // issue #17: warm HTTP cache <= 1.2x plain fetch
};

const t0 = Date.now();
const log = (...a) => console.error("[bench]", ...a);
const die = (msg) => { throw new Error(msg); };

// ---------- stats ----------
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const quantile = (xs, q) => { const s = sorted(xs); return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]; };
const stats = (xs) => ({ n: xs.length, median: median(xs), min: Math.min(...xs), max: Math.max(...xs), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9) });
const verdict = (value, { limit, goal }) => (value <= goal ? "PASS (goal met)" : value <= limit ? "PASS" : "FAIL");

// ---------- 0. build ----------
if (!argv.has("--no-build")) {
  log("building the release package (scripts/build.sh) ...");
  const b = spawnSync("bash", ["scripts/build.sh"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (b.status !== 0) die(`scripts/build.sh failed (exit ${b.status})`);
  const br = spawnSync("bash", ["scripts/bootstrap.sh", "browser"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (br.status !== 0) die("could not install Chromium (scripts/bootstrap.sh browser)");
}
const PKG = path.join(ROOT, "pkg");
if (!fs.existsSync(path.join(PKG, "afosto_checkout_bg.wasm"))) die("pkg/ has no afosto_checkout_bg.wasm: run without --no-build");

// The baseline package for the cold page (today's main, by default the merge-base of HEAD
// with main), built once per commit into bench-results/baseline/<commit>/pkg.
let baseline = null;
if (COLD && !argv.has("--no-baseline")) {
  try {
    baseline = resolveBaseline(ROOT, flag("--baseline"));
  } catch (e) {
    if (flag("--baseline")) throw e;
    log(`NOTE: no baseline (${String(e.message).split("\n")[0]}); pass --baseline <rev>`);
  }
  if (baseline) {
    baseline.pkg = baselinePkg(ROOT, baseline.commit, log);
    baseline.samePackage = pkgHash(baseline.pkg) === pkgHash(PKG);
  }
}

const results = { date: new Date().toISOString(), quick: QUICK, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg() }, targets: TARGETS };
const rows = [];   // printed table
const row = (figure, value, spread, target, pass, note = "") => rows.push({ figure, value, spread, target, pass, note });

// ---------- 1. package bytes ----------
const sz = sizes(PKG);
results.size = sz;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
{
  const gz = sz.total.gzip / 1024;
  row("size: wasm  raw/gzip/br", `${kb(sz.wasm.raw)} / ${kb(sz.wasm.gzip)} / ${kb(sz.wasm.brotli)}`, "", "", "");
  row("size: glue  raw/gzip/br", `${kb(sz.glue.raw)} / ${kb(sz.glue.gzip)} / ${kb(sz.glue.brotli)}`, "", "", "");
  row("size: total raw/gzip/br", `${kb(sz.total.raw)} / ${kb(sz.total.gzip)} / ${kb(sz.total.brotli)}`, "", "", "");
  row("size: wasm+glue gzip -9", kb(sz.total.gzip), "", `<= 32 KB (goal 20)`, verdict(gz, TARGETS.sizeGzipKb));
  results.size.verdict = verdict(gz, TARGETS.sizeGzipKb);
}

// ---------- servers + browser ----------
const mock = await startMock({ port: 0 });
// COOP/COEP make the page cross-origin isolated, so performance.now() has ~5 us
// resolution instead of 100 us. The mock sends Access-Control-Allow-Origin, so
// its CORS responses load under require-corp.
const web = await startStatic({
  port: 0, root: ROOT,
  headers: { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" },
});
// The same files with a cacheable answer, for the warm-HTTP-cache init figure.
const webCached = await startStatic({
  port: 0, root: ROOT,
  headers: { "cache-control": "public, max-age=3600", "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [...CHROMIUM_ARGS, "--enable-precise-memory-info", "--js-flags=--expose-gc"],
});
const ctl = mockControl(mock.url);
const problems = [];
const pageUrl = (base = web.url, init = "url") => `${base}/bench/page.html?init=${init}&mock=${encodeURIComponent(mock.url)}`;

async function openPage(context, url = pageUrl()) {
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console.error: ${m.text()}`); });
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true || window.loadError, null, { timeout: 30000 });
  const err = await page.evaluate(() => window.loadError);
  if (err) die(`package failed to load in Chromium: ${err}`);
  return page;
}

let exitCode = 0;
let cold = null;
try {
  results.browser = browser.version();
  const context = await browser.newContext();

  if (!COLD_ONLY) {
    // ---------- 2. init ----------
    // A fresh page (new document, new wasm instance) per load, in one browser context.
    //  cold:  the static server answers Cache-Control: no-store, so every load refetches
    //         the .wasm over loopback and compiles it again (no HTTP cache, no code cache);
    //  warm:  a second server answers max-age=3600; two priming loads are discarded, so the
    //         .wasm comes from the HTTP cache (and V8's wasm code cache when Chromium made one);
    //  bytes: the .wasm is fetched before the timer starts: compile + instantiate only.
    const initVariants = [
      { key: "cold", label: "init: await init(), HTTP cache cold", url: pageUrl(web.url, "url"), prime: 0, target: true },
      { key: "warm", label: "init: await init(), HTTP cache warm", url: pageUrl(webCached.url, "url"), prime: 2, target: true },
      { key: "bytes", label: "init: init(bytes) compile+instantiate", url: pageUrl(web.url, "bytes"), prime: 0, target: true },
    ];
    results.init = { loads: N.initLoads };
    for (const v of initVariants) {
      log(`init (${v.key}): ${N.initLoads} fresh page loads ...`);
      const inits = [], imports = [];
      for (let i = 0; i < v.prime + N.initLoads; i++) {
        const p = await openPage(context, v.url);
        const t = await p.evaluate(() => window.initTiming);
        if (i >= v.prime) { inits.push(t.initMs); imports.push(t.importMs); }
        await p.close();
      }
      const st = stats(inits);
      results.init[v.key] = { initMs: st, glueImportMs: stats(imports), samples: inits };
      row(v.label, `${st.median.toFixed(2)} ms`, `${st.min.toFixed(2)}..${st.max.toFixed(2)} ms`, "<= 10 ms (goal 5)", verdict(st.median, TARGETS.initMs),
        v.key === "cold" ? `${N.initLoads} fresh pages; Cache-Control: no-store, .wasm refetched over loopback each load`
          : v.key === "warm" ? `${N.initLoads} fresh pages after 2 priming loads; max-age=3600`
            : `${N.initLoads} fresh pages; .wasm bytes fetched before the timer`);
    }

    const page = await openPage(context);
    const has = await page.evaluate(() => window.hasListServicePoints());
    const method = has ? "listServicePoints" : "request() [listServicePoints not in this build]";
    if (!has) console.log("NOTE: AfostoClient.listServicePoints is not in this build yet; per-call, bulk and memory use client.request(\"GET\", \"/lcs/points/postnl\") (same transport, raw JSON, no shaping). Run `git merge main` and re-run.");
    results.method = method;
    results.timer = await page.evaluate(() => window.timerResolution());

    // ---------- 3. per call ----------
    log(`per call: ${N.perCallPairs} interleaved pairs ...`);
    const pc = await page.evaluate((o) => window.benchPerCall(o), { pairs: N.perCallPairs, warmup: N.perCallWarmup });
    if (pc.countA !== 50 || pc.countB !== 50) die(`per call: expected 50 points on both sides, got ${pc.countA} / ${pc.countB}`);
    const pcR = stats(pc.ratio), pcA = stats(pc.ta), pcB = stats(pc.tb), pcC = stats(pc.tc), pcRR = stats(pc.ratioRaw);
    results.perCall = { method, url: pc.url, pairs: N.perCallPairs, ratio: pcR, clientMs: pcA, fetchMs: pcB, ratioOfMedians: pcA.median / pcB.median,
      requestMs: pcC, requestRatio: pcRR };
    row(`per call: ${has ? "listServicePoints" : "request"} / fetch`, `${pcR.median.toFixed(3)}x`, `p10..p90 ${pcR.p10.toFixed(2)}..${pcR.p90.toFixed(2)}x`, "<= 1.10x (goal 1.05)", verdict(pcR.median, TARGETS.perCallRatio),
      `${N.perCallPairs} pairs, 50 points`);
    row("  client call", `${pcA.median.toFixed(3)} ms`, `${pcA.min.toFixed(2)}..${pcA.max.toFixed(2)} ms`, "", "");
    row("  fetch + r.json()", `${pcB.median.toFixed(3)} ms`, `${pcB.min.toFixed(2)}..${pcB.max.toFixed(2)} ms`, "", "");
    row("  request() / fetch (transport only)", `${pcRR.median.toFixed(3)}x`, `p10..p90 ${pcRR.p10.toFixed(2)}..${pcRR.p90.toFixed(2)}x`, "(info)", "",
      `request() median ${pcC.median.toFixed(3)} ms: same GET, raw JSON, no shaping`);

    // Where the per-call time goes (info): on its own page, since it wraps the page's fetch.
    {
      const phasePage = await openPage(context);
      const ph = await phasePage.evaluate((o) => window.benchPhases(o), { pairs: QUICK ? 50 : 300, warmup: 20 });
      await phasePage.close();
      results.perCall.phases = ph;
      const us = (ms) => `${Math.round(ms * 1000)} us`;
      const span = (p, a, b) => p[b] - p[a];
      const parts = [
        ["before fetch() is called", (p) => p.fetch],
        ["fetch(): request to response headers", (p) => span(p, "fetch", "response")],
        ["headers to .json() called", (p) => span(p, "response", "json")],
        [".json(): the body read and parsed", (p) => span(p, "json", "body")],
        ["after the body: decode, shape, sort", (p) => span(p, "body", "end")],
      ];
      for (const [label, f] of parts) {
        const c = f(ph.client), b = f(ph.plain);
        row(`  phase: ${label}`, `${us(c - b)}`, `client ${us(c)}, fetch ${us(b)}`, "(info)", "");
      }
    }

    // The package's own CPU per call (info): fetch stubbed, on its own page.
    {
      const cpuPage = await openPage(context);
      const cpu = await cpuPage.evaluate((o) => window.benchCpu(o), { rounds: QUICK ? 20 : 60, batch: 20, warmup: 200 });
      await cpuPage.close();
      results.perCall.cpu = cpu;
      const us = (ms) => `${Math.round(ms * 1000)} us`;
      row("  cpu: request() minus fetch", `+${us(cpu.request - cpu.plain)}`, `fetch stubbed: plain ${us(cpu.plain)}`, "(info)", "");
      row("  cpu: listServicePoints minus fetch", `+${us(cpu.list - cpu.plain)}`, `shaping ${us(cpu.list - cpu.request)}`, "(info)", "");
    }

    // ---------- 4. bulk decode ----------
    log(`bulk decode: ${N.bulkLimit} points, ${N.bulkPairs} interleaved rounds ...`);
    await ctl.config({ pointLimit: N.bulkLimit });   // the mock's list length (the reference has no limit parameter)
    const bk = await page.evaluate((o) => window.benchBulk(o), { pairs: N.bulkPairs, warmup: N.bulkWarmup });
    await ctl.config({ pointLimit: null });
    if (bk.count !== N.bulkLimit) die(`bulk: expected ${N.bulkLimit} points from the client, got ${bk.count}`);
    const bkR = stats(bk.ratio), bkP = stats(bk.ratioParse), bkA = stats(bk.ta), bkB = stats(bk.tb), bkC = stats(bk.tc), bkD = stats(bk.tr), bkRR = stats(bk.ratioRaw);
    results.bulk = { method, points: bk.count, bytes: bk.bytes, rounds: N.bulkPairs, ratioVsResponseJson: bkR, ratioVsJsonParse: bkP, clientMs: bkA, responseJsonMs: bkB, jsonParseMs: bkC,
      requestMs: bkD, requestRatio: bkRR };
    row(`bulk: ${has ? "listServicePoints" : "request"} / Response.json`, `${bkR.median.toFixed(3)}x`, `${bkR.min.toFixed(2)}..${bkR.max.toFixed(2)}x`, "<= 2x (goal 1.2)", verdict(bkR.median, TARGETS.bulkRatio),
      `${N.bulkLimit} points, ${kb(bk.bytes)} body from memory, ${N.bulkPairs} rounds`);
    row(`bulk: ${has ? "listServicePoints" : "request"} / JSON.parse(text)`, `${bkP.median.toFixed(3)}x`, `${bkP.min.toFixed(2)}..${bkP.max.toFixed(2)}x`, "(info)", "", "text decoded beforehand");
    row("  client call", `${bkA.median.toFixed(2)} ms`, `${bkA.min.toFixed(2)}..${bkA.max.toFixed(2)} ms`, "", "");
    row("  new Response(bytes).json()", `${bkB.median.toFixed(2)} ms`, `${bkB.min.toFixed(2)}..${bkB.max.toFixed(2)} ms`, "", "");
    row("  JSON.parse(text)", `${bkC.median.toFixed(2)} ms`, `${bkC.min.toFixed(2)}..${bkC.max.toFixed(2)} ms`, "", "");
    row("  request() (transport only)", `${bkD.median.toFixed(2)} ms`, `${bkD.min.toFixed(2)}..${bkD.max.toFixed(2)} ms`, "(info)", "",
      `${bkRR.median.toFixed(2)}x Response.json: same injected body, raw JSON, no shaping`);

    // ---------- 5. autocomplete ----------
    log(`autocomplete: typing "${AUTOCOMPLETE.text}" at ${AUTOCOMPLETE.keyMs} ms/key ...`);
    await ctl.clearLog();
    const ac = await page.evaluate((o) => window.benchAutocomplete(o), AUTOCOMPLETE);
    const acLog = await ctl.log();
    const posts = hits(acLog, "/rel/search/addresses", "POST");
    const sessions = hits(acLog, "/rel/search/addresses", "GET");
    const delivered = ac.settled.filter((s) => s.ok);
    const aborted = ac.settled.filter((s) => !s.ok && s.code === "ABORTED");
    const otherErrors = ac.settled.filter((s) => !s.ok && s.code !== "ABORTED");
    if (otherErrors.length) die(`autocomplete: unexpected rejections ${JSON.stringify(otherErrors)}`);
    const last = ac.settled.at(-1);
    if (last.ok && last.options === 0) die(`autocomplete: the mock gave no options for "${AUTOCOMPLETE.text}"`);
    const acPass = posts.length === 1 && delivered.length === 1 && last.ok;
    results.autocomplete = {
      query: AUTOCOMPLETE.text, keystrokes: AUTOCOMPLETE.text.length, keyMs: AUTOCOMPLETE.keyMs, debounceMs: "default",
      searchRequests: posts.length, sessionRequests: sessions.length, sentQueries: posts.map((p) => p.body?.query),
      delivered: delivered.length, aborted: aborted.length, lastOptions: last.options, lastHasResult: last.hasResult,
      lastDeliveredAtMs: last.at, verdict: acPass ? "PASS" : "FAIL",
    };
    row("autocomplete: search requests", String(posts.length), `+${sessions.length} session GET`, "exactly 1", posts.length === 1 ? "PASS" : "FAIL",
      `"${AUTOCOMPLETE.text}" (${AUTOCOMPLETE.text.length} keys, ${AUTOCOMPLETE.keyMs} ms/key), sent ${JSON.stringify(posts.map((p) => p.body?.query))}`);
    row("autocomplete: results delivered", String(delivered.length), `${aborted.length} ABORTED`, "exactly 1", delivered.length === 1 && last.ok ? "PASS" : "FAIL",
      `last: ${last.options} options${last.hasResult ? " + result" : ""}, at ${last.at.toFixed(0)} ms`);

    // ---------- 6. memory ----------
    log(`memory: ${N.memWarmup} warm-up calls, then ${N.memCalls} calls sampled every ${N.memEvery} ...`);
    await page.close();
    const memPage = await openPage(context);   // fresh page: no garbage from the bulk run in the first sample
    const mem = await memPage.evaluate((o) => window.benchMemory(o), { warmup: N.memWarmup, calls: N.memCalls, every: N.memEvery });
    if (!mem.sameExports) die("memory: init() did not resolve to the same wasm exports on a second call");
    const trend = (key) => {
      const xs = mem.samples.map((s) => s[key]);
      const first = xs[0], lastV = xs.at(-1), max = Math.max(...xs);
      const growth = (lastV - first) / first;
      return { first, last: lastV, max, growth, verdict: growth <= TARGETS.memGrowth ? "no growth trend" : "GROWING" };
    };
    const js = trend("jsHeap"), wm = trend("wasm");
    results.memory = { method, warmupCalls: N.memWarmup, calls: N.memCalls, every: N.memEvery, jsHeap: js, wasm: wm, samples: mem.samples };
    const mb = (n) => (n / 1048576).toFixed(2) + " MB";
    row("memory: JS heap first/last/max", `${mb(js.first)} / ${mb(js.last)} / ${mb(js.max)}`, `${(js.growth * 100).toFixed(1)}%`, "last <= first +10%", js.verdict === "no growth trend" ? "PASS" : "FAIL", js.verdict);
    row("memory: wasm first/last/max", `${mb(wm.first)} / ${mb(wm.last)} / ${mb(wm.max)}`, `${(wm.growth * 100).toFixed(1)}%`, "last <= first +10%", wm.verdict === "no growth trend" ? "PASS" : "FAIL", wm.verdict);

    await memPage.close();
  }

  // ---------- 7. cold page ----------
  if (COLD) {
    const packages = { current: PKG, ...(baseline ? { baseline: baseline.pkg } : {}) };
    const { pkg: _p, ...baseInfo } = baseline || {};
    cold = await runColdPage({
      browser, mockUrl: mock.url, packages, baseline: baseline ? baseInfo : null, runs: N.coldRuns,
      apiGzip: !argv.has("--api-identity"), log, problems, target: TARGETS.coldWarmRatio,
    });
    results.coldPage = cold.results;
    rows.push(...cold.rows);
  }

  if (problems.length) die(`page problems:\n  ${problems.join("\n  ")}`);
  await context.close();
} catch (e) {
  console.error(`bench: BROKEN: ${e && e.stack || e}`);
  exitCode = 1;
} finally {
  await browser.close();
  await web.close();
  await webCached.close();
  await mock.close();
}

// ---------- report ----------
results.seconds = (Date.now() - t0) / 1000;
results.rows = rows;
const w = [0, 0, 0, 0, 0];
const cols = (r) => [r.figure, r.value, r.spread, r.target, r.pass];
for (const r of rows) cols(r).forEach((c, i) => { w[i] = Math.max(w[i], String(c).length); });
const head = ["figure", "median / value", "min..max", "target", "verdict"];
head.forEach((c, i) => { w[i] = Math.max(w[i], c.length); });
const line = (cs) => cs.map((c, i) => String(c).padEnd(w[i])).join("  ").trimEnd();
console.log("");
console.log(`afosto-checkout benchmark (${results.browser ?? "chromium"}, ${results.machine.cpus} cores, load ${results.machine.loadavg.map((x) => x.toFixed(2)).join(" ")}${results.method ? `; ${results.method}` : ""}${results.timer ? `; timer ${(results.timer.ms * 1000).toFixed(0)} us` : ""})`);
console.log(line(head));
console.log(w.map((n) => "-".repeat(n)).join("  "));
for (const r of rows) {
  console.log(line(cols(r)));
  if (r.note) console.log(" ".repeat(4) + r.note);
}
if (cold) {
  console.log("");
  for (const l of coldTable(cold)) console.log(l);
}
const passes = rows.filter((r) => r.pass.startsWith("PASS")).length, fails = rows.filter((r) => r.pass === "FAIL").length;
console.log(`targets: ${passes} PASS, ${fails} FAIL (missed targets are reported, not fatal); ${results.seconds.toFixed(0)} s`);
fs.mkdirSync(path.join(ROOT, "bench-results"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "bench-results", "bench.json"), JSON.stringify(results, null, 2));
console.log("wrote bench-results/bench.json");
process.exit(exitCode);
