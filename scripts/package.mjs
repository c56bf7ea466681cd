// Finish pkg/ after wasm-pack: merge pkg-template/ (package.json gets the
// Cargo.toml version and the real file list), then print the sizes.
import fs from "node:fs";
import path from "node:path";
import { sizes, printSizes } from "./size.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pkg = path.join(root, "pkg");
const tpl = path.join(root, "pkg-template");
const version = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(root, "Cargo.toml"), "utf8"))[1];

for (const name of fs.readdirSync(tpl)) {
  if (name === "package.json") continue;
  fs.copyFileSync(path.join(tpl, name), path.join(pkg, name));
}
const manifest = JSON.parse(fs.readFileSync(path.join(tpl, "package.json"), "utf8"));
manifest.version = version;
fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
fs.rmSync(path.join(pkg, ".gitignore"), { force: true });

printSizes(sizes(pkg));
