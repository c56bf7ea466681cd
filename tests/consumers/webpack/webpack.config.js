// webpack 5, no loaders or plugins: `new URL("afosto_checkout_bg.wasm",
// import.meta.url)` in the package glue is an asset module, so the wasm is
// emitted next to the bundle and fetched by `await init()`.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  mode: "production",
  entry: "./src/main.js",
  output: { path: path.join(here, "dist"), filename: "main.js", publicPath: "auto", clean: true },
  performance: { hints: false },
  stats: "errors-warnings",
};
