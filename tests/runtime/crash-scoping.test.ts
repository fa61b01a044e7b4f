/**
 * Crash attribution when invocations overlap. The first invocation of a process that runs alone
 * runs without an async-context scope (the scope costs every promise a hook call); one that starts
 * beside it runs in its own scope. A crash in either is pinned on the right invocation. Real
 * SQLite and the real Worker, in this process (its own test file: the scoping state is per process).
 */
import { describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import type { UncaughtExceptionReport } from "../../sdk/runtime/invocation";
import { createHarness, mustGet } from "./helpers";

describe("crash attribution across overlapping invocations", () => {
  it("pins a crash in the invocation that started second on it, not on the one running without a scope", async () => {
    const reports: UncaughtExceptionReport[] = [];
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const h = await createHarness({
      onUncaughtException: (report) => {
        reports.push(report);
        releaseFirst();
      },
    });
    try {
      let crashes = 0;
      // Starts first and alone: runs without a scope, mid-step until the other one has crashed.
      h.registry.register("alone-first", withDurableExecution(async (_e, ctx) => ctx.step("gated", async () => (await firstGate, "first done"))));
      // Starts beside it: runs in its scope, and crashes from a timer once.
      h.registry.register(
        "beside",
        withDurableExecution(async (_e, ctx) => {
          const value = await ctx.step("before", async () => "ok");
          if (crashes++ === 0) {
            setTimeout(() => {
              throw new Error("boom beside");
            }, 0);
            await new Promise(() => undefined);
          }
          return value;
        }),
      );
      const first = (await h.client.startExecution({ functionName: "alone-first", input: "{}" })).execution;
      const beside = (await h.client.startExecution({ functionName: "beside", input: "{}" })).execution;
      await h.worker.drain();

      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ executionId: beside.executionId, afterCrash: false });
      const firstDone = await mustGet(h.store, first.executionId);
      expect(firstDone.status).toBe("SUCCEEDED");
      expect(firstDone.invocationCount).toBe(1);
      expect((await mustGet(h.store, beside.executionId)).status).toBe("RUNNING");
      h.clock.advance(60_000);
      await h.worker.drain();
      const besideDone = await mustGet(h.store, beside.executionId);
      expect(besideDone.status).toBe("SUCCEEDED");
      expect(besideDone.invocationCount).toBe(2);
    } finally {
      await h.close();
    }
  });
});
