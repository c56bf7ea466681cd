// server.mjs: local mock of the Afosto storefront API for afosto-checkout's tests and demo.
// This file holds the HTTP server, CORS, routing on the raw path, the bearer check, the request
// log, fault injection and the control API under /__mock/. The API areas live in identity.mjs,
// addresses.mjs, shipping.mjs, checkout.mjs, orders.mjs and payments.mjs (a module may add
// control calls of its own: its `controlRoutes`). Node 20 built-ins only.
//
//   node tests/mock/server.mjs [--port N]      (default: $MOCK_PORT or 4011; 0 = any free port)
//   import { startMock } from './server.mjs'; const { url, close } = await startMock({ port: 0 });
//
// startMock is also the package's public `afosto-checkout/mock` entry: scripts/package-mock.mjs
// bundles this folder into pkg/mock/, and its documented API is tests/mock/index.d.ts.

import http from 'node:http';
import { writeFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MockError, sleep, isHttpUrl } from './common.mjs';
import { createValidator, describeErrors } from './openapi.mjs';
import { sparseBody } from './sparse.mjs';
import { FAULT_NAMES, FaultQueue, statusFault, standaloneFault, needsRoute, reshape } from './faults.mjs';
import { createIdentity } from './identity.mjs';
import { createAddresses } from './addresses.mjs';
import { createShipping, DEFAULT_POINT_LIMIT, MAX_POINT_LIMIT } from './shipping.mjs';
import { createCheckout } from './checkout.mjs';
import { createOrders } from './orders.mjs';
import { createPayments } from './payments.mjs';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 4011;
const MAX_LOG = 50000; // oldest entries are dropped beyond this
const MAX_DELAY_MS = 120000;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': '*, retry-after, x-mock-request-id',
};
const JSON_TYPE = { 'content-type': 'application/json' };
const defaultConfig = () => ({ tokenTtlSeconds: 3600, searchSessionTtlMs: 600000, pointLimit: DEFAULT_POINT_LIMIT, sparse: false, carriers: {},
  returnUrl: null, declineAuthorize: false });
const FORM_TYPE = 'application/x-www-form-urlencoded';

// ---- routing --------------------------------------------------------------------

// Route table entries: [method, "/a/:param/b", handler]. Matching is per segment, on the raw
// path split on "/" with each segment percent-decoded after splitting, so "%2F" never adds a
// segment.
function compileRoutes(list) {
  return list.map(([method, path, handler]) => ({ method, path, segments: path.split('/').slice(1), handler }));
}

// Every API route is an operation of the reference: each gets its operation (for the request
// checks) or the mock does not start.
function attachOperations(routes, validator) {
  for (const route of routes) {
    route.op = validator.operation(route.method, route.path.replace(/:(\w+)/g, '{$1}'));
    if (!route.op) throw new Error(`mock route ${route.method} ${route.path} is not an operation of the API reference`);
  }
  return routes;
}

