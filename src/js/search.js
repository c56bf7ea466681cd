// @ts-check
// AddressSearch: one autocomplete session (latest wins, debounce, memory,
// session renewal). Inputs are checked and requests built and decoded by the
// wasm core; this file holds only the state over time.

import { sleep } from "./transport.js";
import { op, call } from "../../build/generated/operations.js";
import { DISPOSE } from "./ready.js";

/** Answers kept per session (oldest dropped first). */
const MEMO_LIMIT = 100;

/**
 * One address-autocomplete session (holds the `session_key`). Create it with
 * `client.startAddressSearch(countryCode)`.
 */
export class AddressSearch {
  /** Kept through minification, for stack traces and `console.log`. */
  static name = "AddressSearch";
  #link;
  #cc;
  #debounce;
  #key;
  #gen = 0;
  /** @type {AbortController | null} */
  #ctrl = null;
  #memo = new Map();

  /** @internal `link` is `{ core, opts, send, settle }` from the client. */
  constructor(link, countryCode, debounceMs, sessionKey) {
    this.#link = link;
    this.#cc = countryCode;
    this.#debounce = debounceMs;
    this.#key = sessionKey;
  }

  /** The session key in use (changes when an expired session is renewed). */
  get sessionKey() {
    return this.#key;
  }

  /** Autocomplete `query` (POST /rel/search/addresses); see the .d.ts. */
  async search(query, o) {
    // Supersede the previous search before anything awaits.
    const gen = ++this.#gen;
    this.#ctrl?.abort();
    this.#ctrl = null;
    const { core, opts } = this.#link;
    const { timeoutMs, signal } = opts(o);
    const { query: q, context } = core.call(call.searchInput, 0, query, o);
    // Nothing typed and nothing to drill into: no request.
    if (!q && !context) return { options: [] };
    // Collision-free for any strings (NULs included).
    const memoKey = JSON.stringify([q, context]);
    const known = this.#memo.get(memoKey);
    // A copy each time: what a caller does to its answer stays its own.
    if (known) return structuredClone(known);
    // Aborted by the next search or by the caller's signal (already-aborted
    // signals were rejected by `opts`).
    const req = core.call(call.prepare, op.search, this.#key, q, context);
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort();
    // Removed when this search ends, however it ends: a page that passes one
    // signal with every keystroke must not collect listeners on it.
    signal?.addEventListener("abort", onAbort, { once: true });
    this.#ctrl = ctrl;
    const current = () => this.#gen === gen;
    const stop = () => core.call(call.failure, 0, req, { failure: current() ? "aborted" : "superseded" }, 0);
    let value, error;
    try {
      if (!(await sleep(this.#debounce, ctrl.signal)) || !current()) throw stop();
      value = await this.#send(req, q, context, timeoutMs, ctrl.signal);
    } catch (e) {
      error = e;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    if (!current()) throw stop();
    this.#ctrl = null;
    if (error) throw error;
    // Only the latest search gets here, and it missed the memory: a new key.
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.delete(this.#memo.keys().next().value);
    this.#memo.set(memoKey, structuredClone(value));
    return value;
  }

  /** Same as `free()` (`using` declarations). */
  [DISPOSE]() {
    this.free();
  }

  /** Stop the search in flight (it rejects with ABORTED). */
  free() {
    this.#gen++;
    this.#ctrl?.abort();
    this.#ctrl = null;
  }

  /** Send one search; when the session key is rejected, start a new session once and retry. */
  async #send(req, q, context, timeoutMs, signal) {
    const { core, send, settle } = this.#link;
    const key = this.#key;
    const first = settle(op.searchFirst, req, await send(req, timeoutMs, signal));
    if (first !== null) return first;
    if (this.#key === key) {
      const start = core.call(call.prepare, op.startAddressSearch, this.#cc);
      this.#key = settle(op.startAddressSearch, start, await send(start, timeoutMs, signal));
    }
    const again = core.call(call.prepare, op.search, this.#key, q, context);
    return settle(op.search, again, await send(again, timeoutMs, signal));
  }
}
