// A fake Afosto API for package tests in Node: an injected `fetch` that answers each request
// with `route(method, path, body, init, url)` and records it, so a test controls exactly what
// the "server" sends (fields left out, one imperfect element, a status, a hang).

/** A JSON response. */
export const json = (v, status = 200) => new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });

/** The reference's error body with `status` and `errors` (`{kind: [property]}`). */
export const apiError = (status, errors = {}) => json({ code: status, message: "error", reference: "ref-1", errors }, status);

/**
 * A client of `lib` whose fetch is `route`; `sent` records `{method, path, query, body}`,
 * `warnings` what `onWarning` heard.
 */
export function fakeApi(lib, route, config = {}) {
  const sent = [];
  const client = new lib.AfostoClient({
    retries: 0,
    ...config,
    fetch: async (url, init) => {
      const u = new URL(url);
      const body = init.body ? JSON.parse(init.body) : undefined;
      sent.push({ method: init.method, path: u.pathname, query: Object.fromEntries(u.searchParams), body });
      return route(init.method, u.pathname, body, init, u);
    },
  });
  const warnings = [];
  client.onWarning((w) => warnings.push(w));
  return { client, sent, warnings };
}

/** The error `p` rejects with (fails the test when it resolves). */
export async function rejection(p) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
