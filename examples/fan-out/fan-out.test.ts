import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { handler } from "./fan-out";

describe("fan-out", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("loads in parallel, then notifies every recipient, tolerating unreachable ones", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run({
      payload: { recipients: ["a@x.io", "b@x.io", "blocked@example.com", "c@x.io", "d@x.io"], unreachable: ["b@x.io"] },
    });
    expect(result.getStatus()).toBe("SUCCEEDED");
    const output = result.getResult() as { sent: Array<{ recipient: string }>; failed: Array<{ index: number; error: string }>; completionReason: string };
    expect(output.sent.map((s) => s.recipient)).toEqual(["a@x.io", "c@x.io", "d@x.io"]);
    expect(output.failed).toEqual([{ index: 1, error: "Mailbox b@x.io is unreachable" }]);
    expect(output.completionReason).toBe("ALL_COMPLETED");
    const items = result.getOperations().filter((op) => op.getSubType() === "MapIteration");
    expect(items.map((op) => op.getName())).toEqual(["notify-a@x.io", "notify-b@x.io", "notify-c@x.io", "notify-d@x.io"]);
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "fan-out.history.json"));
  });

  it("stops starting deliveries once more than two have failed", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const recipients = ["a", "b", "c", "d", "e", "f"].map((r) => `${r}@x.io`);
    const result = await runner.run({ payload: { recipients, unreachable: recipients.slice(0, 4) } });
    const output = result.getResult() as { failed: unknown[]; completionReason: string };
    expect(output.completionReason).toBe("FAILURE_TOLERANCE_EXCEEDED");
    expect(output.failed.length).toBe(3);
  });
});
