import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { handler } from "./wait-for-job";

describe("wait-for-job", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("polls the export with backoff until it is done, suspended between polls", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run({ payload: { jobId: "exp-1", pollsUntilDone: 4 } });
    expect(result.getResult()).toEqual({ jobId: "exp-1", polls: 4, link: "https://downloads.local/exp-1.csv" });
    const poll = runner.getOperation("poll-export-status");
    expect(poll.getType()).toBe("STEP");
    expect(poll.getSubType()).toBe("WaitForCondition");
    expect(poll.getStepDetails()?.result).toEqual({ polls: 4, status: "DONE" });
    // one invocation per poll round plus the first: nothing held between polls
    expect(result.getInvocations().length).toBe(4);
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "wait-for-job.history.json"));
  });
});
