// The package in a Node-only TypeScript project (no DOM lib; tsconfig.node.json):
// load the wasm from its bytes, call with an injected fetch and a signal, read errors.
import init, { AfostoClient, isAfostoError, type InitInput } from "afosto-checkout";
import { readFile } from "node:fs/promises";

export async function serverSide(wasmPath: string): Promise<string | undefined> {
  const bytes: InitInput = await readFile(wasmPath);
  await init({ module_or_path: bytes });
  const client = new AfostoClient({ baseUrl: "http://127.0.0.1:4011", fetch: globalThis.fetch, timeoutMs: 2000 });
  try {
    const methods = await client.listShippingMethods({ countryCode: "NL" }, { signal: AbortSignal.timeout(1000) });
    return methods[0]?.name;
  } catch (e) {
    if (isAfostoError(e)) return e.code;
    throw e;
  }
}

/** Every export's type, so a name the lib lacks anywhere in the .d.ts fails here. */
export type Api = typeof import("afosto-checkout");
