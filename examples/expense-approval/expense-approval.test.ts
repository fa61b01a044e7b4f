import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { handler } from "./expense-approval";

const claim = { claimId: "EX-7", employee: "dana@example.com", amount: 740, currency: "EUR", purpose: "Conference travel" };

describe("expense-approval", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("pays what the reviewer approved, charged to the cost center they chose", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const review = runner.getOperation("review");
    const running = runner.run({ payload: claim });
    await review.waitForData();
    await review.sendCallbackSuccess(JSON.stringify({ approved: true, amountApproved: 600, costCenter: "sales", reviewer: "ops" }));
    const result = await running;
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toMatchObject({ status: "PAID", paid: { amount: 600, costCenter: "sales", currency: "EUR" } });
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "expense-approval.history.json"));
  });

  it("tells the employee why when the reviewer says no", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const review = runner.getOperation("review");
    const running = runner.run({ payload: claim });
    await review.waitForData();
    await review.sendCallbackSuccess(JSON.stringify({ approved: false, costCenter: "sales", note: "Over the travel limit" }));
    const result = await running;
    expect(result.getResult()).toMatchObject({ status: "REJECTED", review: { note: "Over the travel limit" } });
    expect(runner.getOperation("notify-rejection").getStepDetails()?.result).toEqual({ to: "dana@example.com", note: "Over the travel limit" });
  });
});
