/**
 * Stop and redrive against every operation, with our SDK on our runtime only: the official local
 * runner has neither (LocalDurableTestRunner offers run, reset, getOperation* and function
 * registration; no stop, no redrive), so there is nothing to compare with. Each case checks what
 * a differential scenario would: status, history, and how often user code ran.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution, type DurableContext } from "../../sdk";
import { allEvents, createHarness, eventTypes, expectContiguous, mustGet, type Harness } from "../runtime/helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

/** How often each labelled piece of user code ran (the differential probe, for one test). */
type Ran = Record<string, number>;
const ran = (counts: Ran, label: string) => (counts[label] = (counts[label] ?? 0) + 1);
const never = () => ({ shouldRetry: false });

/** Starts `fn`, runs it until it suspends or ends, and returns its execution id. */
async function startAndDrain(fn: string): Promise<string> {
  const { execution } = await h.client.startExecution({ functionName: fn });
  await h.worker.drain();
  return execution.executionId;
}

/** Lets a lot of time pass (every timer in these cases is due) and runs whatever became due. */
async function muchLater(): Promise<void> {
  h.clock.advance(3_600_000);
  await h.worker.drain();
}

interface StopCase {
  name: string;
  /** The operation the execution is suspended in when it is stopped. */
  body: (ctx: DurableContext, counts: Ran) => Promise<unknown>;
  /** Answers what the operation waits for after the redrive, when time alone does not. */
  answer?: (executionId: string) => Promise<void>;
}

const stopCases: StopCase[] = [
  { name: "a wait", body: (ctx) => ctx.wait("pause", { minutes: 5 }) },
  {
    name: "a step's retry delay",
    body: (ctx, counts) =>
      ctx.step("flaky", async ({ attempt }) => {
        ran(counts, "flaky");
        if (attempt === 1) throw new Error("first try fails");
        return attempt;
      }, { retryStrategy: () => ({ shouldRetry: true, delay: { minutes: 5 } }) }),
  },
  {
    name: "a waitForCondition between polls",
    body: (ctx, counts) =>
      ctx.waitForCondition("poll", async (n: number) => (ran(counts, "poll"), n + 1), {
        initialState: 0,
        waitStrategy: (n) => (n < 2 ? { shouldContinue: true, delay: { minutes: 5 } } : { shouldContinue: false }),
      }),
  },
  {
    name: "a pending callback",
    body: (ctx, counts) => ctx.waitForCallback("approval", async () => void ran(counts, "submitter"), { timeout: { days: 1 } }),
    answer: async (executionId) => {
      const callback = (await h.client.getOperations(executionId)).find((r) => r.operation.Type === "CALLBACK");
      await h.client.sendCallbackSuccess(callback!.operation.CallbackDetails!.CallbackId!, JSON.stringify("approved"));
    },
  },
  {
    name: "a child context's wait",
    body: (ctx, counts) =>
      ctx.runInChildContext("child", async (c) => {
        await c.step("inside", async () => ran(counts, "inside"));
        await c.wait("child pause", { minutes: 5 });
      }),
  },
  {
    name: "map items waiting",
    body: (ctx, counts) =>
      ctx.map("items", [1, 2], async (item, x: number) => {
        await item.step(async () => ran(counts, `item ${x}`));
        await item.wait({ minutes: x });
      }),
  },
  { name: "a chained invoke in flight", body: (ctx) => ctx.invoke("slow child", "slow-child", { minutes: 5 }) },
];

describe("ops: ours only: stop", () => {
  for (const c of stopCases) {
    it(`stops an execution suspended in ${c.name}; nothing runs after; a redrive finishes it`, async () => {
      const counts: Ran = {};
      h.registry.register(
        "slow-child",
        withDurableExecution(async (event: { minutes: number }, ctx) => {
          await ctx.wait("child wait", { minutes: event.minutes });
          return "child done";
        }),
      );
      h.registry.register(
        "f",
        withDurableExecution(async (_event: unknown, ctx) => {
          await c.body(ctx, counts);
          return ctx.step("after", async () => (ran(counts, "after"), "done"));
        }),
      );
      const id = await startAndDrain("f");
      expect((await mustGet(h.store, id)).status).toBe("RUNNING");
      const before = { ...counts };

      await h.client.stopExecution(id, { ErrorType: "Operator", ErrorMessage: "stopped by the test" });
      await muchLater();
      const stopped = await mustGet(h.store, id);
      expect(stopped.status).toBe("STOPPED");
      expect(counts).toEqual(before);
      const events = await allEvents(h.store, id);
      expectContiguous(events);
      expect(eventTypes(events).at(-1)).toBe("ExecutionStopped");

      // Redrive: the execution goes on from its checkpoints; nothing that finished runs again.
      await h.client.redriveExecution(id);
      await h.worker.drain();
      await c.answer?.(id);
      await muchLater();
      await muchLater();
      const done = await mustGet(h.store, id);
      expect(done.status).toBe("SUCCEEDED");
      expect(JSON.parse(done.result!)).toBe("done");
      expect(counts.after).toBe(1);
      for (const [label, count] of Object.entries(before)) if (label !== "flaky" && label !== "poll") expect(counts[label]).toBe(count);
      expectContiguous(await allEvents(h.store, id));
    });
  }
});

