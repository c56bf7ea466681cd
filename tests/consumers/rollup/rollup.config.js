// Rollup 4: node-resolve finds "afosto-checkout" in node_modules, and
// @web/rollup-plugin-import-meta-assets turns the package's
// `new URL("afosto_checkout_bg.wasm", import.meta.url)` into an emitted asset
// (Rollup alone leaves the URL as it is and emits no wasm, so `await init()`
// would 404). terser minifies, as the other bundlers' production builds do.
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";
import terser from "@rollup/plugin-terser";

export default {
  input: "main.js",
  output: { dir: "dist", format: "es" },
  plugins: [nodeResolve({ browser: true }), importMetaAssets(), terser()],
};
