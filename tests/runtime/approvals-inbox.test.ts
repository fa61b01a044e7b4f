/**
 * The approvals inbox (listPendingCallbacks) as the runtime keeps it: a callback is listed from
 * its start until it is answered, times out, is cancelled, or its execution ends; a redrive
 * lists it again (same id if it was still waiting, a new id if it was re-armed).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClientError } from "../../sdk/runtime";
import type { PendingCallbackView } from "../../sdk/store/types";
import { claimInvocation, createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  h.registry.register(
    "orders",
    withDurableExecution(async (event: { timeout?: number; heartbeat?: number }, ctx) => {
      try {
        return {
          answer: await ctx.waitForCallback<string>("approval", async () => undefined, {
            timeout: event.timeout ? { seconds: event.timeout } : undefined,
            heartbeatTimeout: event.heartbeat ? { seconds: event.heartbeat } : undefined,
          }),
        };
      } catch (error) {
        return { failed: (error as Error).name };
      }
    }),
  );
  h.registry.register(
    "billing",
    withDurableExecution(async (_e, ctx) => {
      const [answer] = await ctx.createCallback<string>("refund ok?");
      return answer;
    }),
  );
});
afterEach(async () => {
  await h.close();
});

const inbox = async (query = {}) => (await h.client.listPendingCallbacks(query)).items;
const idsOf = (items: PendingCallbackView[]) => items.map((c) => c.callbackId);

async function startOrder(name: string, input: object = {}, executionTimeoutSeconds?: number) {
  const { execution } = await h.client.startExecution({ functionName: "orders", name, input: JSON.stringify(input), executionTimeoutSeconds });
  await h.worker.drain();
  const ops = await h.client.getOperations(execution.executionId);
  const callback = ops.find((r) => r.operation.Type === "CALLBACK")!.operation;
  return { executionId: execution.executionId, callbackId: callback.CallbackDetails!.CallbackId!, callback };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return DurableClientError.is(error) ? error.code : String(error);
  }
}

describe("approvals inbox", () => {
  it("lists a waitForCallback under its context's name, with its deadlines, until it is answered", async () => {
    const startedAt = h.clock.now();
    const { executionId, callbackId, callback } = await startOrder("order-7", { timeout: 600, heartbeat: 60 });
    const contextOp = (await h.client.getOperations(executionId)).find((r) => r.operation.Id === callback.ParentId)!.operation;
    expect(contextOp).toMatchObject({ Type: "CONTEXT", Name: "approval" });
    expect(callback.Name).toBeUndefined();

    expect(await inbox()).toEqual([
      {
        callbackId,
        executionId,
        executionName: "order-7",
        operationId: callback.Id,
        pending: true,
        functionName: "orders",
        name: "approval",
        parentOperationId: contextOp.Id,
        createdTimestamp: new Date(startedAt).toISOString(),
        timeoutAt: startedAt + 600_000,
        heartbeatDeadlineAt: startedAt + 60_000,
      },
    ]);

    h.clock.advance(10_000);
    await h.client.sendCallbackHeartbeat(callbackId);
    expect((await inbox())[0]!.heartbeatDeadlineAt).toBe(h.clock.now() + 60_000);

    await h.client.sendCallbackSuccess(callbackId, "yes");
    expect(await inbox()).toEqual([]);
    expect(await h.store.callbacks.get(callbackId)).toMatchObject({ pending: false, name: "approval" });
    await h.worker.drain();
    expect(JSON.parse((await mustGet(h.store, executionId)).result!)).toEqual({ answer: "yes" });
  });

  it("orders oldest first across executions, filters by function and pages", async () => {
    const a = await startOrder("a");
    h.clock.advance(1000);
    const { execution: billing } = await h.client.startExecution({ functionName: "billing", name: "refund-1" });
    await h.worker.drain();
    h.clock.advance(1000);
    const c = await startOrder("c");

    const all = await inbox();
    expect(all.map((x) => [x.executionName, x.name, x.functionName])).toEqual([
      ["a", "approval", "orders"],
      ["refund-1", "refund ok?", "billing"],
      ["c", "approval", "orders"],
    ]);
    expect(all[1]!.executionId).toBe(billing.executionId);
    expect(idsOf(await inbox({ functionName: "orders" }))).toEqual([a.callbackId, c.callbackId]);

    const first = await h.client.listPendingCallbacks({ limit: 2 });
    const second = await h.client.listPendingCallbacks({ limit: 2, cursor: first.nextCursor });
    expect([...idsOf(first.items), ...idsOf(second.items)]).toEqual(idsOf(all));
    expect(second.nextCursor).toBeUndefined();

    expect(await codeOf(h.client.listPendingCallbacks({ cursor: "bogus" }))).toBe("VALIDATION_ERROR");
    expect(await codeOf(h.client.listPendingCallbacks({ limit: 0 }))).toBe("VALIDATION_ERROR");
    expect(await codeOf(h.client.listPendingCallbacks({ status: "x" } as never))).toBe("VALIDATION_ERROR");
  });

  it("drops a callback that failed, timed out, or missed its heartbeat", async () => {
    const failed = await startOrder("failed");
    h.clock.advance(1000);
    const timedOut = await startOrder("timed-out", { timeout: 100 });
    h.clock.advance(1000);
    const silent = await startOrder("silent", { timeout: 1000, heartbeat: 30 });
    expect(await inbox()).toHaveLength(3);

    await h.client.sendCallbackFailure(failed.callbackId, { ErrorMessage: "no" });
    expect(idsOf(await inbox())).toEqual([timedOut.callbackId, silent.callbackId]);

    h.clock.advance(30_000); // the heartbeat deadline passes
    await h.worker.drain();
    expect(idsOf(await inbox())).toEqual([timedOut.callbackId]);
    h.clock.advance(70_000); // and the timeout
    await h.worker.drain();
    expect(await inbox()).toEqual([]);
    for (const { callbackId } of [failed, timedOut, silent]) expect((await h.store.callbacks.get(callbackId))?.pending).toBe(false);
  });

  it("drops the callbacks of a stopped execution, and a redrive lists the same callback again", async () => {
    const { executionId, callbackId } = await startOrder("stop-me");
    await h.client.stopExecution(executionId);
    expect(await inbox()).toEqual([]);
    expect((await h.store.callbacks.get(callbackId))?.pending).toBe(false);

    await h.client.redriveExecution(executionId);
    expect(idsOf(await inbox())).toEqual([callbackId]);
    await h.worker.drain();
    expect(idsOf(await inbox())).toEqual([callbackId]);
    await h.client.sendCallbackSuccess(callbackId, "after redrive");
    await h.worker.drain();
    expect(JSON.parse((await mustGet(h.store, executionId)).result!)).toEqual({ answer: "after redrive" });
    expect(await inbox()).toEqual([]);
  });

  it("drops the callbacks of an execution that timed out", async () => {
    const { executionId, callbackId } = await startOrder("slow", { timeout: 3600 }, 60);
    h.clock.advance(60_000);
    await h.worker.drain();
    expect((await mustGet(h.store, executionId)).status).toBe("TIMED_OUT");
    expect(await inbox()).toEqual([]);
    expect((await h.store.callbacks.get(callbackId))?.pending).toBe(false);
  });

  it("closes a callback still waiting when the execution finishes without it", async () => {
    h.registry.register(
      "fire-and-forget",
      withDurableExecution(async (_e, ctx) => {
        const [, callbackId] = await ctx.createCallback<string>("never awaited");
        return callbackId;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "fire-and-forget" });
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect((await h.store.callbacks.get(JSON.parse(done.result!) as string))?.pending).toBe(false);
    expect(await inbox()).toEqual([]);
  });

  it("a redrive re-arms a timed-out callback under a new id: the new one is listed, the old one stays closed", async () => {
    h.registry.register(
      "strict",
      withDurableExecution(async (_e, ctx) => {
        const [answer] = await ctx.createCallback<string>("sign-off", { timeout: { seconds: 30 } });
        return answer;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "strict", name: "strict-1" });
    await h.worker.drain();
    const oldId = (await inbox())[0]!.callbackId;
    h.clock.advance(30_000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
    expect(await inbox()).toEqual([]);

    await h.client.redriveExecution(execution.executionId);
    const listed = await inbox();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: "sign-off", executionName: "strict-1", createdTimestamp: new Date(h.clock.now()).toISOString(), timeoutAt: h.clock.now() + 30_000 });
    expect(listed[0]!.callbackId).not.toBe(oldId);
    expect((await h.store.callbacks.get(oldId))?.pending).toBe(false);
  });

  it("names a callback after a parent context started by an earlier checkpoint (the parent is read)", async () => {
    h.registry.register("manual", withDurableExecution(async () => "unused"));
    const { execution } = await h.client.startExecution({ functionName: "manual", name: "manual-1" });
    const client = await claimInvocation(h, execution.executionId, { token: "tok", visibleOperations: () => [] });
    const first = await client.checkpoint({
      DurableExecutionArn: execution.arn,
      CheckpointToken: "tok",
      Updates: [{ Id: "ctx", Type: "CONTEXT", SubType: "WaitForCallback", Action: "START", Name: "expense approval" }],
    });
    await client.checkpoint({
      DurableExecutionArn: execution.arn,
      CheckpointToken: first.CheckpointToken!,
      Updates: [{ Id: "cb", Type: "CALLBACK", SubType: "Callback", Action: "START", ParentId: "ctx" }],
    });
    expect(await inbox()).toEqual([expect.objectContaining({ operationId: "cb", name: "expense approval", parentOperationId: "ctx" })]);
    // leave the execution the way a finished invocation would (the harness worker drains it at close)
    await h.client.stopExecution(execution.executionId);
  });
});
