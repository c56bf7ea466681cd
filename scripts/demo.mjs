// Start the mock API (MOCK_PORT, default 4011) and serve the repository
// (PORT, default 8080) so the demo at /www/ loads the package from /pkg/.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../tests/mock/server.mjs";
import { startStatic } from "./serve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mock = await startMock({ port: Number(process.env.MOCK_PORT ?? 4011) });
const web = await startStatic({ port: Number(process.env.PORT ?? 8080), root });
const url = `${web.url}/www/?baseUrl=${encodeURIComponent(mock.url)}`;
console.log(`mock API:  ${mock.url}`);
console.log("");
console.log(`Demo checkout: ${url}`);
console.log("");
console.log("(Ctrl-C to stop)");
const stop = async () => { await web.close(); await mock.close(); process.exit(0); };
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
