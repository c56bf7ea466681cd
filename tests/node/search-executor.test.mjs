// AddressSearch (src/js/search.js) is an executor with no policy: the
// address search's machine (src/search.rs, behind core.call(call.searchStep))
// decides latest-wins, the debounce, the memory, the blank query and the
// session renewal, and the JS only carries out its effects. These tests fail
// when the JS decides anything itself:
// - a static check of search.js (no comparisons, no conditions, no
//   arithmetic, no trimming, no memory of its own);
// - the packaged AddressSearch driven by a scripted machine that answers
//   against every rule: the JS must follow it anyway;
// - the packaged AddressSearch on the real machine, instrumented: every
//   timer, request and settled promise is one of the machine's effects, and
//   nothing else happens.
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();
/** A generated name table (`call`, `op`), read from build/generated/operations.js's text (its imports need the bundle). */
function table(name) {
  const text = fs.readFileSync(path.join(ROOT, "build/generated/operations.js"), "utf8");
  const body = new RegExp(`export const ${name} = Object\\.freeze\\(\\{([^}]*)\\}\\)`).exec(text)[1];
  return Object.fromEntries(body.split(",").map((pair) => pair.split(":").map((s) => s.trim())).map(([k, v]) => [k, Number(v)]));
}
const call = table("call");
const op = table("op");
const ev = await import(path.join(ROOT, "build/generated/search-events.js"));
const fx = await import(path.join(ROOT, "build/generated/search-effects.js"));

test("search.js decides nothing: no comparison, condition, arithmetic, trimming or memory of its own", () => {
  const source = fs.readFileSync(path.join(ROOT, "src/js/search.js"), "utf8");
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/.*$/gm, " ")
    .replace(/^import .*$/gm, " ")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/=>/g, " ARROW ")
    .replace(/\?\./g, " OPTIONAL ");
  const forbidden = {
    "a comparison": /===|!==|==|!=|<=|>=|[<>]/,
    "a condition": /\bif\b|\?|&&|\|\||\bwhile\b/,
    "arithmetic (a debounce or a counter of its own)": /\+\+|--|[-+*/%]=?/,
    // (0: the unused `n` of core.call)
    "a number of its own (a limit, a wait)": /\b(?!0\b)\d+\b/,
    "trimming or blank tests": /\.trim|\.length|\.size\b/,
    "a key of its own (JSON.stringify, a generation)": /JSON\.|#gen\b|generation/i,
    "a wait of its own": /\bsleep\b|Date\.now|performance\./,
  };
  for (const [what, re] of Object.entries(forbidden)) {
    const hit = code.split("\n").find((line) => re.test(line));
    assert.equal(hit, undefined, `search.js makes ${what}: ${hit?.trim()}`);
  }
  // Timers only for the machine's ms (the effect's `n`).
  const timers = [...code.matchAll(/setTimeout\(([^;]*)\)/g)].map((m) => m[1]);
  assert.ok(timers.length && timers.every((args) => /,\s*n$/.test(args)), timers.join(" | "));
  // Branching only on the machine's effect kinds.
  const cases = [...code.matchAll(/case ([\w.]+):/g)].map((m) => m[1]);
  assert.ok(cases.length && cases.every((c) => c.startsWith("fx.")), cases.join(", "));
});

/** An effect, as the core makes them. */
const E = (kind, gen, value, n) => ({ kind, gen, value, n });

/**
 * A scripted machine: `core.call` answers `searchStep` from `script(kind, x, y)`
 * and records every call.
 */
function scripted(script) {
  const steps = [];
  const core = {
    call(kind, n, a, b, c) {
      if (kind === call.searchOpen) return 7;
      if (kind === call.searchInput) return { query: a, context: b?.context ?? "" };
      assert.equal(kind, call.searchStep, `core call ${kind}`);
      assert.equal(n, 7, "the machine's handle");
      steps.push([a, b, c]);
      return script(a, b, c);
    },
  };
  const sent = [];
  const link = {
    core,
    opts: (o) => ({ timeoutMs: 1234, signal: o?.signal }),
    send: (req, timeoutMs, signal) => (sent.push({ req, timeoutMs, signal }), Promise.resolve({ response: req })),
    settle: (kind, req, r) => ({ settledAs: kind, req, r }),
  };
  return { search: new lib.AddressSearch(link, "NL", 150, "k"), steps, sent };
}

/** How a promise stands now: "pending", ["ok", v] or ["err", e]. */
async function state(p) {
  let out = "pending";
  p.then((v) => (out = ["ok", v]), (e) => (out = ["err", e]));
  for (let i = 0; i < 5; i++) await null;
  return out;
}

