// `npm run smoke`: the read-only calls of the built package (pkg/) against a real API or the mock,
// printing per call what came back, which list elements the client left out (its warnings) and
// any DECODE. Exits 1 when a call failed (DECODE included), 2 on bad usage.
//
//   npm run smoke                                   # the mock, full answers then sparse ones
//   AFOSTO_TOKEN=… npm run smoke -- --base-url https://api.afosto.io --channel <uuid> [--country NL] [--postal-code "1012 LG"]
//
// Flags (or env): --base-url (AFOSTO_BASE_URL), --channel (AFOSTO_CHANNEL_ID), --country
// (AFOSTO_COUNTRY, default NL), --postal-code (AFOSTO_POSTAL_CODE), --query (AFOSTO_QUERY, the
// address search text), --carriers (AFOSTO_CARRIERS, default postnl,dhl), --mode full|sparse|both
// (the mock only, default both), --json (one JSON report instead of text). The bearer token is
// read from AFOSTO_TOKEN only, and never printed.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULTS = {
  NL: { postalCode: "1012 LG", query: "Damrak 1" },
  BE: { postalCode: "1000", query: "Rue Neuve 12" },
  DE: { postalCode: "10115", query: "Friedrichstraße 1" },
};
const MOCK_CHANNEL = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const USAGE = `usage: npm run smoke -- [--base-url URL] [--channel UUID] [--country CC] [--postal-code P] [--query TEXT]
                      [--carriers postnl,dhl] [--mode full|sparse|both] [--json]
  without --base-url (or AFOSTO_BASE_URL) the package's mock is started; the token comes from AFOSTO_TOKEN`;

function usage(message) {
  process.stderr.write(`smoke: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv, env) {
  const flags = {};
  const known = ["base-url", "channel", "country", "postal-code", "query", "carriers", "mode"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--token" || a.startsWith("--token=")) usage("the token is read from AFOSTO_TOKEN only (never a flag, so it stays out of shell history)");
    if (a === "--help" || a === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (a === "--json") {
      flags.json = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(a);
    if (!m || !known.includes(m[1])) usage(`unknown argument ${JSON.stringify(a)}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) usage(`--${m[1]} needs a value`);
    flags[m[1]] = value;
  }
  const country = (flags.country ?? env.AFOSTO_COUNTRY ?? "NL").toUpperCase();
  const d = DEFAULTS[country] ?? {};
  const opts = {
    baseUrl: flags["base-url"] ?? env.AFOSTO_BASE_URL ?? "",
    channelId: flags.channel ?? env.AFOSTO_CHANNEL_ID ?? "",
    country,
    postalCode: flags["postal-code"] ?? env.AFOSTO_POSTAL_CODE ?? d.postalCode,
    query: flags.query ?? env.AFOSTO_QUERY ?? d.query,
    carriers: (flags.carriers ?? env.AFOSTO_CARRIERS ?? "postnl,dhl").split(",").map((c) => c.trim()).filter(Boolean),
    mode: flags.mode ?? "both",
    json: Boolean(flags.json),
    token: env.AFOSTO_TOKEN || "",
  };
  if (!opts.postalCode) usage(`no default postal code for ${country}: pass --postal-code`);
  if (!opts.query) opts.query = opts.postalCode;
  if (!["full", "sparse", "both"].includes(opts.mode)) usage("--mode is full, sparse or both");
  if (opts.baseUrl && flags.mode) usage("--mode applies to the mock only (no --base-url)");
  if (!opts.carriers.length) usage("--carriers needs at least one carrier");
  return opts;
}

/** Loads pkg/ in Node (wasm bytes passed to init). */
async function loadPackage() {
  const js = path.join(ROOT, "pkg/afosto_checkout.js");
  const wasm = path.join(ROOT, "pkg/afosto_checkout_bg.wasm");
  if (!fs.existsSync(js) || !fs.existsSync(wasm)) {
    process.stderr.write("smoke: pkg/ is not built; run `npm run build` first\n");
    process.exit(2);
  }
  const lib = await import(js);
  await lib.default({ module_or_path: fs.readFileSync(wasm) });
  return lib;
}

/** The read-only calls: [label, (client) => Promise<summary string>]. */
function calls(o) {
  const count = (n, what) => `${n} ${what}`;
  const list = [
    [`addressFormat(${o.country})`, async (c) => {
      const f = await c.addressFormat(o.country);
      return `required ${f.required.length}, allowed ${f.allowed.length}`;
    }],
    [`startAddressSearch(${o.country}) + search(${JSON.stringify(o.query)})`, async (c) => {
      const s = await c.startAddressSearch(o.country, { debounceMs: 0 });
      try {
        const r = await s.search(o.query);
        return `${count(r.options.length, "options")}, result ${r.result ? (r.result.isPrecise ? "precise" : "not precise") : "none"}`;
      } finally {
        s.free();
      }
    }],
    [`listShippingMethods(${o.country})`, async (c) => count((await c.listShippingMethods({ countryCode: o.country })).length, "methods")],
  ];
  for (const carrier of o.carriers) {
    list.push([`listServicePoints(${carrier}, ${o.country} ${o.postalCode})`, async (c) =>
      count((await c.listServicePoints({ carrier, countryCode: o.country, postalCode: o.postalCode })).length, "points")]);
  }
  list.push([`listDpdServicePoints(${o.country} ${o.postalCode})`, async (c) =>
    count((await c.listDpdServicePoints({ countryCode: o.country, postalCode: o.postalCode })).length, "points")]);
  return list;
}