// Returns { route, params }, null when no route matches, or throws 400 for a malformed path.
function matchRoute(routes, method, rawPath) {
  const segments = rawPath.split('/').slice(1).map((seg) => {
    try {
      return decodeURIComponent(seg);
    } catch {
      throw new MockError(400, `Malformed percent-encoding in path ${rawPath}`);
    }
  });
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params = {};
    const ok = route.segments.every((seg, i) => {
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = segments[i];
        return segments[i] !== '';
      }
      return seg === segments[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

function splitUrl(url) {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  return { rawPath, query: Object.fromEntries(new URLSearchParams(rawQuery)) };
}

// ---- the mock -------------------------------------------------------------------

// One independent mock instance: its own state, log, faults and config. `config` (a config
// patch, as POST /__mock/config takes) and `faults` (rules, as POST /__mock/faults takes) are
// applied at once and again by every reset: they are the mock's startup state.
export function createMock({ config: startConfig = {}, faults: startFaults = [] } = {}) {
  const ctx = { config: defaultConfig() };
  ctx.identity = createIdentity(ctx);
  ctx.addresses = createAddresses(ctx);
  ctx.shipping = createShipping(ctx);
  ctx.checkout = createCheckout(ctx);
  ctx.orders = createOrders(ctx);
  ctx.payments = createPayments(ctx);
  const modules = [ctx.identity, ctx.addresses, ctx.shipping, ctx.checkout, ctx.orders, ctx.payments];
  const validator = createValidator();
  const apiRoutes = attachOperations(compileRoutes(modules.flatMap((m) => m.routes)), validator);

  const faults = new FaultQueue();
  let log = [];
  let seq = 0;
  let references = 0; // not reset, so references stay unique for the process

  function reset() {
    ctx.config = defaultConfig();
    for (const m of modules) m.reset();
    faults.clear();
    log = [];
    seq = 0;
    applyStartup();
  }

  // The startup options; a bad one throws a TypeError naming it (startMock rejects with it).
  function applyStartup() {
    try {
      mergeConfig(startConfig);
    } catch (e) {
      throw new TypeError(`startMock: options.config: ${e.message}`);
    }
    startFaults.forEach((rule, i) => {
      try {
        faults.add(rule ?? {});
      } catch (e) {
        throw new TypeError(`startMock: options.faults[${i}]: ${e.message}`);
      }
    });
  }

  const reference = () => `mock-${String(++references).padStart(6, '0')}`;

  // The Afosto error body as a rendered response.
  function errorResponse(status, message, errors = {}, headers = {}) {
    const body = { code: status, message, reference: reference(), errors };
    return { status, headers: { ...JSON_TYPE, ...headers }, text: JSON.stringify(body), body };
  }

  // A handler result {status, body, headers, delayMs} as a rendered response. A control call may
  // answer `text` (an HTML page, a redirect) instead of a JSON `body`.
  function render(result) {
    const out = { status: result.status, headers: { ...(result.headers ?? {}) }, body: result.body, delayMs: result.delayMs ?? 0 };
    if (result.text !== undefined) {
      out.text = result.text;
    } else if (result.body !== undefined) {
      out.text = JSON.stringify(result.body);
      out.headers['content-type'] ??= JSON_TYPE['content-type'];
    }
    return out;
  }

  function fromError(err) {
    if (err instanceof MockError) return { ...errorResponse(err.status, err.message, err.errors, err.headers), delayMs: err.delayMs };
    process.stderr.write(`mock: internal error: ${err?.stack ?? err}\n`);
    return errorResponse(500, `Mock internal error: ${err?.message ?? err}`);
  }

  const parseJson = (text) => {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false, value: null };
    }
  };

  // Runs the API route for a request: 404 for unknown routes, 401 for bad bearer tokens, 400 for
  // bodies that are not JSON and for requests the reference does not allow (openapi.mjs), then
  // the handler (its answer cut down in sparse mode, sparse.mjs).
  async function runRoute(method, rawPath, query, headers, rawBody) {
    try {
      const match = matchRoute(apiRoutes, method, rawPath);
      if (!match) throw new MockError(404, `No mock route for ${method} ${rawPath}`);
      const auth = ctx.identity.verifyAuthorization(headers.authorization);
      let body = null;
      const hasBody = rawBody.length > 0 && (method === 'POST' || method === 'PUT');
      if (hasBody) {
        const parsed = parseJson(rawBody);
        if (!parsed.ok) throw new MockError(400, 'Request body is not valid JSON');
        body = parsed.value;
      }
      const problems = validator.validate(match.route.op, { query, body: hasBody ? body : undefined });
      if (problems) {
        throw new MockError(400, `Not a valid ${method} ${match.route.op.template} request per the API reference (${describeErrors(problems)})`, problems);
      }
      const result = await match.route.handler({ method, params: match.params, query, headers, body, auth });
      if (ctx.config.sparse && result.status < 300) result.body = sparseBody(method, match.route.path, result.body);
      return render(result);
    } catch (err) {
      return fromError(err);
    }
  }

  // ---- control API (/__mock/*): not logged, no faults, no auth ----
  function mergeConfig(patch) {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new MockError(400, 'config must be a JSON object');
    const bad = (name) => new MockError(400, `Invalid config value for ${name}`, { 'invalid value': [name] });
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'tokenTtlSeconds' || key === 'searchSessionTtlMs') {
        if (!Number.isInteger(value) || value < 0) throw bad(key);
        ctx.config[key] = value;
      } else if (key === 'pointLimit') {
        if (value === null) ctx.config.pointLimit = DEFAULT_POINT_LIMIT;
        else if (!Number.isInteger(value) || value < 1 || value > MAX_POINT_LIMIT) throw bad(key);
        else ctx.config.pointLimit = value;
      } else if (key === 'sparse' || key === 'declineAuthorize') {
        if (typeof value !== 'boolean') throw bad(key);
        ctx.config[key] = value;
      } else if (key === 'returnUrl') {
        if (value !== null && !isHttpUrl(value)) throw bad(key);
        ctx.config.returnUrl = value;
      } else if (key === 'carriers') {
        if (!value || typeof value !== 'object') throw bad(key);
        for (const [carrier, c] of Object.entries(value)) {
          if (c === null) {
            delete ctx.config.carriers[carrier];
            continue;
          }
          if (typeof c !== 'object') throw bad(`carriers.${carrier}`);
          const next = { ...(ctx.config.carriers[carrier] ?? {}) };
          for (const [k, v] of Object.entries(c)) {
            if (k === 'delayMs' && (v === null || (Number.isFinite(v) && v >= 0))) next.delayMs = v ?? undefined;
            else if (k === 'fail' && (v === null || (Number.isInteger(v) && v >= 400 && v <= 599))) next.fail = v ?? undefined;
            else throw bad(`carriers.${carrier}.${k}`);
          }
          ctx.config.carriers[carrier] = JSON.parse(JSON.stringify(next));
        }
      } else {
        throw bad(key);
      }
    }
    return ctx.config;
  }

  const controlRoutes = compileRoutes([
    ['GET', '/__mock/health', () => ({ status: 200, body: { ok: true } })],
    ['GET', '/__mock/log', ({ query }) => {
      const method = query.method?.toUpperCase();
      return { status: 200, body: log.filter((e) => (!query.path || e.rawPath.startsWith(query.path)) && (!method || e.method === method)) };
    }],
    ['DELETE', '/__mock/log', () => {
      log = [];
      return { status: 204 };
    }],
    ['POST', '/__mock/reset', () => {
      reset();
      return { status: 204 };
    }],
    ['GET', '/__mock/faults', () => ({ status: 200, body: faults.list() })],
    ['POST', '/__mock/faults', ({ body }) => {
      try {
        faults.add(body ?? {});
      } catch (e) {
        throw new MockError(400, e.message);
      }
      return { status: 200, body: faults.list() };
    }],
    ['DELETE', '/__mock/faults', () => {
      faults.clear();
      return { status: 204 };
    }],
    ['GET', '/__mock/config', () => ({ status: 200, body: ctx.config })],
    ['POST', '/__mock/config', ({ body }) => ({ status: 200, body: mergeConfig(body) })],
    ['POST', '/__mock/search/expire', () => {
      ctx.addresses.expireSearchSessions();
      return { status: 204 };
    }],
    ['GET', '/__mock/outbox', ({ query }) => ({ status: 200, body: ctx.identity.outbox(query.email) })],
    ['POST', '/__mock/revoke-all', () => {
      ctx.identity.revokeAll();
      return { status: 204 };
    }],
    ...modules.flatMap((m) => m.controlRoutes ?? []),
  ]);

  // Control bodies are JSON, or a form (the payment page's buttons post one).
  async function runControl(method, rawPath, query, headers, rawBody) {
    try {
      const match = matchRoute(controlRoutes, method, rawPath);
      if (!match) throw new MockError(404, `No mock route for ${method} ${rawPath}`);
      let body = null;
      if (rawBody.length && String(headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === FORM_TYPE) {
        body = Object.fromEntries(new URLSearchParams(rawBody));
      } else if (rawBody.length) {
        const parsed = parseJson(rawBody);
        if (!parsed.ok) throw new MockError(400, 'Request body is not valid JSON');
        body = parsed.value;
      }
      return render(await match.route.handler({ method, params: match.params, query, headers, body }));
    } catch (err) {
      return fromError(err);
    }
  }

  // ---- HTTP ----

  function send(res, out, { cors = true, requestId } = {}) {
    if (res.destroyed || res.writableEnded) return false;
    const headers = { ...out.headers };
    if (cors) Object.assign(headers, CORS_HEADERS);
    if (requestId !== undefined) headers['x-mock-request-id'] = String(requestId);
    if (out.text !== undefined) headers['content-length'] = Buffer.byteLength(out.text);
    res.writeHead(out.status, headers);
    res.end(out.text);
    return true;
  }

  function preflight(req, res) {
    res.writeHead(204, {
      ...CORS_HEADERS,
      'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] || '*',
      'access-control-max-age': '600',
    });
    res.end();
  }

  async function readBody(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req, res) {
    const rawBody = await readBody(req);
    const method = req.method;
    const { rawPath, query } = splitUrl(req.url);

    if (method === 'OPTIONS') return preflight(req, res);
    if (rawPath === '/__mock' || rawPath.startsWith('/__mock/')) return send(res, await runControl(method, rawPath, query, req.headers, rawBody));

    const parsedBody = rawBody.length ? parseJson(rawBody).value : null;
    const entry = { seq: ++seq, time: Date.now(), method, rawPath, query, headers: { ...req.headers }, body: parsedBody, status: null, fault: null };
    log.push(entry);
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);

    let out, cors = true;
    const headerFault = req.headers['x-mock-fault'];
    const fault = headerFault ?? faults.take(method, rawPath);
    let delayMs = 0;
    if (req.headers['x-mock-delay'] !== undefined) {
      delayMs = Number(req.headers['x-mock-delay']);
      if (!/^\d+$/.test(req.headers['x-mock-delay']) || delayMs > MAX_DELAY_MS) {
        out = errorResponse(400, `x-mock-delay must be an integer 0..${MAX_DELAY_MS} (ms)`, { 'invalid value': ['x-mock-delay'] });
        delayMs = 0;
      }
    }

    if (out) {
      // bad x-mock-delay: already answered
    } else if (fault != null && !FAULT_NAMES.includes(fault)) {
      out = errorResponse(400, `Unknown mock fault ${JSON.stringify(fault)}; known: ${FAULT_NAMES.join(', ')}`, { 'invalid value': ['x-mock-fault'] });
    } else if (fault === 'stall' || fault === 'stall-after') {
      entry.fault = fault; // accept and never answer; the socket stays open until the client leaves
      if (fault === 'stall-after') await runRoute(method, rawPath, query, req.headers, rawBody); // the work is done, the answer is lost
      return;
    } else if (fault === 'reset' || fault === 'reset-after') {
      entry.fault = fault;
      if (fault === 'reset-after') await runRoute(method, rawPath, query, req.headers, rawBody);
      if (delayMs) await sleep(delayMs);
      req.socket.resetAndDestroy?.() ?? req.socket.destroy();
      return;
    } else if (fault) {
      entry.fault = fault;
      const sf = statusFault(fault);
      if (sf) {
        out = errorResponse(sf.status, `Injected fault: ${fault}`, {}, sf.retryAfter ? { 'retry-after': sf.retryAfter } : {});
      } else if (needsRoute(fault)) {
        ({ response: out, cors } = reshape(fault, await runRoute(method, rawPath, query, req.headers, rawBody)));
      } else {
        out = standaloneFault(fault);
      }
    } else {
      out = await runRoute(method, rawPath, query, req.headers, rawBody);
    }

    const wait = delayMs + (out.delayMs ?? 0);
    if (wait) await sleep(wait);
    if (send(res, out, { cors, requestId: entry.seq })) entry.status = out.status;
  }

  // A control call in-process (startMock's methods): the same routes, body parsing and checks as
  // /__mock/* over HTTP. Resolves the JSON answer (a fresh copy), undefined for 204, `{location}`
  // for a redirect; rejects with a MockError (name "MockError", `status`, `errors`) for a 4xx.
  async function control(method, target, body) {
    const { rawPath, query } = splitUrl(target);
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const out = await runControl(method, rawPath, query, headers, body === undefined ? '' : JSON.stringify(body));
    if (out.status >= 400) {
      const err = new MockError(out.status, out.body?.message ?? `${method} ${rawPath}: ${out.status}`, out.body?.errors ?? {});
      err.name = 'MockError';
      throw err;
    }
    if (out.status >= 300 && out.status < 400) return { location: out.headers.location };
    return out.text === undefined ? undefined : JSON.parse(out.text);
  }

  applyStartup();

  return {
    ctx,
    reset,
    control,
    // Node request listener
    listener(req, res) {
      handle(req, res).catch((err) => {
        process.stderr.write(`mock: ${err?.stack ?? err}\n`);
        if (!res.headersSent) send(res, errorResponse(500, `Mock internal error: ${err?.message ?? err}`));
        else res.destroy();
      });
    },
  };
}

