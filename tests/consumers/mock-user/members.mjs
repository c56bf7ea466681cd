// What a running mock of the installed package has: {name: typeof value}, one JSON line.
// mock-user.test.mjs compares it with the MockServer interface of the shipped mock/index.d.ts.
import { startMock } from "afosto-checkout/mock";

const mock = await startMock();
const members = Object.fromEntries(Object.entries(mock).map(([name, value]) => [name, typeof value]));
await mock.close();
process.stdout.write(JSON.stringify(members) + "\n");
