import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClient, Worker } from "../../sdk/runtime";
import { FOLLOW_UP_GRACE_MS } from "../../sdk/runtime/lifecycle";
import type { DurableStore, OperationRecord } from "../../sdk/store/types";
import { allEvents, createHarness, eventTypes, expectContiguous, hookStore, mustGet, type Harness } from "./helpers";

let h: Harness;

/** The store, except that writes to one execution fail: a process killed before it wrote there. */
function failingWritesTo(store: DurableStore, executionId: () => string): DurableStore {
  return hookStore(store, {
    transact: (real, id, options, build) => (id === executionId() ? Promise.reject(new Error("worker killed")) : real.transact(id, options, build)),
  });
}

/** The child execution a CHAINED_INVOKE operation started. */
const childOf = (record: OperationRecord): string => record.runtime!.chainedInvoke!.childExecutionId!;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe("chained invoke", () => {
  it("of a durable function: a child execution answers the calling operation", async () => {
    h.registry.register(
      "child",
      withDurableExecution(async (event: { n: number }, ctx) => {
        await ctx.wait("child-wait", { seconds: 30 });
        return { squared: event.n * event.n };
      }),
    );
    h.registry.register(
      "parent",
      withDurableExecution(async (_e, ctx) => {
        const out = await ctx.invoke<{ n: number }, { squared: number }>("call-child", "child", { n: 7 });
        return { fromChild: out.squared };
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "parent" });
    await h.worker.drain();

    const op = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CHAINED_INVOKE")!;
    expect(op.operation.Status).toBe("STARTED");
    const childId = childOf(op);
    const child = await mustGet(h.store, childId);
    expect(child).toMatchObject({ functionName: "child", status: "RUNNING", parent: { executionId: execution.executionId, operationId: op.operation.Id } });
    expect(JSON.parse(child.inputPayload!)).toEqual({ n: 7 });

    h.clock.advance(30_000);
    await h.worker.drain();
    const ended = await mustGet(h.store, childId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.followUpAt).toBeUndefined(); // the answer landed, so nothing is owed
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ fromChild: 49 });

    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "ChainedInvokeStarted",
      "InvocationCompleted",
      "ChainedInvokeSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[1]!.ChainedInvokeStartedDetails).toEqual({
      FunctionName: "child",
      Input: { Payload: '{"n":7}' },
      DurableExecutionArn: child.arn,
    });
    expect(events[3]!.ChainedInvokeSucceededDetails).toEqual({ Result: { Payload: '{"squared":49}' } });
  });

  it("of a plain function: its result or error answers the operation", async () => {
    h.registry.registerPlain("add", (event: { a: number; b: number }) => ({ sum: event.a + event.b }));
    h.registry.registerPlain("explode", async () => {
      throw new RangeError("out of range");
    });
    h.registry.register(
      "caller",
      withDurableExecution(async (_e, ctx) => {
        const sum = await ctx.invoke<{ a: number; b: number }, { sum: number }>("add", "add:$LATEST", { a: 2, b: 3 });
        try {
          await ctx.invoke("explode", "explode", {});
          return { sum, exploded: false };
        } catch (error) {
          return { sum, exploded: (error as Error).name };
        }
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "caller" });
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ sum: { sum: 5 }, exploded: "InvokeError" });
    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    const failedEvent = events.find((e) => e.EventType === "ChainedInvokeFailed")!;
    expect(failedEvent.ChainedInvokeFailedDetails).toEqual({ Error: { Payload: { ErrorType: "RangeError", ErrorMessage: "out of range" } } });
    expect(events.find((e) => e.EventType === "ChainedInvokeSucceeded")!.ChainedInvokeSucceededDetails).toEqual({ Result: { Payload: '{"sum":5}' } });
  });

  it("of an unknown function fails the operation at once", async () => {
    h.registry.register(
      "lost",
      withDurableExecution(async (_e, ctx) => {
        try {
          await ctx.invoke("nobody", "no-such-function", {});
          return "reached";
        } catch (error) {
          return (error as Error).message;
        }
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "lost" });
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    const events = await allEvents(h.store, execution.executionId);
    expect(events.find((e) => e.EventType === "ChainedInvokeFailed")!.ChainedInvokeFailedDetails).toMatchObject({
      Error: { Payload: { ErrorType: "ResourceNotFoundException" } },
    });
  });

  it("stopping the caller stops its running child", async () => {
    h.registry.register("forever", withDurableExecution(async (_e, ctx) => ctx.wait({ days: 1 })));
    h.registry.register("boss", withDurableExecution(async (_e, ctx) => ctx.invoke("call", "forever", {})));
    const { execution } = await h.client.startExecution({ functionName: "boss" });
    await h.worker.drain();
    const op = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CHAINED_INVOKE")!;
    const childId = childOf(op);
    expect((await mustGet(h.store, childId)).status).toBe("RUNNING");

    await h.client.stopExecution(execution.executionId);
    expect((await mustGet(h.store, childId)).status).toBe("STOPPED");
    const types = eventTypes(await allEvents(h.store, execution.executionId));
    expect(types.slice(-2)).toEqual(["ChainedInvokeStopped", "ExecutionStopped"]);
    expect(types.filter((t) => t === "ChainedInvokeStopped")).toHaveLength(1);
  });

  it("of a durable function whose worker dies before answering: a sweep answers the caller", async () => {
    h.registry.register("slow-square", withDurableExecution(async (event: { n: number }, ctx) => {
      await ctx.wait("child-wait", { seconds: 30 });
      return event.n * event.n;
    }));
    h.registry.register("asker", withDurableExecution(async (_e, ctx) => ({ got: await ctx.invoke<{ n: number }, number>("ask", "slow-square", { n: 6 }) })));
    const { execution } = await h.client.startExecution({ functionName: "asker" });
    await h.worker.drain();
    const parentId = execution.executionId;

    // Another worker runs the child to its end, then "dies": every write to the caller fails,
    // as if the process were killed between the child's last write and the caller's answer.
    const cutOff = failingWritesTo(h.store, () => parentId);
    const lost: unknown[] = [];
    const dying = new Worker({ store: cutOff, registry: h.registry, clock: h.clock, onError: (e) => lost.push(e) });
    h.clock.advance(30_000);
    await dying.drain();
    await dying.stop();
    expect(lost.map(String)).toEqual(["Error: worker killed"]);

    const op = (await h.client.getOperations(parentId)).find((r) => r.operation.Type === "CHAINED_INVOKE")!;
    const childId = childOf(op);
    const child = await mustGet(h.store, childId);
    expect(child.status).toBe("SUCCEEDED");
    expect(child.followUpAt).toBe(h.clock.now() + FOLLOW_UP_GRACE_MS);
    // Nothing else would ever wake the caller: it waits on an answer that is not coming.
    const stranded = await mustGet(h.store, parentId);
    expect(stranded).toMatchObject({ status: "RUNNING" });
    expect(stranded.nextWakeAt).toBeUndefined();
    await h.worker.drain();
    expect((await mustGet(h.store, parentId)).status).toBe("RUNNING"); // the grace has not passed

    h.clock.advance(FOLLOW_UP_GRACE_MS);
    await h.worker.drain();
    const done = await mustGet(h.store, parentId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ got: 36 });
    expect((await mustGet(h.store, childId)).followUpAt).toBeUndefined();
    const types = eventTypes(await allEvents(h.store, parentId));
    expect(types.filter((t) => t === "ChainedInvokeSucceeded")).toHaveLength(1);
    expect(await h.store.scheduling.followUpsDue({ now: h.clock.now(), limit: 10 })).toEqual([]);
  });

  it("stopping the caller, when the process dies before it stops the child: a sweep stops the child", async () => {
    h.registry.register("forever", withDurableExecution(async (_e, ctx) => ctx.wait({ days: 1 })));
    h.registry.register("boss", withDurableExecution(async (_e, ctx) => ctx.invoke("call", "forever", {})));
    const { execution } = await h.client.startExecution({ functionName: "boss" });
    await h.worker.drain();
    const op = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CHAINED_INVOKE")!;
    const childId = childOf(op);

    const dying = new DurableClient({ store: failingWritesTo(h.store, () => childId), registry: h.registry, clock: h.clock });
    await expect(dying.stopExecution(execution.executionId)).rejects.toThrow("worker killed");
    const stopped = await mustGet(h.store, execution.executionId);
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.followUpAt).toBe(h.clock.now() + FOLLOW_UP_GRACE_MS);
    expect((await mustGet(h.store, childId)).status).toBe("RUNNING"); // an orphan, for now
    await h.worker.drain();
    expect((await mustGet(h.store, childId)).status).toBe("RUNNING"); // the grace has not passed

    h.clock.advance(FOLLOW_UP_GRACE_MS);
    await h.worker.drain();
    const child = await mustGet(h.store, childId);
    expect(child.status).toBe("STOPPED");
    expect(child.error).toMatchObject({ ErrorType: "ParentExecutionEnded" });
    expect((await mustGet(h.store, execution.executionId)).followUpAt).toBeUndefined();
    expect(await h.store.scheduling.followUpsDue({ now: h.clock.now() + FOLLOW_UP_GRACE_MS, limit: 10 })).toEqual([]);
  });

  it("stopping the caller while its running invocation starts another invoke: both children are stopped", async () => {
    h.registry.register("forever", withDurableExecution(async (_e, ctx) => ctx.wait({ days: 1 })));
    h.registry.register("boss", withDurableExecution(async (_e, ctx) => ctx.invoke("call", "forever", {})));
    const { execution } = await h.client.startExecution({ functionName: "boss" });
    await h.worker.drain();
    const parentId = execution.executionId;
    const [first] = (await h.client.getOperations(parentId)).filter((r) => r.operation.Type === "CHAINED_INVOKE");
    const firstChild = childOf(first!);
    const { execution: secondChild } = await h.client.startExecution({ functionName: "forever" });

    // Between the stop's read of the operations and its write, a checkpoint starts another invoke.
    let raced = false;
    const racing = hookStore(h.store, {
      operations: {
        list: async (real, id) => {
          const listed = await real.operations.list(id);
          if (id === parentId && !raced) {
            raced = true;
            await real.transact(parentId, {}, (snapshot) => {
              const seq = snapshot.execution.operationCount + 1;
              const op = { Id: "second-invoke", Type: "CHAINED_INVOKE" as const, Name: "call-again", StartTimestamp: new Date(h.clock.now()).toISOString(), Status: "STARTED" as const };
              const runtime = { chainedInvoke: { functionName: "forever", requestedFunctionName: "forever", kind: "durable" as const, childExecutionId: secondChild.executionId } };
              return { mutation: { putOperations: [{ executionId: parentId, seq, operation: op, runtime }], execution: { operationCount: seq } } };
            });
          }
          return listed;
        },
      },
    });
    const stopper = new DurableClient({ store: racing, registry: h.registry, clock: h.clock });
    await stopper.stopExecution(parentId);
    expect(raced).toBe(true);

    const invokes = (await h.client.getOperations(parentId)).filter((r) => r.operation.Type === "CHAINED_INVOKE");
    expect(invokes.map((r) => [r.operation.Id, r.operation.Status])).toEqual([
      [first!.operation.Id, "STOPPED"],
      ["second-invoke", "STOPPED"],
    ]);
    expect((await mustGet(h.store, firstChild)).status).toBe("STOPPED");
    expect((await mustGet(h.store, secondChild.executionId)).status).toBe("STOPPED");
  });
});