// ---- startMock: the public API (afosto-checkout/mock, typed in index.d.ts) ------------------

const START_OPTIONS = ['port', 'config', 'faults'];
const PAY_PATH = '/__mock/pay/';

function checkStartOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('startMock: options must be an object');
  const unknown = Object.keys(options).filter((k) => !START_OPTIONS.includes(k));
  if (unknown.length) throw new TypeError(`startMock: unknown option ${unknown.join(', ')} (known: ${START_OPTIONS.join(', ')})`);
  const { port = 0, config = {}, faults = [] } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('startMock: options.port must be an integer 0..65535 (0 = a free port)');
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new TypeError('startMock: options.config must be an object');
  if (!Array.isArray(faults)) throw new TypeError('startMock: options.faults must be an array of fault rules');
  // Copies: what reset() goes back to does not follow later changes to the caller's objects.
  return { port, config: structuredClone(config), faults: structuredClone(faults) };
}

// The secret of a transaction: the secret itself, or the payment page's URL (placeOrder's
// forwardUri, `http://127.0.0.1:PORT/__mock/pay/{secret}`).
function paymentSecret(secretOrUrl) {
  if (typeof secretOrUrl !== 'string' || secretOrUrl === '') throw new TypeError('pay: give the transaction secret or the payment page URL (forwardUri)');
  if (!/^https?:/i.test(secretOrUrl)) return secretOrUrl;
  const { pathname } = new URL(secretOrUrl);
  if (!pathname.startsWith(PAY_PATH)) throw new TypeError(`pay: ${secretOrUrl} is not a mock payment page (${PAY_PATH}{secret})`);
  return decodeURIComponent(pathname.slice(PAY_PATH.length));
}

