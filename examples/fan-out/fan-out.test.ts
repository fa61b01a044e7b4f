import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { LocalDurableTestRunner } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { handler } from "./fan-out";
import { notifiesEveryRecipient, stopsAfterTooManyFailures } from "./fan-out.cases";

describe("fan-out", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("loads in parallel, then notifies every recipient, tolerating unreachable ones", async () => {
    const result = await notifiesEveryRecipient(new LocalDurableTestRunner({ handlerFunction: handler }));
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "fan-out.history.json"));
  });

  it("stops starting deliveries once more than two have failed", async () => {
    await stopsAfterTooManyFailures(new LocalDurableTestRunner({ handlerFunction: handler }));
  });
});
