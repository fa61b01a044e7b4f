import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { creditCheckHandler, handler, sendWelcomeEmail } from "./customer-onboarding";

describe("customer-onboarding", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("chains a durable credit check and a plain welcome email", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler })
      .registerDurableFunction("credit-check", creditCheckHandler)
      .registerFunction("send-welcome-email", sendWelcomeEmail);
    const result = await runner.run({ payload: { customerId: "c-1", email: "ana@example.com" } });
    expect(result.getStatus()).toBe("SUCCEEDED");
    const output = result.getResult() as { accountId: string; tier: string; score: number; welcomeMessageId: string };
    expect(output.accountId).toBe("acct-c-1");
    expect(output.welcomeMessageId).toBe(`welcome-ana@example.com-${output.tier}`);
    expect(output.score).toBeGreaterThanOrEqual(600);
    const credit = runner.getOperation("credit-check");
    expect(credit.getType()).toBe("CHAINED_INVOKE");
    expect(credit.getChainedInvokeDetails()?.result).toEqual({ customerId: "c-1", score: output.score, tier: output.tier });
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "customer-onboarding.history.json"));
  });

  it("fails the invoke clearly when the target is not registered", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run({ payload: { customerId: "c-2", email: "bo@example.com" } });
    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError().errorType).toBe("InvokeError");
  });
});
