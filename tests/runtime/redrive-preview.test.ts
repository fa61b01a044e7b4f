/**
 * The redrive preview says what the redrive then does: the operations it replays, the steps it
 * runs again (with the attempt each runs as), the callbacks that get new ids. Checked against
 * the store right after the redrive and against the history once the worker has run it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClientError } from "../../sdk/runtime";
import { storeChecksum } from "../support/store-checksum";
import { allEvents, createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe("redrive preview", () => {
  it("matches what the redrive then does: replayed, rerun with its attempt, new callback ids", async () => {
    let warehouseUp = false;
    const attemptsSeen: number[] = [];
    h.registry.register(
      "fulfil",
      withDurableExecution(async (_e, ctx) => {
        await ctx.step("reserve", async () => "r-1");
        // A callback nobody answers in time; the code catches the timeout and goes on.
        const approval = await ctx.createCallback<string>("approval", { timeout: { seconds: 30 } });
        const answer = await approval[0].catch(() => "timed out");
        const shipped = await ctx.step(
          "ship",
          async ({ attempt }) => {
            attemptsSeen.push(attempt);
            if (!warehouseUp) throw new Error("warehouse down");
            return "shipped";
          },
          { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) },
        );
        return { answer, shipped };
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "fulfil" });
    const id = execution.executionId;
    await h.worker.drain();
    h.clock.advance(30_000);
    await h.worker.drain();
    h.clock.advance(1_000);
    await h.worker.drain();
    expect((await mustGet(h.store, id)).status).toBe("FAILED");

    const before = storeChecksum(h.path);
    const preview = await h.client.previewRedrive(id);
    expect(storeChecksum(h.path)).toBe(before);
    const plans = Object.fromEntries(preview.operations.map((op) => [op.name, op]));
    expect(preview).toMatchObject({ fromStatus: "FAILED", redriveCount: 1, counts: { REPLAY: 2, RUN_AGAIN: 1, NEW_CALLBACK_ID: 0, CONTINUE: 0 } });
    expect(plans.reserve).toMatchObject({ plan: "REPLAY", status: "SUCCEEDED" });
    // The timeout was handled (the code went on to "ship"): it replays, the callback is not asked again.
    expect(plans.approval).toMatchObject({ plan: "REPLAY", status: "TIMED_OUT", type: "CALLBACK" });
    expect(plans.ship).toMatchObject({ plan: "RUN_AGAIN", status: "FAILED", nextAttempt: 2 });

    warehouseUp = true;
    attemptsSeen.length = 0;
    await h.client.redriveExecution(id);
    const after = new Map((await h.client.getOperations(id)).map((r) => [r.operation.Name, r.operation]));
    for (const op of preview.operations) {
      const now = after.get(op.name)!;
      if (op.plan === "REPLAY") expect(now.Status).toBe(op.status);
      else expect(now.Status).toBe("READY");
    }
    await h.worker.drain();
    expect((await mustGet(h.store, id)).status).toBe("SUCCEEDED");
    expect(attemptsSeen).toEqual([plans.ship!.nextAttempt]);
    const events = await allEvents(h.store, id);
    const rerun = events.slice(events.findIndex((e) => e.EventType === "ExecutionRedriven")).filter((e) => e.EventType === "StepStarted" || e.EventType === "CallbackStarted");
    expect(rerun.map((e) => e.Name)).toEqual(preview.operations.filter((op) => op.plan !== "REPLAY").map((op) => op.name));
  });

  it("names the callbacks that get new ids, and the redrive gives them exactly those", async () => {
    h.registry.register(
      "approve",
      withDurableExecution(async (_e, ctx) => {
        await ctx.step("prepare", async () => "ready");
        const [answer] = await ctx.createCallback<string>("sign-off", { timeout: { seconds: 30 } });
        return answer;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "approve" });
    await h.worker.drain();
    h.clock.advance(30_000);
    await h.worker.drain();
    const preview = await h.client.previewRedrive(execution.executionId);
    const callback = preview.operations.find((op) => op.type === "CALLBACK")!;
    expect(callback).toMatchObject({ plan: "NEW_CALLBACK_ID", status: "TIMED_OUT", name: "sign-off" });
    expect(preview.counts).toMatchObject({ REPLAY: 1, NEW_CALLBACK_ID: 1 });

    await h.client.redriveExecution(execution.executionId);
    const rearmed = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!.operation;
    expect(rearmed.Status).toBe("STARTED");
    expect(rearmed.CallbackDetails?.CallbackId).toBeDefined();
    expect(rearmed.CallbackDetails?.CallbackId).not.toBe(callback.callbackId);
  });

  it("refuses what the redrive refuses: a RUNNING execution, an unknown id", async () => {
    h.registry.register("waits", withDurableExecution(async (_e, ctx) => ctx.wait("w", { minutes: 5 })));
    const { execution } = await h.client.startExecution({ functionName: "waits" });
    await h.worker.drain();
    const code = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (DurableClientError.is(e) ? e.code : String(e)));
    expect(await code(h.client.previewRedrive(execution.executionId))).toBe("INVALID_STATE");
    expect(await code(h.client.previewRedrive("no-such-execution"))).toBe("EXECUTION_NOT_FOUND");
  });
});