/** Runs every call against `baseUrl`; returns the report of one pass. */
async function pass(lib, o, { baseUrl, label, token, channelId }) {
  const config = { baseUrl, retries: 0, autoExtend: false };
  if (channelId) config.channelId = channelId;
  if (token) config.token = token;
  const client = new lib.AfostoClient(config);
  let current = [];
  const off = client.onWarning((w) => current.push(w));
  const rows = [];
  try {
    for (const [name, run] of calls(o)) {
      current = [];
      const row = { call: name, ok: false, result: "", dropped: [], error: null };
      try {
        row.result = await run(client);
        row.ok = true;
      } catch (e) {
        row.error = { code: e?.code ?? "ERROR", status: e?.status, message: String(e?.message ?? e), jsonPath: e?.jsonPath };
      }
      row.dropped = current.map((w) => ({ code: w.code, method: w.method, path: w.path, jsonPath: w.jsonPath, message: w.message }));
      rows.push(row);
    }
  } finally {
    off();
    client.free();
  }
  const failed = rows.filter((r) => !r.ok).length;
  const decode = rows.filter((r) => r.error?.code === "DECODE").length;
  const dropped = rows.reduce((n, r) => n + r.dropped.length, 0);
  return { label, baseUrl, rows, failed, decode, dropped };
}

function printPass(p, scrub) {
  const out = [`smoke: ${p.label}`];
  const width = Math.max(...p.rows.map((r) => r.call.length));
  for (const r of p.rows) {
    const head = `  ${r.call.padEnd(width)}  `;
    if (r.ok) out.push(`${head}ok      ${r.result}; dropped ${r.dropped.length}`);
    else out.push(`${head}FAILED  ${r.error.code}${r.error.status ? ` ${r.error.status}` : ""}: ${r.error.message}${r.error.jsonPath ? ` (at ${r.error.jsonPath})` : ""}`);
    for (const d of r.dropped.slice(0, 10)) out.push(`      dropped: ${d.jsonPath ?? "?"} (${d.method ?? "?"} ${d.path ?? "?"}): ${d.message}`);
    if (r.dropped.length > 10) out.push(`      … and ${r.dropped.length - 10} more`);
  }
  if (p.rows.some((r) => r.error?.code === "UNAUTHORIZED")) out.push("  (the API refused the token: the client dropped it, so later calls went without one)");
  out.push(`  ${p.rows.length} calls, ${p.failed} failed, ${p.decode} DECODE, ${p.dropped} dropped elements`);
  process.stdout.write(scrub(out.join("\n")) + "\n");
}

async function control(base, p, body) {
  const r = await fetch(base + p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (!r.ok) throw new Error(`mock control ${p}: ${r.status} ${await r.text()}`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2), process.env);
  // the token must never reach the output, whatever an error message says
  const scrub = (text) => (o.token ? text.split(o.token).join("[token]") : text);
  const lib = await loadPackage();
  const passes = [];
  if (o.baseUrl) {
    passes.push(await pass(lib, o, { baseUrl: o.baseUrl, label: `${o.baseUrl}${o.channelId ? ` (channel ${o.channelId})` : ""}${o.token ? ", with a token" : ""}`,
      token: o.token, channelId: o.channelId }));
  } else {
    const { startMock } = await import(path.join(ROOT, "tests/mock/server.mjs"));
    const mock = await startMock({ port: 0 });
    try {
      const modes = o.mode === "both" ? ["full", "sparse"] : [o.mode];
      for (const mode of modes) {
        // the mock's control API (tests/mock/README.md): start over, then full or sparse answers
        await control(mock.url, "/__mock/reset");
        await control(mock.url, "/__mock/config", { sparse: mode === "sparse" });
        // AFOSTO_TOKEN is for a real API: the mock is called without it
        passes.push({ mode, ...await pass(lib, o, { baseUrl: mock.url, label: `the mock at ${mock.url}, ${mode} answers (channel ${o.channelId || MOCK_CHANNEL})`,
          channelId: o.channelId || MOCK_CHANNEL }) });
      }
    } finally {
      await mock.close();
    }
  }
  const failed = passes.some((p) => p.failed > 0);
  if (o.json) process.stdout.write(scrub(JSON.stringify({ ok: !failed, passes }, null, 2)) + "\n");
  else for (const p of passes) printPass(p, scrub);
  if (!o.json) process.stdout.write(failed ? "smoke: FAILED\n" : "smoke: ok\n");
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  const token = process.env.AFOSTO_TOKEN;
  const text = String(e?.stack ?? e);
  process.stderr.write(`smoke: ${token ? text.split(token).join("[token]") : text}\n`);
  process.exit(1);
});
