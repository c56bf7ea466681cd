// No bundler: copy the page, the shared page logic and the installed package
// (node_modules/afosto-checkout, as-is, but for mock/: afosto-checkout/mock is
// Node-only test code that no page loads) into dist/, to be served statically.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "dist");
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist);
fs.copyFileSync(path.join(here, "index.html"), path.join(dist, "index.html"));
fs.copyFileSync(path.join(here, "../shared/run.js"), path.join(dist, "run.js"));
const pkg = path.join(here, "node_modules/afosto-checkout");
fs.cpSync(pkg, path.join(dist, "vendor/afosto-checkout"), { recursive: true, filter: (src) => path.relative(pkg, src).split(path.sep)[0] !== "mock" });
