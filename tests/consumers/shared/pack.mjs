// npm pack of pkg/ and its install into a consumer project, for the consumer tests that run in
// Node only (mock-user.test.mjs). The same steps as consumers.test.mjs: pack once into a
// temporary folder; install into a consumer only when its node_modules is missing or the tarball
// or its package.json changed (a stamp), so warm runs stay fast.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs `cmd args` in `cwd`; a failure throws with its output. */
export async function sh(cmd, args, cwd, env = {}) {
  try {
    return await run(cmd, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
}

/** `npm pack` of `pkgDir` into a new temporary folder: `{ tarball, sum, info, cleanup() }`. */
export async function pack(pkgDir) {
  assert.ok(fs.existsSync(path.join(pkgDir, "package.json")), `${pkgDir} is missing: run \`npm run build\` first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "afosto-pack-"));
  const { stdout } = await sh("npm", ["pack", "--json", "--pack-destination", tmp], pkgDir);
  const [info] = JSON.parse(stdout);
  const tarball = path.join(tmp, info.filename);
  const sum = crypto.createHash("sha1").update(fs.readFileSync(tarball)).digest("hex");
  return { tarball, sum, info, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/** npm install the packed tarball (+ the consumer's devDependencies) into `dir` unless already done for it. */
export async function install(dir, { tarball, sum }) {
  const manifest = fs.readFileSync(path.join(dir, "package.json"));
  const want = crypto.createHash("sha1").update(sum).update(manifest).digest("hex");
  const stamp = path.join(dir, "node_modules/.consumer-stamp");
  fs.copyFileSync(tarball, path.join(dir, "afosto-checkout.tgz"));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return false;
  // A changed tarball under the same name: drop the old copy and its lock entry (integrity).
  fs.rmSync(path.join(dir, "node_modules/afosto-checkout"), { recursive: true, force: true });
  fs.rmSync(path.join(dir, "package-lock.json"), { force: true });
  await sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  const installed = path.join(dir, "node_modules/afosto-checkout");
  assert.ok(fs.existsSync(path.join(installed, "afosto_checkout_bg.wasm")), "the tarball was installed");
  assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "installed from the tarball, not linked to a folder");
  fs.writeFileSync(stamp, want);
  return true;
}
