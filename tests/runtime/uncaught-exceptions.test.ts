/**
 * Uncaught exceptions in handler code (thrown from a timer, outside the awaited chain): the
 * invocation whose code raised it fails, the worker and the other executions keep running, the
 * crashed invocation's code can no longer checkpoint, and an execution that keeps crashing fails
 * after `maxCrashedInvocations`. Real SQLite, the real Worker, in this process (the crash guard
 * handles these exceptions, so the test framework never sees them).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import type { UncaughtExceptionReport } from "../../sdk/runtime/invocation";
import { crashGuardInstalled } from "../../sdk/runtime/invocation-scope";
import { Worker } from "../../sdk/runtime";
import type { HistoryEvent } from "../../sdk/types/wire";
import { allEvents, createHarness, mustGet, type Harness } from "./helpers";

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function harness(options: Parameters<typeof createHarness>[0] = {}): Promise<{ h: Harness; reports: UncaughtExceptionReport[] }> {
  const reports: UncaughtExceptionReport[] = [];
  const h = await createHarness({ onUncaughtException: (r) => reports.push(r), ...options });
  harnesses.push(h);
  return { h, reports };
}

type InvocationDetails = { RequestId: string; StartTimestamp: string; EndTimestamp: string; Error?: { Payload?: { ErrorType?: string; ErrorMessage?: string } } };
const invocations = (events: HistoryEvent[]) =>
  events.filter((e) => e.EventType === "InvocationCompleted").map((e) => e.InvocationCompletedDetails as InvocationDetails);

/** Runs everything due, moving the clock past backoffs, until the execution ends (at most `rounds` drains). */
async function runToEnd(h: Harness, executionId: string, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await h.worker.drain();
    if ((await mustGet(h.store, executionId)).status !== "RUNNING") return;
    h.clock.advance(60_000);
  }
}

