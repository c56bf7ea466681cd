// faults.mjs: the mock's injectable faults. A fault is picked per request (header
// `x-mock-fault`, or the queue filled by POST /__mock/faults) and turns the normal response
// into a broken one. The server handles `stall`, `reset`, `stall-after` and `reset-after` itself
// (they never answer; the `-after` ones run the route first, so its state change happens).

export const FAULT_NAMES = [
  '500', '502', '503', '503-retry-after', '429', '429-date', '401', '404', '409',
  'stall', 'reset', 'stall-after', 'reset-after', 'truncate', 'html', 'wrong-content-type', 'wrong-shape', 'cors', 'deep',
];

// Faults that answer with an error status instead of running the route.
const STATUS_FAULTS = {
  500: { status: 500 },
  502: { status: 502 },
  503: { status: 503 },
  '503-retry-after': { status: 503, retryAfter: () => '1' },
  429: { status: 429, retryAfter: () => '1' },
  // an HTTP date 2-3 s ahead (HTTP dates have whole seconds)
  '429-date': { status: 429, retryAfter: () => new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000).toUTCString() },
  401: { status: 401 },
  404: { status: 404 },
  // the reference documents 409 "Identity already exists" next to 204 on /rel/identity/exists
  409: { status: 409 },
};

// Faults that need the route's own response (they reshape it) vs. ones that replace it.
export const needsRoute = (name) => ['truncate', 'wrong-content-type', 'wrong-shape', 'cors'].includes(name);

// { status, retryAfter? } for a status fault, else null.
export function statusFault(name) {
  const f = STATUS_FAULTS[name];
  if (!f) return null;
  return { status: f.status, retryAfter: f.retryAfter?.() };
}

const JSON_TYPE = { 'content-type': 'application/json' };

// A replacement response for faults that do not depend on the route: html, deep.
export function standaloneFault(name) {
  if (name === 'html') return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, text: '<html><body>Bad gateway</body></html>' };
  if (name === 'deep') return { status: 200, headers: JSON_TYPE, text: '['.repeat(10000) + ']'.repeat(10000) };
  return null;
}

// Reshapes the route's rendered response {status, headers, text, body} for a route fault.
// Returns { response, cors } where cors=false means "send no Access-Control-* headers".
export function reshape(name, out) {
  switch (name) {
    case 'truncate': {
      // cut in the middle of the JSON; routes without a body get a cut-off token object
      const text = out.text ? out.text.slice(0, Math.max(1, Math.floor(out.text.length / 2))) : '{"token": "abc';
      return { response: { status: 200, headers: JSON_TYPE, text }, cors: true };
    }
    case 'wrong-content-type':
      return { response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, text: out.text ?? '' }, cors: true };
    case 'wrong-shape':
      return { response: { status: 200, headers: JSON_TYPE, text: Array.isArray(out.body) ? '{"unexpected": true}' : '[1,2]' }, cors: true };
    case 'cors':
      return { response: out, cors: false };
    default:
      return { response: out, cors: true };
  }
}

// Queue of faults for upcoming requests. path: exact raw path, or a prefix ending in "*".
export class FaultQueue {
  constructor() {
    this.items = [];
  }

  // Throws an Error with a readable message on bad input.
  add({ method, path, fault, times = 1 }) {
    if (typeof path !== 'string' || !path.startsWith('/')) throw new Error('path must be a string starting with "/"');
    if (!FAULT_NAMES.includes(fault)) throw new Error(`fault must be one of ${FAULT_NAMES.join(', ')}`);
    if (!Number.isInteger(times) || times < 0) throw new Error('times must be an integer >= 0 (0 = forever)');
    if (method !== undefined && method !== null && typeof method !== 'string') throw new Error('method must be a string');
    this.items.push({ method: method ? method.toUpperCase() : null, path, fault, times, remaining: times });
  }

  // The fault for this request (consuming one use), or null.
  take(method, rawPath) {
    const i = this.items.findIndex((f) =>
      (!f.method || f.method === method) &&
      (f.path.endsWith('*') ? rawPath.startsWith(f.path.slice(0, -1)) : rawPath === f.path));
    if (i < 0) return null;
    const f = this.items[i];
    if (f.times !== 0 && --f.remaining <= 0) this.items.splice(i, 1);
    return f.fault;
  }

  list() {
    return this.items.map(({ method, path, fault, times, remaining }) => ({ method, path, fault, times, remaining: times === 0 ? null : remaining }));
  }

  clear() {
    this.items = [];
  }
}
