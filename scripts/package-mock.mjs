// Make <pkg>/mock/: the package's `afosto-checkout/mock` entry, from tests/mock/ (the one mock,
// the same code the repo's tests start). Called by scripts/package.mjs.
//
//   mock/index.js           tests/mock/server.mjs's startMock and the modules it imports, bundled
//                           by esbuild (platform node, not minified: stack traces stay readable)
//   mock/index.d.ts         tests/mock/index.d.ts, the typed public API
//   mock/browser.js         what a browser bundle gets for `afosto-checkout/mock`: a clear error
//   mock/afosto-openapi.json the reference's OpenAPI (tests/contract/afosto-openapi.json) cut down
//                           to what the mock checks: the operations it serves, without their
//                           `responses` (it checks requests), and the components they refer to
//   mock/data/*.json        the mock's data (tests/mock/data/), without whitespace
//
// The one change to the code: openapi.mjs reads the document from ../contract/ in the repo and
// from ./afosto-openapi.json next to the bundle here (checked: the build fails if that line moved).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const SPEC_LINE = "export const SPEC_URL = new URL('../contract/afosto-openapi.json', import.meta.url);";
const PACKAGED_SPEC_LINE = "export const SPEC_URL = new URL('./afosto-openapi.json', import.meta.url);";

// An ES module (so a bundler links its export instead of wrapping it as CommonJS) that throws
// when it is evaluated; its startMock throws the same, should a bundler defer the evaluation.
export const BROWSER_STUB = `// afosto-checkout/mock runs a local HTTP server (node:http): it is for your tests under Node.
// A bundler building for the browser resolves it here instead, so it never carries the mock.
const message = "afosto-checkout/mock is Node-only (it starts an HTTP server for your tests): import it from test code run by Node, never from code bundled for the browser. The browser client is \\"afosto-checkout\\".";
export function startMock() {
  throw new Error(message);
}
throw new Error(message);
`;

/**
 * Writes `out` (e.g. pkg/mock/) and answers `{ operations }`: how many operations of the
 * reference the trimmed document keeps.
 */
export async function packageMock({ root, out }) {
  const mockDir = path.join(root, "tests/mock");
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, "data"), { recursive: true });

  const specFile = path.join(root, "tests/contract/afosto-openapi.json");
  const spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
  const { createMock } = await import(pathToFileURL(path.join(mockDir, "server.mjs")).href);
  const trimmed = trimSpec(spec, servedOperations(createMock()));
  fs.writeFileSync(path.join(out, "afosto-openapi.json"), JSON.stringify(trimmed));

  for (const name of fs.readdirSync(path.join(mockDir, "data")).filter((n) => n.endsWith(".json")).sort()) {
    const value = JSON.parse(fs.readFileSync(path.join(mockDir, "data", name), "utf8"));
    fs.writeFileSync(path.join(out, "data", name), JSON.stringify(value));
  }

  const openapi = path.join(mockDir, "openapi.mjs");
  await build({
    stdin: {
      contents: "export { startMock } from './server.mjs';\n",
      resolveDir: mockDir,
      sourcefile: "afosto-checkout/mock",
      loader: "js",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    outfile: path.join(out, "index.js"),
    banner: { js: "// afosto-checkout/mock: the mock Afosto API for a storefront's tests (Node only). Built from tests/mock/ by scripts/package-mock.mjs; types: index.d.ts." },
    legalComments: "none",
    logLevel: "error",
    plugins: [{
      name: "packaged-spec",
      setup(build) {
        build.onLoad({ filter: /[\\/]openapi\.mjs$/ }, (args) => {
          if (args.path !== openapi) return undefined;
          const code = fs.readFileSync(args.path, "utf8");
          const n = code.split(SPEC_LINE).length - 1;
          if (n !== 1) throw new Error(`packageMock: expected the line \`${SPEC_LINE}\` once in tests/mock/openapi.mjs, found it ${n} times`);
          return { contents: code.replace(SPEC_LINE, PACKAGED_SPEC_LINE), loader: "js" };
        });
      },
    }],
  });
  fs.copyFileSync(path.join(mockDir, "index.d.ts"), path.join(out, "index.d.ts"));
  fs.writeFileSync(path.join(out, "browser.js"), BROWSER_STUB);
  return { operations: Object.values(trimmed.paths).reduce((n, item) => n + METHODS.filter((m) => item[m]).length, 0) };
}

/** `[method, template]` of every API route a mock serves (`/a/:id` as `/a/{id}`). */
export function servedOperations(mock) {
  return Object.values(mock.ctx)
    .flatMap((m) => m?.routes ?? [])
    .map(([method, route]) => [method.toLowerCase(), route.replace(/:(\w+)/g, "{$1}")]);
}

/**
 * The document with only `operations` under `paths` (each path's shared fields kept), each
 * without `responses`, and only the components they refer to, transitively. Everything kept is
 * the reference's own text. (Keeping the responses too: 156 KB instead of 30 KB, 10 KB gzipped
 * instead of 5; only the repo's self-test reads them, against the whole document.)
 */
export function trimSpec(spec, operations) {
  const paths = {};
  for (const [method, template] of operations) {
    const item = spec.paths?.[template];
    if (!item?.[method]) throw new Error(`trimSpec: ${method.toUpperCase()} ${template} is not an operation of the reference`);
    paths[template] ??= Object.fromEntries(Object.entries(item).filter(([k]) => !METHODS.includes(k)));
    const { responses, ...operation } = item[method];
    paths[template][method] = operation;
  }
  const components = {};
  const seen = new Set();
  const stack = [paths];
  while (stack.length) {
    const value = stack.pop();
    if (!value || typeof value !== "object") continue;
    for (const [key, child] of Object.entries(value)) {
      if (key !== "$ref" || typeof child !== "string") {
        stack.push(child);
        continue;
      }
      if (seen.has(child)) continue;
      seen.add(child);
      const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(child);
      const target = m && spec.components?.[m[1]]?.[m[2]];
      if (!target) throw new Error(`trimSpec: cannot follow $ref ${child}`);
      (components[m[1]] ??= {})[m[2]] = target;
      stack.push(target);
    }
  }
  const sorted = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, entries]) => [kind, Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)))]));
  const { openapi, info, servers, security } = spec;
  return { openapi, info, servers, security, paths, components: { ...sorted, ...securitySchemes(spec) } };
}

/** The security schemes (the document's `security` names them). */
function securitySchemes(spec) {
  const schemes = spec.components?.securitySchemes;
  return schemes ? { securitySchemes: schemes } : {};
}