interface RedriveCase {
  name: string;
  /** Fails while `healthy.on` is false; what ran is counted in `counts`. */
  body: (ctx: DurableContext, counts: Ran, healthy: { on: boolean }) => Promise<unknown>;
  /** What must have run once only: finished before the failure, replayed after the redrive. */
  replayed: string[];
  /** What runs again after the redrive. */
  again: string;
}

const redriveCases: RedriveCase[] = [
  {
    name: "a step whose retries ran out",
    body: (ctx, counts, healthy) =>
      ctx.step("ok", async () => ran(counts, "ok")).then(() =>
        ctx.step("charge", async () => {
          ran(counts, "charge");
          if (!healthy.on) throw new Error("payment service down");
          return "charged";
        }, { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) }),
      ),
    replayed: ["ok"],
    again: "charge",
  },
  {
    name: "a waitForCondition that ran out of attempts",
    body: async (ctx, counts, healthy) => {
      await ctx.step("ok", async () => ran(counts, "ok"));
      return ctx.waitForCondition("ready?", async () => (ran(counts, "check"), healthy.on), {
        initialState: false,
        waitStrategy: (ready, attempt) => {
          if (ready) return { shouldContinue: false };
          if (attempt >= 2) throw new Error("never became ready");
          return { shouldContinue: true, delay: { seconds: 1 } };
        },
      });
    },
    replayed: ["ok"],
    again: "check",
  },
  {
    name: "a failed child context",
    body: (ctx, counts, healthy) =>
      ctx.runInChildContext("child", async (c) => {
        await c.step("inside", async () => ran(counts, "inside"));
        ran(counts, "child body");
        if (!healthy.on) throw new Error("child gave up");
        return "child ok";
      }),
    replayed: ["inside"],
    again: "child body",
  },
  {
    name: "a failed map item",
    body: async (ctx, counts, healthy) => {
      const batch = await ctx.map("items", [1, 2, 3], async (item, x: number) =>
        item.step(`item ${x}`, async () => {
          ran(counts, `item ${x}`);
          if (x === 2 && !healthy.on) throw new Error("item 2 failed");
          return x;
        }, { retryStrategy: never }),
        { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
      );
      batch.throwIfError();
      return batch.getResults();
    },
    replayed: ["item 1"],
    again: "item 2",
  },
  {
    name: "a failed chained invoke",
    body: async (ctx, counts) => {
      await ctx.step("ok", async () => ran(counts, "ok"));
      return ctx.invoke("call", "flaky-function", {});
    },
    replayed: ["ok"],
    again: "flaky-function",
  },
];

describe("ops: ours only: redrive", () => {
  for (const c of redriveCases) {
    it(`redrives after ${c.name}: finished work replays, the failure runs again`, async () => {
      const counts: Ran = {};
      const healthy = { on: false };
      h.registry.registerPlain("flaky-function", async () => {
        ran(counts, "flaky-function");
        if (!healthy.on) throw new Error("downstream down");
        return "called";
      });
      h.registry.register("f", withDurableExecution(async (_event: unknown, ctx) => c.body(ctx, counts, healthy)));
      const id = await startAndDrain("f");
      await muchLater();
      await muchLater();
      const failed = await mustGet(h.store, id);
      expect(failed.status).toBe("FAILED");
      const againBefore = counts[c.again] ?? 0;
      expect(againBefore).toBeGreaterThan(0);

      healthy.on = true;
      await h.client.redriveExecution(id);
      await h.worker.drain();
      await muchLater();
      const done = await mustGet(h.store, id);
      expect(done.status).toBe("SUCCEEDED");
      for (const label of c.replayed) expect(counts[label]).toBe(1);
      expect(counts[c.again]).toBe(againBefore + 1);
      const events = await allEvents(h.store, id);
      expectContiguous(events);
      expect(eventTypes(events)).toContain("ExecutionRedriven");
      expect(eventTypes(events).at(-1)).toBe("ExecutionSucceeded");
    });
  }
});

describe("ops: ours only: redrive after a batch the code got past", () => {
  it("does not run a failed map item again when the code went on past the map", async () => {
    const counts: Ran = {};
    let healthy = false;
    h.registry.register(
      "f",
      withDurableExecution(async (_event: unknown, ctx) => {
        const batch = await ctx.map("items", [1, 2], async (item, x: number) =>
          item.step(`item ${x}`, async () => {
            ran(counts, `item ${x}`);
            if (x === 2) throw new Error("item 2 failed");
            return x;
          }, { retryStrategy: never }),
          { completionConfig: { toleratedFailureCount: 1 } },
        );
        // The code accepts the failed item and goes on; what fails later is another step.
        await ctx.step("report", async () => (ran(counts, "report"), batch.failureCount));
        return ctx.step("publish", async () => {
          ran(counts, "publish");
          if (!healthy) throw new Error("publisher down");
          return "published";
        }, { retryStrategy: never });
      }),
    );
    const id = await startAndDrain("f");
    expect((await mustGet(h.store, id)).status).toBe("FAILED");
    healthy = true;
    await h.client.redriveExecution(id);
    await h.worker.drain();
    expect((await mustGet(h.store, id)).status).toBe("SUCCEEDED");
    expect(counts).toEqual({ "item 1": 1, "item 2": 1, report: 1, publish: 2 });
  });
});