describe("an uncaught exception in handler code", () => {
  it("fails only its own invocation: the execution is re-invoked and succeeds, another execution in the worker runs on", async () => {
    let releaseSteady!: () => void;
    const steadyGate = new Promise<void>((r) => (releaseSteady = r));
    const { h, reports } = await harness({
      onUncaughtException: (r) => {
        reports.push(r);
        // The other execution is mid-step right now; it finishes only after the crash.
        releaseSteady();
      },
    });
    let crashes = 0;
    h.registry.register(
      "crash-once",
      withDurableExecution(async (_e, ctx) => {
        const first = await ctx.step("first", async () => "ok");
        if (crashes++ === 0) {
          setTimeout(() => {
            throw new Error("boom in a timer");
          }, 0);
          await new Promise(() => undefined);
        }
        return first;
      }),
    );
    h.registry.register(
      "steady",
      withDurableExecution(async (_e, ctx) => ctx.step("gated", async () => (await steadyGate, "steady done"))),
    );
    const crashing = (await h.client.startExecution({ functionName: "crash-once", input: "{}" })).execution;
    const steady = (await h.client.startExecution({ functionName: "steady", input: "{}" })).execution;

    await h.worker.drain();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ executionId: crashing.executionId, afterCrash: false });
    expect((reports[0]!.error as Error).message).toBe("boom in a timer");
    const afterCrash = await mustGet(h.store, crashing.executionId);
    expect(afterCrash.status).toBe("RUNNING");
    // The crashed invocation let go of the execution: no lease, no token, re-invoked after a backoff.
    expect(afterCrash.leaseOwner).toBeUndefined();
    expect(afterCrash.checkpointToken).toBeUndefined();
    expect(afterCrash.nextWakeAt).toBeGreaterThan(h.clock.now());
    const steadyDone = await mustGet(h.store, steady.executionId);
    expect(steadyDone.status).toBe("SUCCEEDED");
    expect(JSON.parse(steadyDone.result!)).toBe("steady done");

    await runToEnd(h, crashing.executionId);
    const done = await mustGet(h.store, crashing.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("ok");
    const [crashed, second, ...rest] = invocations(await allEvents(h.store, crashing.executionId));
    expect(rest).toEqual([]);
    expect(crashed!.RequestId).toBe(reports[0]!.requestId);
    expect(crashed!.Error?.Payload?.ErrorType).toBe("Runtime.UncaughtException");
    expect(crashed!.Error?.Payload?.ErrorMessage).toContain("Error: boom in a timer");
    expect(second!.Error).toBeUndefined();
    expect(done.invocationCount).toBe(2);
  });

  it("fails the execution after maxCrashedInvocations consecutive crashes (default 3), with an error naming the original", async () => {
    for (const [options, expected] of [[{}, 3], [{ maxCrashedInvocations: 2 }, 2]] as const) {
      const { h, reports } = await harness(options);
      h.registry.register(
        "always-crashes",
        withDurableExecution(async (_e, ctx) => {
          await ctx.step("before", async () => 1);
          setImmediate(() => {
            throw new TypeError("always broken");
          });
          return new Promise(() => undefined);
        }),
      );
      const { execution } = await h.client.startExecution({ functionName: "always-crashes", input: "{}" });
      await runToEnd(h, execution.executionId);
      const failed = await mustGet(h.store, execution.executionId);
      expect(failed.status).toBe("FAILED");
      expect(failed.error?.ErrorType).toBe("Runtime.UncaughtException");
      expect(failed.error?.ErrorMessage).toBe(`The handler raised an uncaught exception in ${expected} consecutive invocations; the last: TypeError: always broken`);
      expect(failed.invocationCount).toBe(expected);
      const events = await allEvents(h.store, execution.executionId);
      const completed = invocations(events);
      expect(completed).toHaveLength(expected);
      for (const invocation of completed) expect(invocation.Error?.Payload?.ErrorType).toBe("Runtime.UncaughtException");
      expect(events[events.length - 1]!.EventType).toBe("ExecutionFailed");
      expect(reports.filter((r) => !r.afterCrash)).toHaveLength(expected);
    }
  });

  it("closes the crashed invocation's door to the store: a checkpoint its code sends as it crashes never lands", async () => {
    const { h } = await harness();
    const lateResults: unknown[] = [];
    let lateSettled!: () => void;
    const late = new Promise<void>((r) => (lateSettled = r));
    let calls = 0;
    // A raw handler: it checkpoints through the client it was given, then throws, in one timer callback.
    h.registry.register("late-writer", async (event: { DurableExecutionArn: string; CheckpointToken: string; durableExecutionClient: { checkpoint(r: unknown): Promise<unknown> } }) => {
      if (calls++ > 0) return { Status: "SUCCEEDED", Result: JSON.stringify("second") };
      setTimeout(() => {
        event.durableExecutionClient
          .checkpoint({
            DurableExecutionArn: event.DurableExecutionArn,
            CheckpointToken: event.CheckpointToken,
            Updates: [{ Id: "late", Type: "STEP", Action: "SUCCEED", Name: "late", SubType: "Step", Payload: "1" }],
          })
          .then(
            (response) => lateResults.push(response),
            (error: Error) => lateResults.push(error),
          )
          .finally(lateSettled);
        throw new Error("crash right after the checkpoint call");
      }, 0);
      return new Promise(() => undefined);
    });
    const { execution } = await h.client.startExecution({ functionName: "late-writer", input: "{}" });
    await h.worker.drain();
    await late;
    expect(lateResults).toHaveLength(1);
    expect(lateResults[0]).toBeInstanceOf(Error);
    expect((lateResults[0] as Error).message).toMatch(/crashed/);
    expect((await h.store.operations.list(execution.executionId)).map((r) => r.operation.Id)).not.toContain("late");

    // The next invocation gets the execution and finishes it.
    await runToEnd(h, execution.executionId);
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect((await h.store.operations.list(execution.executionId)).map((r) => r.operation.Id)).not.toContain("late");
  });

  it("is guarded only while a worker runs: installed by start() and drain(), removed when the last worker stops", async () => {
    const { h } = await harness();
    expect(crashGuardInstalled()).toBe(false);
    expect(process.hasUncaughtExceptionCaptureCallback()).toBe(false);
    await h.worker.drain();
    expect(crashGuardInstalled()).toBe(true);
    const other = new Worker({ store: h.store, registry: h.registry, clock: h.clock, retentionDays: null });
    other.start();
    await h.worker.stop();
    expect(crashGuardInstalled()).toBe(true);
    await other.stop();
    expect(crashGuardInstalled()).toBe(false);
    expect(process.hasUncaughtExceptionCaptureCallback()).toBe(false);
  });
});

describe("an uncaught exception outside any invocation", () => {
  it("still crashes the process as Node would (exit code 1, the error on stderr), after a handler's crash was survived", async () => {
    const require = createRequire(import.meta.url);
    const script = join(__dirname, "fixtures", "crash-guard-process.ts");
    const child = spawn(process.execPath, ["--import", require.resolve("tsx"), script], {
      cwd: resolve(__dirname, "..", ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(stdout, stderr).toContain("handler crash survived: FAILED Runtime.UncaughtException");
    expect(stdout).toContain("throwing outside any invocation");
    expect(stdout).not.toContain("still alive");
    expect(stderr).toContain("a bug in the worker itself");
    expect(code).toBe(1);
  }, 60_000);
});
