/**
 * Our SDK on our runtime, over a real SQLite file: replay rules that the differential test cannot
 * show (they are where we deliberately differ from, or go past, the official SDK).
 */
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StepSemantics, withDurableExecution, type DurableContext } from "../../sdk";
import { allEvents, createHarness, type Harness } from "../runtime/helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function runUntilSuspendedOrDone(executionId: string) {
  await h.worker.drain();
  return h.client.getExecution(executionId);
}

describe("replay", () => {
  it("fails with NonDeterministicExecutionError when the code changes, and runs nothing after the mismatch", async () => {
    let renamed = false;
    let sideEffects = 0;
    h.registry.register(
      "drifting",
      withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
        await ctx.step(renamed ? "renamed" : "original", async () => 1);
        await ctx.wait({ seconds: 10 });
        await ctx.step("side-effect", async () => ++sideEffects);
        return "done";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "drifting" });
    expect((await runUntilSuspendedOrDone(execution.executionId)).status).toBe("RUNNING");
    renamed = true;
    h.clock.advance(11_000);
    const ended = await runUntilSuspendedOrDone(execution.executionId);
    expect(ended.status).toBe("FAILED");
    expect(ended.error?.ErrorType).toBe("NonDeterministicExecutionError");
    // The official SDK's words, then the operation's id.
    expect(ended.error?.ErrorMessage).toBe(
      '[Unrecoverable Execution] Non-deterministic execution detected: Operation name mismatch for step "1". ' +
        'Expected name "original", but got "renamed". This indicates non-deterministic control flow in your workflow code. ' +
        "(operation id c4ca4238a0b92382)",
    );
    expect(sideEffects).toBe(0);
    const ops = await h.client.getOperations(execution.executionId);
    expect(ops.some((r) => r.operation.Name === "side-effect")).toBe(false);
  });

  it("does not log again while replaying; step logs are kept per operation and attempt", async () => {
    let failFirstAttempt = true;
    h.registry.register(
      "chatty",
      withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
        ctx.logger.info("handler started");
        await ctx.step(
          "work",
          async ({ logger, attempt }) => {
            logger.info("attempting", { attempt });
            if (failFirstAttempt && attempt === 1) throw new Error("first attempt fails");
            return attempt;
          },
          { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
        );
        await ctx.wait({ seconds: 5 });
        ctx.logger.warn("after the wait");
        return "ok";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "chatty" });
    for (let i = 0; i < 5; i++) {
      await h.worker.drain();
      h.clock.advance(6_000);
    }
    expect((await h.client.getExecution(execution.executionId)).status).toBe("SUCCEEDED");
    const logs = (await h.client.getLogs(execution.executionId, { limit: 100 })).items;
    expect(logs.map((l) => [l.level, l.message, l.operationName ?? null, l.attempt ?? null])).toEqual([
      ["INFO", "handler started", null, null],
      ["INFO", "attempting", "work", 1],
      ["INFO", "attempting", "work", 2],
      ["WARN", "after the wait", null, null],
    ]);
    expect(JSON.parse(logs[1].data!)).toEqual({ attempt: 1 });
    const workOp = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Name === "work")!;
    const ofWork = (await h.client.getLogs(execution.executionId, { operationId: workOp.operation.Id })).items;
    expect(ofWork).toHaveLength(2);
    expect(logs.map((l) => l.seq)).toEqual([...logs.map((l) => l.seq)].sort((a, b) => a - b));
  });

  it("hands every replayed step the value it recorded, and runs none of their bodies again", async () => {
    const bodies: number[] = [];
    h.registry.register(
      "resumed",
      withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
        const values: unknown[] = [];
        // Two at once, then one at a time: replay settles them in the order the code awaits them.
        values.push(...(await Promise.all([ctx.step("a", async () => (bodies.push(1), { n: 1 })), ctx.step("b", async () => (bodies.push(2), [2]))])));
        values.push(await ctx.step("c", async () => (bodies.push(3), "three")));
        values.push(await ctx.step("d", async () => (bodies.push(4), undefined)));
        await ctx.wait({ seconds: 10 });
        return values;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "resumed" });
    expect((await runUntilSuspendedOrDone(execution.executionId)).status).toBe("RUNNING");
    h.clock.advance(11_000);
    const ended = await runUntilSuspendedOrDone(execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(JSON.parse(ended.result!)).toEqual([{ n: 1 }, [2], "three", null]);
    expect(bodies).toEqual([1, 2, 3, 4]);
  });

  it("a recorded step result that no longer parses ends the execution with SerdesFailedError, and runs nothing after it", async () => {
    let after = 0;
    h.registry.register(
      "corrupted",
      withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
        const picked = await ctx.step("pick", async () => ({ n: 1 }));
        await ctx.wait({ seconds: 10 });
        after++;
        return picked;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "corrupted" });
    expect((await runUntilSuspendedOrDone(execution.executionId)).status).toBe("RUNNING");
    // Another process breaks the record's payload on disk.
    const db = new Database(h.path);
    const row = db.prepare("SELECT operation_id, operation FROM operations WHERE execution_id = ? AND operation LIKE '%\"pick\"%'").get(execution.executionId) as { operation_id: string; operation: string };
    const operation = JSON.parse(row.operation) as { StepDetails: { Result: string } };
    operation.StepDetails.Result = "{not json";
    db.prepare("UPDATE operations SET operation = ? WHERE execution_id = ? AND operation_id = ?").run(JSON.stringify(operation), execution.executionId, row.operation_id);
    db.close();
    for (let i = 0; i < 6; i++) {
      h.clock.advance(11_000);
      await h.worker.drain();
    }
    const ended = await h.client.getExecution(execution.executionId);
    expect(ended.status).toBe("FAILED");
    expect(ended.error?.ErrorType).toBe("SerdesFailedError");
    expect(after).toBe(0);
  });

  it("at-most-once: a step found STARTED after a crash is not run again for that attempt", async () => {
    let runs = 0;
    let crash = true;
    // The hung first attempt ends at the invocation timeout (real time); the retry must finish well inside it.
    const crashing = await createHarness({ invocationTimeoutMs: 2_000, maxInvocationRetries: 1 });
    crashing.registry.register(
      "once",
      withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
        return ctx.step(
          "charge",
          async () => {
            runs++;
            if (crash) {
              crash = false;
              // Simulates the process dying mid-step: the invocation never records an outcome.
              await new Promise(() => undefined);
            }
            return "charged";
          },
          { semantics: StepSemantics.AT_MOST_ONCE_PER_RETRY, retryStrategy: () => ({ shouldRetry: false }) },
        );
      }),
    );
    try {
      const { execution } = await crashing.client.startExecution({ functionName: "once" });
      for (let i = 0; i < 4; i++) {
        await crashing.worker.drain();
        crashing.clock.advance(5_000);
      }
      const ended = await crashing.client.getExecution(execution.executionId);
      expect(runs).toBe(1);
      expect(ended.status).toBe("FAILED");
      expect(ended.error?.ErrorType).toBe("StepError");
      const events = await allEvents(crashing.store, execution.executionId);
      expect(events.filter((e) => e.EventType === "StepStarted")).toHaveLength(1);
    } finally {
      await crashing.close().catch(() => undefined);
    }
  });

  it("rebuilds a child context result over 256 KB from its children instead of storing it", async () => {
    let bodyRuns = 0;
    h.registry.register(
      "big-child",
      withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
        const big = await ctx.runInChildContext("assemble", async (child) => {
          bodyRuns++;
          const parts = [];
          for (let i = 0; i < 4; i++) parts.push(await child.step(`part-${i}`, async () => "x".repeat(100_000)));
          return parts.join("");
        });
        await ctx.wait({ seconds: 1 });
        return big.length;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "big-child" });
    await h.worker.drain();
    h.clock.advance(2_000);
    await h.worker.drain();
    const ended = await h.client.getExecution(execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.result).toBe("400000");
    const assemble = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Name === "assemble")!;
    expect(assemble.operation.ContextDetails?.ReplayChildren).toBe(true);
    expect(assemble.operation.ContextDetails?.Result ?? "").toBe("");
    // the body ran again on replay to rebuild the value, but its steps were replayed, not re-run
    expect(bodyRuns).toBe(2);
    const stepStarts = (await allEvents(h.store, execution.executionId)).filter((e) => e.EventType === "StepStarted");
    expect(stepStarts).toHaveLength(4);
  });
});
