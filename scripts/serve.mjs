// Static file server for the demo and the browser tests (Node built-ins only).
// Usage: node scripts/serve.mjs [--port N] [--root DIR]; also `startStatic({port, root})`.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".png": "image/png", ".ts": "text/plain; charset=utf-8", ".map": "application/json", ".txt": "text/plain; charset=utf-8",
};

/**
 * Serve `root` on 127.0.0.1:`port` (0 = any). `headers` are added to every response (e.g. a CSP);
 * `htmlPrelude` (the browser tests' error probe for Firefox and WebKit) goes first into each
 * HTML page's head.
 */
export function startStatic({ port = 0, root = process.cwd(), headers = {}, htmlPrelude = "" } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.normalize(path.join(base, decodeURIComponent(url.pathname)));
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, { "content-type": "text/plain" }).end("not found"); return; }
      if (htmlPrelude && path.extname(file) === ".html") {
        const html = data.toString("utf8");
        const at = /<head(\s[^>]*)?>/i.exec(html) || /^<!doctype html>/i.exec(html);
        const cut = at ? at.index + at[0].length : 0;
        data = Buffer.from(html.slice(0, cut) + htmlPrelude + html.slice(cut));
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "no-store", ...headers });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => {
    const p = server.address().port;
    resolve({ url: `http://127.0.0.1:${p}`, port: p, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] || "").href) {
  const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
  const root = arg("--root", path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const s = await startStatic({ port: Number(arg("--port", process.env.PORT || 8080)), root });
  console.log(`static files on ${s.url}`);
}