test("the JS follows a machine that breaks every rule: it has no policy of its own", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const answer = { options: [{ value: "v", label: "l" }] };
    const refusal = new Error("refused");
    const superseded = new Error("told to");
    let gen = 0;
    const { search, steps, sent } = scripted((kind, x, y) => {
      switch (kind) {
        // A blank query: no empty answer, a 7 ms timer (not the configured 150).
        case ev.search: return { gen: ++gen, effects: gen === 1 ? [E(fx.timer, 1, undefined, 7)] : [] };
        case ev.refused: return { gen: ++gen, effects: [] };
        case ev.timer: return [E(fx.send, x, { url: "u" }, op.search)];
        case ev.settled: return [E(fx.remember, 0, y, 5), E(fx.resolve, x, answer)];
        case ev.aborted: return [];
        case ev.free: return [E(fx.reject, 2, superseded)];
        case ev.key: return "key from the machine";
        default: return [];
      }
    });
    const first = search.search("   ");
    assert.deepEqual(steps.at(-1), [ev.search, "   ", ""], "the query goes to the machine as typed");
    // A newer call the machine lets both live: the first is not superseded.
    const ctrl = new AbortController();
    const second = search.search("Damrak", { signal: ctrl.signal });
    assert.equal(await state(first), "pending");
    // Nothing is sent before the machine's timer fires, which is after 7 ms, not 150.
    assert.equal(sent.length, 0);
    mock.timers.tick(6);
    assert.equal(sent.length, 0);
    mock.timers.tick(1);
    assert.deepEqual(steps.at(-1), [ev.timer, 1, undefined]);
    assert.deepEqual(sent.map((s) => [s.req, s.timeoutMs]), [[{ url: "u" }, 1234]]);
    for (let i = 0; i < 5; i++) await null;
    // The settled value goes back to the machine; the promise gets the machine's answer.
    assert.equal(steps.at(-1)[0], ev.settled);
    assert.deepEqual(steps.at(-1)[2], { settledAs: op.search, req: { url: "u" }, r: { response: { url: "u" } } });
    assert.deepEqual(await state(first), ["ok", answer]);
    // The caller's signal is only reported: the call ends when the machine says.
    ctrl.abort();
    assert.deepEqual(steps.at(-1), [ev.aborted, 2, undefined]);
    assert.equal(await state(second), "pending");
    search.free();
    assert.deepEqual(await state(second), ["err", superseded]);
    // Refused arguments are reported, not rejected by the JS.
    const bad = search.search(42, { get signal() { throw refusal; } });
    assert.deepEqual(steps.at(-1), [ev.refused, refusal, undefined]);
    assert.equal(await state(bad), "pending");
    assert.equal(search.sessionKey, "key from the machine");
  } finally {
    mock.timers.reset();
  }
});

test("the JS keeps copies of what the machine tells it to keep, and recalls only what it is told", async () => {
  const kept = { options: [{ value: "a", label: "a" }] };
  let gen = 0;
  const { search } = scripted((kind) =>
    kind === ev.search
      ? ++gen === 1
        ? { gen, effects: [E(fx.remember, 0, kept, 9), E(fx.recall, gen, undefined, 9)] }
        : { gen, effects: [E(fx.forget, 0, undefined, 9), E(fx.recall, gen, undefined, 9)] }
      : [],
  );
  const a = await search.search("anything");
  assert.deepEqual(a, kept);
  assert.notEqual(a, kept, "a copy");
  kept.options.length = 0;
  // Forgotten, then recalled: the JS does not second-guess the machine.
  assert.equal(await search.search("anything"), undefined);
});

/** The real machine (a core of its own), with every step's effects recorded. */
async function instrumented() {
  const glue = await import(path.join(ROOT, "build/wasm/afosto_checkout.js"));
  glue.initSync({ module: fs.readFileSync(path.join(ROOT, "build/wasm/afosto_checkout_bg.wasm")) });
  const real = new glue.Core({ baseUrl: "http://127.0.0.1:9" });
  const effects = [];
  const core = {
    call(kind, n, a, b, c) {
      const out = real.call(kind, n, a, b, c);
      if (kind === call.searchStep && typeof out === "object" && out) effects.push(...(out.effects ?? out));
      return out;
    },
  };
  const answers = new Map();
  const sent = [];
  const link = {
    core,
    opts: (o) => (o == null ? { timeoutMs: 1000, signal: undefined } : real.call(call.callOptions, 0, o)),
    send: (req, timeoutMs, signal) => {
      sent.push({ req, signal });
      const { query } = JSON.parse(req.body);
      const body = answers.get(query) ?? { options: [{ value: query, label: query, precision: "street" }] };
      return Promise.resolve({ status: 200, contentType: "application/json", retryAfter: null, text: "", json: body, hasJson: true });
    },
    settle: (kind, req, r) => real.call(call.settle, kind, req, r),
  };
  return { search: new lib.AddressSearch(link, "NL", 20, "key-1"), effects, sent };
}

test("on the real machine, every timer, request and settled call is one of its effects", async () => {
  const timers = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms) => (timers.push(ms), realSetTimeout(fn, ms));
  try {
    const { search, effects, sent } = await instrumented();
    const settled = [];
    const track = (p) => p.then((v) => (settled.push(["ok", v]), v), (e) => (settled.push(["err", e]), e));
    // Typing: only the last call resolves, one request.
    const typing = ["D", "Da", "Dam"].map((q) => track(search.search(q)));
    await Promise.all(typing);
    // From memory, blank, refused, then a new query.
    await track(search.search(" Dam "));
    await track(search.search("  "));
    await track(search.search(1));
    await track(search.search("Rokin"));
    const of = (kind) => effects.filter((e) => e.kind === kind);
    assert.deepEqual(timers, of(fx.timer).map((e) => e.n), "every timer is the machine's, for the machine's ms");
    assert.deepEqual(sent.map((s) => s.req), of(fx.send).map((e) => e.value), "every request is the machine's");
    assert.deepEqual(sent.map((s) => JSON.parse(s.req.body).query), ["Dam", "Rokin"]);
    assert.equal(settled.length, of(fx.resolve).length + of(fx.reject).length + of(fx.recall).length);
    assert.deepEqual(settled.map(([how]) => how), ["err", "err", "ok", "ok", "ok", "err", "ok"]);
    const [, , dam, memo, blank, refused, rokin] = settled.map(([, v]) => v);
    assert.deepEqual(memo, dam, "answered from memory");
    assert.notEqual(memo, dam, "as a copy");
    assert.deepEqual(blank, { options: [] });
    assert.equal(refused.code, "INVALID_INPUT");
    assert.equal(rokin.options[0].value, "Rokin");
    assert.equal(search.sessionKey, "key-1");
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});
