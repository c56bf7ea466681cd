// AddressSearch helpers: one AbortController per search call, aborted when a
// newer search supersedes it or when the caller's own AbortSignal fires.

/** A new AbortController that also aborts when `signal` (optional) does. */
export function searchController(signal) {
  const c = new AbortController();
  if (signal) {
    if (signal.aborted) c.abort();
    // The listener goes away with the controller's own abort.
    else signal.addEventListener("abort", () => c.abort(), { once: true, signal: c.signal });
  }
  return c;
}

/** Abort a search's controller (superseded). */
export function cancelSearch(c) {
  c.abort();
}
