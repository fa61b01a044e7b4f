/**
 * A checkpoint with more updates than the store writes atomically (DynamoDB: 40) is committed as
 * consecutive parts, over a real SQLite file here with a declared limit of 2: the SDK sees one
 * answer, malformed input changes nothing, and the token presented is the newest.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { isDurableExecutionClientError } from "../../sdk/errors/durable-execution-client-error";
import type { OperationUpdate } from "../../sdk/types/wire";
import { allEvents, claimInvocation, createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  // The same SQLite store, declaring the small atomic-write limit a DynamoDB table has.
  Object.defineProperty(h.store, "maxUpdatesPerCheckpoint", { value: 2 });
});
afterEach(async () => {
  await h.close();
});

async function claimedClient() {
  h.registry.register("parts", withDurableExecution(async () => "x"));
  const { execution } = await h.client.startExecution({ functionName: "parts" });
  const client = await claimInvocation(h, execution.executionId, { token: "t1", owner: "A", leaseMs: 60_000, requestId: "r" });
  return { execution, client };
}

const stepStart = (id: string): OperationUpdate => ({ Id: id, Type: "STEP", Action: "START", SubType: "Step", Name: `step-${id}` });

describe("a checkpoint larger than the store's atomic write", () => {
  it("commits in parts, in order, and answers once with every change and the newest token", async () => {
    const { execution, client } = await claimedClient();
    const before = await mustGet(h.store, execution.executionId);
    const ids = ["a1", "a2", "a3", "a4", "a5"];
    const answer = await client.checkpoint({
      DurableExecutionArn: execution.arn,
      CheckpointToken: "t1",
      Updates: [...ids.map(stepStart), { Id: "a1", Type: "STEP", Action: "SUCCEED", Payload: "1" }],
    });
    const after = await mustGet(h.store, execution.executionId);
    // Six updates in parts of two: three transactions.
    expect(after.version).toBe(before.version + 3);
    expect(answer.CheckpointToken).toBe(after.checkpointToken);
    expect(client.checkpointToken).toBe(after.checkpointToken);
    expect(answer.NewExecutionState!.Operations!.map((o) => [o.Id, o.Status])).toEqual([
      ["a1", "SUCCEEDED"],
      ["a2", "STARTED"],
      ["a3", "STARTED"],
      ["a4", "STARTED"],
      ["a5", "STARTED"],
    ]);
    const stepEvents = (await allEvents(h.store, execution.executionId)).filter((e) => e.Id !== undefined && ids.includes(e.Id));
    expect(stepEvents.map((e) => `${e.EventType}:${e.Id}`)).toEqual([...ids.map((id) => `StepStarted:${id}`), "StepSucceeded:a1"]);
    // The next checkpoint presents the newest token.
    await client.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: answer.CheckpointToken!, Updates: [] });
  });

  it("refuses a malformed update in a later part before any part commits", async () => {
    const { execution, client } = await claimedClient();
    const before = await mustGet(h.store, execution.executionId);
    const error = await client
      .checkpoint({
        DurableExecutionArn: execution.arn,
        CheckpointToken: "t1",
        Updates: [stepStart("b1"), stepStart("b2"), stepStart("b3"), { Id: "b4", Type: "NOT_A_TYPE" } as unknown as OperationUpdate],
      })
      .catch((e: unknown) => e);
    expect(isDurableExecutionClientError(error)).toBe(true);
    expect((error as { scope: string }).scope).toBe("EXECUTION");
    const after = await mustGet(h.store, execution.executionId);
    expect(after.version).toBe(before.version);
    expect(await h.store.operations.get(execution.executionId, "b1")).toBeUndefined();
  });
});
