// The shipped mock/index.d.ts under tsc --strict, as a storefront's tests use it: no DOM and no
// Node types needed (lib ES2020 only, types []). Each @ts-expect-error line must be an error.
import { startMock } from "afosto-checkout/mock";
import type {
  FaultName, FaultRule, LoggedRequest, MockConfig, MockError, MockOrder, MockServer, MockTransaction, OutboxMessage, QueuedFault,
  StartMockOptions,
} from "afosto-checkout/mock";

export async function exercise(): Promise<void> {
  const options: StartMockOptions = {
    port: 0,
    config: { sparse: true, pointLimit: null, carriers: { dhl: { fail: 503, delayMs: null }, dpd: null }, returnUrl: "https://shop.example/thanks" },
    faults: [{ method: "GET", path: "/lcs/*", fault: "503-retry-after", times: 0 }],
  };
  const mock: MockServer = await startMock(options);
  const base: string = mock.url;
  const port: number = mock.port;
  const log: LoggedRequest[] = await mock.log({ path: "/lcs/methods", method: "GET" });
  const first: LoggedRequest | undefined = log[0];
  const status: number | null = first ? first.status : null;
  const fault: FaultName | null = first ? first.fault : null;
  const queue: QueuedFault[] = await mock.fault({ path: "/odr/sessions/*", fault: "stall-after" });
  const rule: FaultRule = { path: "/rel/geocode", fault: "truncate" };
  await mock.fault(rule);
  const remaining: number | null = queue[0]?.remaining ?? null;
  const config: MockConfig = await mock.config({ declineAuthorize: true });
  const same: MockConfig = await mock.config();
  const order: MockOrder = await mock.createOrder({
    items: [{ sku: "TEE-1", amount: 1995, quantity: 2, vat_rate: 9, discount: { percentage: 10 } }],
    coupon: { code: "WELCOME", amount: 500 },
    currency: "EUR",
  });
  const changed: MockOrder = await mock.updateOrder(order.id, { items: [{ sku: "TEE-2", amount: 995 }] });
  const again: MockOrder = await mock.order(changed.id);
  const all: MockOrder[] = await mock.orders();
  const transactions: MockTransaction[] = await mock.transactions();
  const state: "open" | "paid" | "cancelled" | "failed" | undefined = transactions[0]?.state;
  const returnUrl: string = await mock.pay("http://127.0.0.1:1/__mock/pay/abc", "pending");
  const outbox: OutboxMessage[] = await mock.outbox("jane@example.com");
  await Promise.all([mock.clearLog(), mock.clearFaults(), mock.revokeAll(), mock.expireSearchSessions(), mock.reset()]);
  const failed = await mock.fault({ path: "/x", fault: "500" }).catch((e: MockError) => e);
  if (!Array.isArray(failed)) {
    const code: number = failed.status;
    const errors: Record<string, string[]> = failed.errors;
    void [code, errors];
  }
  void [base, port, status, fault, remaining, config, same, again, all, state, returnUrl, outbox];

  // @ts-expect-error: not a fault the mock knows
  await mock.fault({ path: "/x", fault: "501" });
  // @ts-expect-error: a fault rule needs a path
  await mock.fault({ fault: "500" });
  // @ts-expect-error: not an option
  await startMock({ prot: 4011 });
  // @ts-expect-error: a discount is an amount or a percentage, not both
  await mock.createOrder({ items: [{ sku: "A", amount: 1, discount: { amount: 1, percentage: 5 } }] });
  // @ts-expect-error: not an outcome of the payment page
  await mock.pay("abc", "refunded");
  // @ts-expect-error: the url is read-only
  mock.url = "http://example.com";
  await mock.close();
}
