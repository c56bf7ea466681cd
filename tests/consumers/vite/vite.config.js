// Plain Vite 7: the package is a --target web build, so `await init()` loads
// the wasm through `new URL("afosto_checkout_bg.wasm", import.meta.url)`,
// which Vite turns into an emitted asset. No plugin needed.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  logLevel: "warn",
  build: { outDir: "dist", emptyOutDir: true },
});
