/**
 * What a run costs, on real runs: a worker over a real SQLite file runs handlers that move a
 * manual clock by known amounts, so every figure (compute, waiting, replay, operations, bytes) and
 * the bill estimate can be computed by hand and compared exactly.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution as officialWithDurableExecution } from "@aws/durable-execution-sdk-js";
import { createRetryStrategy, withDurableExecution } from "../../sdk";
import { LAMBDA_PRICES } from "../../sdk/runtime/cost/lambda-prices";
import { allEvents, createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const GB = 1024 ** 3;

describe("the cost of a run, computed by hand", () => {
  it("counts compute, waiting and replay time, operations and payload bytes, and prices them", async () => {
    h.registry.register(
      "costed",
      withDurableExecution(async (_event, ctx) => {
        h.clock.advance(100); // code before the first step: runs again (replays) on every invocation
        await ctx.step("charge", async () => {
          h.clock.advance(2000);
          return "x".repeat(1000);
        });
        await ctx.wait("cool-off", { seconds: 60 });
        await ctx.step("ship", async () => {
          h.clock.advance(500);
          return "ok";
        });
        return { done: true };
      }),
    );
    const t0 = h.clock.now();
    const { execution } = await h.client.startExecution({ functionName: "costed", input: '{"order":1}' });
    await h.worker.drain(); // invocation 1: 100 + 2000 ms, then suspends on the wait
    h.clock.advance(60_000);
    await h.worker.drain(); // invocation 2: 100 ms of replay, then 500 ms in "ship"

    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    const events = await allEvents(h.store, execution.executionId);
    const invocations = events.filter((e) => e.EventType === "InvocationCompleted").map((e) => e.InvocationCompletedDetails);
    // The first invocation had nothing to replay; the second replayed for 100 ms.
    expect(invocations[0]).not.toHaveProperty("ReplayEndTimestamp");
    expect(invocations[1]).toMatchObject({ ReplayEndTimestamp: new Date(t0 + 2100 + 60_000 + 100).toISOString() });

    const cost = await h.client.getExecutionCost(execution.executionId, { memoryMb: 1024, retentionDays: 14 });
    const lifetimeMs = 2100 + 60_000 + 600;
    const payloadBytes = '{"order":1}'.length + JSON.stringify("x".repeat(1000)).length + '"ok"'.length + '{"done":true}'.length;
    expect(cost.figures).toEqual({
      invocations: 2,
      computeMs: 2100 + 600,
      waitingMs: 60_000,
      replayMs: 100,
      replayMeasuredInvocations: 1,
      longestInvocationMs: 2100,
      lifetimeMs,
      operations: 4, // the execution, charge, cool-off, ship
      retryAttempts: 0,
      checkpoints: events.length - 2,
      historyEvents: done.eventCount,
      payloadBytes,
      largestOperationPayloadBytes: 1002,
      inputBytes: 11,
      resultBytes: 13,
    });
    expect(payloadBytes).toBe(1030);

    const line = (item: string) => cost.estimate.lines.find((l) => l.item === item)!;
    expect(line("requests")).toMatchObject({ quantity: 2 });
    expect(line("requests").cost).toBeCloseTo(2 * 0.2e-6, 12);
    expect(line("compute").quantity).toBeCloseTo(2.7, 9); // 2.7 s at 1 GB
    expect(line("compute").cost).toBeCloseTo(2.7 * 0.0000166667, 12);
    expect(line("durableOperations")).toMatchObject({ quantity: 4 });
    expect(line("durableOperations").cost).toBeCloseTo(4 * 8e-6, 12);
    expect(line("dataWritten").cost).toBeCloseTo((1030 / GB) * 0.25, 15);
    const months = (lifetimeMs / 86_400_000 + 14) / (365 / 12);
    expect(line("dataRetained").quantity).toBeCloseTo((1030 / GB) * months, 15);
    expect(line("dataRetained").cost).toBeCloseTo((1030 / GB) * months * 0.15, 15);
    expect(cost.estimate.total).toBeCloseTo(cost.estimate.lines.reduce((s, l) => s + l.cost, 0), 15);
    expect(cost.estimate).toMatchObject({ asOf: LAMBDA_PRICES.asOf, memoryMb: 1024, retentionDays: 14, currency: "USD" });

    // Every figure against its limit; nothing near one.
    expect(cost.limits.find((l) => l.limit === "invocation")).toMatchObject({ value: 2100, max: 15 * 60_000, level: "ok" });
    expect(cost.limits.find((l) => l.limit === "history")).toMatchObject({ value: 4, max: 25_000, level: "ok" });
    expect(cost.warnings).toEqual([]);
  });

  it("counts a retried step attempt as a durable operation, and uses Lambda's default memory and retention", async () => {
    let calls = 0;
    h.registry.register(
      "flaky",
      withDurableExecution(async (_event, ctx) =>
        ctx.step(
          "call",
          async () => {
            h.clock.advance(300);
            if (++calls === 1) throw new Error("first attempt fails");
            return 1;
          },
          { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 5 }, jitter: "NONE" }) },
        ),
      ),
    );
    const { execution } = await h.client.startExecution({ functionName: "flaky" });
    await h.worker.drain();
    h.clock.advance(5000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");

    const cost = await h.client.getExecutionCost(execution.executionId);
    expect(cost.figures).toMatchObject({ invocations: 2, computeMs: 600, retryAttempts: 1, operations: 2, waitingMs: 5000, replayMs: 0, replayMeasuredInvocations: 1 });
    expect(cost.estimate).toMatchObject({ memoryMb: 128, retentionDays: 14 });
    expect(cost.estimate.lines.find((l) => l.item === "durableOperations")!.quantity).toBe(3);
    expect(cost.estimate.lines.find((l) => l.item === "compute")!.quantity).toBeCloseTo(0.6 * 0.125, 12);
  });

  it("leaves replay unmeasured for a handler whose SDK does not report it, and sums a function's executions", async () => {
    h.registry.register(
      "official",
      officialWithDurableExecution(async (_event, ctx) => {
        await ctx.step("a", async () => {
          h.clock.advance(40);
          return 1;
        });
        return "done";
      }),
    );
    const first = await h.client.startExecution({ functionName: "official" });
    await h.worker.drain();
    const second = await h.client.startExecution({ functionName: "official" });
    await h.worker.drain();
    const one = await h.client.getExecutionCost(first.execution.arn);
    expect(one.figures).toMatchObject({ invocations: 1, computeMs: 40, replayMs: 0, replayMeasuredInvocations: 0 });

    const fn = await h.client.getFunctionCost("official", { last: 5 });
    expect(fn.executions).toBe(2);
    expect(fn.totals).toMatchObject({ invocations: 2, computeMs: 80, operations: 4 });
    expect(fn.averages).toMatchObject({ invocations: 1, computeMs: 40, operations: 2 });
    const two = await h.client.getExecutionCost(second.execution.executionId);
    expect(fn.estimate.total).toBeCloseTo(one.estimate.total + two.estimate.total, 15);
    expect(fn.estimatePerRun).toBeCloseTo(fn.estimate.total / 2, 15);
    expect((await h.client.getFunctionCost("official", { last: 1 })).executions).toBe(1);
  });

  it("refuses bad input with a typed error", async () => {
    await expect(h.client.getExecutionCost("no-such-execution")).rejects.toMatchObject({ code: "EXECUTION_NOT_FOUND" });
    await expect(h.client.getExecutionCost("bad id!")).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(h.client.getFunctionCost("f", { last: 0 })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(h.client.getFunctionCost("f", { memoryMb: 64 })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(h.client.getFunctionCost("not a name")).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    expect((await h.client.getFunctionCost("nothing-ran")).executions).toBe(0);
  });
});