const queryString = (params) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return q ? `?${q}` : '';
};

// Starts a mock on 127.0.0.1. port 0 (the default) picks a free port. The methods are the
// control API (/__mock/*) in-process: the same answers, without HTTP.
export function startMock(options = {}) {
  let opts, mock;
  try {
    opts = checkStartOptions(options);
    mock = createMock({ config: opts.config, faults: opts.faults });
  } catch (e) {
    return Promise.reject(e);
  }
  const call = mock.control;
  const none = () => undefined;
  const server = http.createServer(mock.listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, HOST, () => {
      server.off('error', reject);
      const actual = server.address().port;
      mock.ctx.origin = `http://${HOST}:${actual}`; // forward_uri fallback when a request has no usable Host
      let closing = null;
      resolve({
        url: `http://${HOST}:${actual}`,
        port: actual,
        close: () => (closing ??= new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections(); // includes stalled requests and idle keep-alive sockets
        })),
        reset: () => call('POST', '/__mock/reset').then(none),
        log: ({ path, method } = {}) => call('GET', `/__mock/log${queryString({ path, method })}`),
        clearLog: () => call('DELETE', '/__mock/log').then(none),
        fault: (rule) => call('POST', '/__mock/faults', rule),
        faults: () => call('GET', '/__mock/faults'),
        clearFaults: () => call('DELETE', '/__mock/faults').then(none),
        config: (patch) => (patch === undefined ? call('GET', '/__mock/config') : call('POST', '/__mock/config', patch)),
        createOrder: (order) => call('POST', '/__mock/orders', order),
        updateOrder: (id, order) => call('PUT', `/__mock/orders/${encodeURIComponent(id)}`, order),
        order: (id) => call('GET', `/__mock/orders/${encodeURIComponent(id)}`),
        orders: () => call('GET', '/__mock/orders'),
        transactions: () => call('GET', '/__mock/transactions'),
        pay: async (secretOrUrl, outcome) => (await call('POST', `${PAY_PATH}${encodeURIComponent(paymentSecret(secretOrUrl))}`, { outcome })).location,
        outbox: (email) => call('GET', `/__mock/outbox${queryString({ email })}`),
        revokeAll: () => call('POST', '/__mock/revoke-all').then(none),
        expireSearchSessions: () => call('POST', '/__mock/search/expire').then(none),
      });
    });
  });
}

// ---- CLI ----

function portFromArgs(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') return argv[i + 1];
    if (argv[i].startsWith('--port=')) return argv[i].slice('--port='.length);
  }
  return process.env.MOCK_PORT ?? String(DEFAULT_PORT);
}

async function main() {
  const raw = portFromArgs(process.argv.slice(2));
  const port = Number(raw);
  if (!/^\d+$/.test(String(raw)) || port > 65535) {
    process.stderr.write(`mock: invalid port ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  const { url, close } = await startMock({ port });
  if (process.env.MOCK_PID_FILE) writeFileSync(process.env.MOCK_PID_FILE, `${process.pid}\n`);
  process.stdout.write(`mock listening on ${url}\n`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run as a script (not imported). A missing or unreadable argv[1] (node -e, a REPL) is "imported".
const isMain = (() => {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) {
  main().catch((err) => {
    process.stderr.write(`mock: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
