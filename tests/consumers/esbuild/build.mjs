// esbuild 0.28 bundles the package's JS but does not follow its
// `new URL("afosto_checkout_bg.wasm", import.meta.url)` (esbuild has no asset
// handling for that pattern), so on its own the wasm is missing from dist/ and
// `await init()` 404s. Two things make it work: `format: "esm"`, which keeps
// `import.meta.url` (an iife or cjs bundle turns `import.meta` into `{}`), and
// copying the .wasm next to the bundle, where that URL points.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

fs.rmSync("dist", { recursive: true, force: true });
await esbuild.build({ entryPoints: ["main.js"], bundle: true, format: "esm", minify: true, outdir: "dist" });
fs.copyFileSync(fileURLToPath(import.meta.resolve("afosto-checkout/afosto_checkout_bg.wasm")), "dist/afosto_checkout_bg.wasm");
fs.copyFileSync("index.html", "dist/index.html");
