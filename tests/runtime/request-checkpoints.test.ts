/**
 * Checkpoints and state reads from a request alone (sdk/runtime/request-checkpoints): what the
 * API's GetDurableExecutionState and CheckpointDurableExecution serve to a handler in another
 * process. Over a real SQLite file, with the execution claimed as a worker claims it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { isDurableExecutionClientError } from "../../sdk/errors/durable-execution-client-error";
import { DurableClientError } from "../../sdk/runtime/errors";
import { RequestCheckpoints } from "../../sdk/runtime/request-checkpoints";
import type { OperationUpdate } from "../../sdk/types/wire";
import { allEvents, createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
let arn: string;
let executionId: string;
let checkpoints: RequestCheckpoints;

beforeEach(async () => {
  h = await createHarness();
  // Registered so that it may start; no worker runs it: the test is the handler, checkpointing by hand.
  h.registry.register("remote-fn", withDurableExecution(async () => "never run"));
  const { execution } = await h.client.startExecution({ functionName: "remote-fn", input: '{"n":1}' });
  executionId = execution.executionId;
  arn = execution.arn;
  const [claim] = await h.store.scheduling.claimDue({ now: h.clock.now(), owner: "w", leaseMs: 5000, limit: 1, newToken: () => "token-0" });
  expect(claim?.executionId).toBe(executionId);
  checkpoints = new RequestCheckpoints({ store: h.store, clock: h.clock });
});
afterEach(async () => {
  await h.close();
});

const stepStart = (id: string): OperationUpdate => ({ Id: id, Type: "STEP", SubType: "Step", Action: "START", Name: id });
const stepSucceed = (id: string, payload: string): OperationUpdate => ({ Id: id, Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: payload });

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
}

describe("request-only state and checkpoints", () => {
  it("pages the execution's operations for the current token and refuses any other token or ARN", async () => {
    await checkpoints.checkpoint({ DurableExecutionArn: arn, CheckpointToken: "token-0", Updates: [stepStart("a"), stepStart("b")] });
    const token = (await mustGet(h.store, executionId)).checkpointToken!;
    const first = await checkpoints.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: token, MaxItems: 2 });
    expect(first.Operations.map((op) => op.Type)).toEqual(["EXECUTION", "STEP"]);
    expect(first.NextMarker).toBe("2");
    const second = await checkpoints.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: token, Marker: first.NextMarker });
    expect(second.Operations.map((op) => op.Id)).toEqual(["b"]);
    expect(second.NextMarker).toBeUndefined();

    const stale = await refusal(checkpoints.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: "token-0" }));
    expect(isDurableExecutionClientError(stale) && stale.message).toMatch(/^Invalid Checkpoint Token/);
    const otherArn = arn.replace(executionId, "00000000-0000-4000-8000-000000000000");
    const missing = await refusal(checkpoints.getExecutionState({ DurableExecutionArn: otherArn, CheckpointToken: token }));
    expect(DurableClientError.is(missing) && missing.code).toBe("EXECUTION_NOT_FOUND");
    const notArn = await refusal(checkpoints.getExecutionState({ DurableExecutionArn: "nope", CheckpointToken: token }));
    expect(DurableClientError.is(notArn) && notArn.code).toBe("VALIDATION_ERROR");
  });

  it("commits under the token, rotates it, and fences the old one (in this process and in another)", async () => {
    const before = (await allEvents(h.store, executionId)).length;
    const answer = await checkpoints.checkpoint({ DurableExecutionArn: arn, CheckpointToken: "token-0", Updates: [stepStart("a"), stepSucceed("a", "1")] });
    expect(answer.CheckpointToken).toBeDefined();
    expect(answer.CheckpointToken).not.toBe("token-0");
    expect(answer.NewExecutionState?.Operations?.map((op) => [op.Id, op.Status])).toEqual([["a", "SUCCEEDED"]]);
    const stored = await mustGet(h.store, executionId);
    expect(stored.checkpointToken).toBe(answer.CheckpointToken);
    expect(stored.leaseExpiresAt).toBeGreaterThan(h.clock.now());
    const written = (await allEvents(h.store, executionId)).length;
    expect(written).toBe(before + 2);

    // A late checkpoint of the old token, here or through another server process, changes nothing.
    const elsewhere = new RequestCheckpoints({ store: h.store, clock: h.clock });
    for (const late of [checkpoints, elsewhere]) {
      const error = await refusal(late.checkpoint({ DurableExecutionArn: arn, CheckpointToken: "token-0", Updates: [stepStart("late")] }));
      expect(error.message).toMatch(/^Invalid Checkpoint Token/);
    }
    // The next token works from another process too (nothing cached there).
    const next = await elsewhere.checkpoint({ DurableExecutionArn: arn, CheckpointToken: answer.CheckpointToken!, Updates: [stepStart("c")] });
    expect(next.CheckpointToken).not.toBe(answer.CheckpointToken);
    expect((await allEvents(h.store, executionId)).length).toBe(written + 1);
    expect(await h.store.operations.get(executionId, "late")).toBeUndefined();
  });

  it("answers a retried ClientToken with the first answer, once, and refuses the token on another request", async () => {
    const request = { DurableExecutionArn: arn, CheckpointToken: "token-0", ClientToken: "retry-1", Updates: [stepStart("a")] };
    const [first, again] = await Promise.all([checkpoints.checkpoint(request), checkpoints.checkpoint({ ...request })]);
    const third = await checkpoints.checkpoint({ ...request, Updates: [stepStart("a")] });
    expect(again).toEqual(first);
    expect(third).toEqual(first);
    const events = await allEvents(h.store, executionId);
    expect(events.filter((e) => e.EventType === "StepStarted")).toHaveLength(1);

    const reused = await refusal(checkpoints.checkpoint({ ...request, Updates: [stepStart("other")] }));
    expect(DurableClientError.is(reused) && reused.code).toBe("VALIDATION_ERROR");
    expect(await h.store.operations.get(executionId, "other")).toBeUndefined();
    // Without the ClientToken the same retry is what it is: a stale token.
    const plain = await refusal(checkpoints.checkpoint({ ...request, ClientToken: undefined }));
    expect(plain.message).toMatch(/^Invalid Checkpoint Token/);
  });

  it("refuses an invalid update as the service does (execution scope) and writes none of the checkpoint", async () => {
    const before = await mustGet(h.store, executionId);
    const error = await refusal(
      checkpoints.checkpoint({ DurableExecutionArn: arn, CheckpointToken: "token-0", Updates: [stepStart("a"), { Id: "b", Type: "STEP", Action: "CANCEL" } as OperationUpdate] }),
    );
    expect(isDurableExecutionClientError(error) && error.scope).toBe("EXECUTION");
    expect(error.message).toMatch(/Invalid checkpoint/);
    const after = await mustGet(h.store, executionId);
    expect(after.version).toBe(before.version);
    expect(after.checkpointToken).toBe("token-0");
    expect(await h.store.operations.get(executionId, "a")).toBeUndefined();
  });

  it("starts the child execution of a durable chained invoke it commits, which a worker then runs and answers", async () => {
    h.registry.register("child", withDurableExecution(async (input: { n: number }) => input.n + 1));
    await h.worker.publishFunctions();
    const invoke: OperationUpdate = {
      Id: "call",
      Type: "CHAINED_INVOKE",
      SubType: "ChainedInvoke",
      Action: "START",
      Name: "call",
      Payload: '{"n":41}',
      ChainedInvokeOptions: { FunctionName: "child" },
    };
    await checkpoints.checkpoint({ DurableExecutionArn: arn, CheckpointToken: "token-0", Updates: [invoke] });
    await checkpoints.settled();
    const children = await h.store.executions.list({ functionName: "child" });
    expect(children.items.map((e) => [e.status, e.parent?.executionId])).toEqual([["RUNNING", executionId]]);
    await h.worker.drain();
    const call = await h.store.operations.get(executionId, "call");
    expect([call?.operation.Status, call?.operation.ChainedInvokeDetails?.Result]).toEqual(["SUCCEEDED", "42"]);
  });
});
