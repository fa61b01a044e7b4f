/**
 * What a checkpoint reads: the operations its updates name that exist, never one it creates (only
 * the invocation holding the token creates operations, so it knows which ids are new). On SQLite
 * that is a point read per step saved; on DynamoDB an item fewer in every transaction's read.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { Worker } from "../../sdk/runtime";
import type { DurableStore } from "../../sdk/store/types";
import { createHarness, hookStore, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

interface Write {
  read: string[];
  created: string[];
}

/** The store, recording each transact's reads and the operations it created. */
function recording(store: DurableStore, writes: Write[]): DurableStore {
  return hookStore(store, {
    transact: (real, id, options, build) =>
      real.transact(id, options, (snapshot) => {
        const built = build(snapshot);
        const created = (built.mutation.putOperations ?? []).filter((r) => r.seq > snapshot.execution.operationCount).map((r) => r.operation.Id);
        writes.push({ read: options.readOperationIds ?? [], created });
        return built;
      }),
  });
}

describe("checkpoint reads", () => {
  it("never look for the operations they create, and still read the ones that exist", async () => {
    h.registry.register(
      "steps-and-a-callback",
      withDurableExecution(async (_e, ctx) => {
        const a = await ctx.step("a", async () => 1);
        const approval = await ctx.waitForCallback<string>("approval", async () => undefined);
        const b = await ctx.runInChildContext("child", async (child) => child.step("b", async () => 2));
        return { a, b, approval };
      }),
    );
    const writes: Write[] = [];
    const worker = new Worker({ store: recording(h.store, writes), registry: h.registry, clock: h.clock, retentionDays: null });
    const { execution } = await h.client.startExecution({ functionName: "steps-and-a-callback" });
    await worker.drain();
    const callbackId = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!.operation.CallbackDetails!
      .CallbackId!;
    await h.client.sendCallbackSuccess(callbackId, "yes");
    await worker.drain();
    await worker.stop();

    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ a: 1, b: 2, approval: "yes" });
    const created = writes.flatMap((w) => w.created);
    expect(created.length).toBeGreaterThanOrEqual(6); // a, the approval context, its callback and submitter, child, b
    for (const write of writes) expect(write.read.filter((id) => write.created.includes(id))).toEqual([]);
    // Ending an existing operation reads it: the approval context, closed in the second invocation.
    const approvalContext = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Name === "approval")!.operation.Id;
    expect(writes.some((w) => w.read.includes(approvalContext) && !w.created.includes(approvalContext))).toBe(true);
  });
});
