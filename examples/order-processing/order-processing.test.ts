import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner, WaitingOperationStatus } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { handler, type OrderInput } from "./order-processing";

const order: OrderInput = {
  orderId: "A-100",
  customerId: "C-7",
  items: [
    { sku: "beans", quantity: 2, unitPrice: 18.5 },
    { sku: "grinder", quantity: 1, unitPrice: 89 },
  ],
  paymentDeclines: 2,
  holdSeconds: 3600,
};

describe("order-processing", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("retries the payment, holds, waits for approval and ships", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const approval = runner.getOperation("approval");
    const running = runner.run({ payload: order });
    await approval.waitForData(WaitingOperationStatus.SUBMITTED);
    await approval.sendCallbackSuccess(JSON.stringify({ approved: true, approver: "ops@example.com" }));
    const result = await running;

    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toMatchObject({
      orderId: "A-100",
      status: "SHIPPED",
      payment: { chargeId: "ch-A-100-3", amount: 126 },
      approval: { approved: true, approver: "ops@example.com" },
      shipment: { shipmentId: "shp-A-100" },
    });
    const payment = runner.getOperation("process-payment");
    expect(payment.getStepDetails()?.attempt).toBe(2);
    const failures = result.getHistoryEvents().filter((e) => e.EventType === "StepFailed" && e.Name === "process-payment");
    expect(failures.map((e) => (e.StepFailedDetails as { RetryDetails: { NextAttemptDelaySeconds: number } }).RetryDetails.NextAttemptDelaySeconds)).toEqual([2, 4]);
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "order-processing.history.json"));
  });

  it("ends REJECTED without a shipment when the approver says no", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const approval = runner.getOperation("approval");
    const running = runner.run({ payload: { ...order, paymentDeclines: 0 } });
    await approval.waitForData(WaitingOperationStatus.SUBMITTED);
    await approval.sendCallbackSuccess(JSON.stringify({ approved: false, reason: "Address missing" }));
    const result = await running;
    expect(result.getResult()).toMatchObject({ status: "REJECTED", approval: { approved: false, reason: "Address missing" } });
    expect(result.getOperations().some((op) => op.getName() === "create-shipment")).toBe(false);
  });

  it("fails with a StepError when the order is invalid", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run({ payload: { orderId: "", customerId: "x", items: [] } });
    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError()).toMatchObject({ errorType: "StepError", errorMessage: "An order needs an orderId and at least one item" });
  });
});
