/**
 * Every operation against every outcome, part three: map and parallel (concurrency, completion
 * configs, failing members, nesting, BatchResult's methods), promise combinators with failing
 * members, logger output, and chained invokes that succeed.
 */
import { expect } from "vitest";
import type { BatchResult, DurableContext } from "../../../sdk";
import { caught, describeError, noRetry, type Probe, type Scenario } from "../scenario";

type Sdk = Parameters<Scenario["make"]>[0];

/**
 * An item error without its cause: the cause chain of batch item errors is a deliberate
 * difference, pinned by "ops: batch item errors carry their cause once (deliberate)".
 */
function itemError(sdk: Sdk, error: unknown) {
  const { cause: _cause, ...view } = describeError(sdk, error);
  return view;
}

/** Everything BatchResult offers, as plain data (errors described field for field). */
function batchView(sdk: Sdk, batch: BatchResult<unknown>) {
  return {
    status: batch.status,
    completionReason: batch.completionReason,
    counts: [batch.successCount, batch.failureCount, batch.startedCount, batch.totalCount],
    hasFailure: batch.hasFailure,
    results: batch.getResults(),
    errors: batch.getErrors().map((e) => itemError(sdk, e)),
    all: batch.all.map((item) => ({ index: item.index, status: item.status, result: item.result ?? null, error: item.error?.message ?? null })),
    succeeded: batch.succeeded().map((item) => item.index),
    failed: batch.failed().map((item) => item.index),
    started: batch.started().map((item) => item.index),
    throwIfError: (() => {
      try {
        batch.throwIfError();
        return "no error";
      } catch (error) {
        return itemError(sdk, error);
      }
    })(),
  };
}

/** A map body: a step that fails for the listed items, once each (no retry). */
function itemStep(probe: Probe, failing: number[]) {
  return async (item: DurableContext, x: number) =>
    item.step(
      `work ${x}`,
      async () => {
        probe.ran(`item ${x}`);
        if (failing.includes(x)) throw new Error(`item ${x} failed`);
        return x * 10;
      },
      { retryStrategy: noRetry },
    );
}

export const batchScenarios: Scenario[] = [
  {
    name: "ops: map with maxConcurrency 1 runs items in order",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const batch = await ctx.map("ordered", [1, 2, 3, 4], itemStep(probe, []), { maxConcurrency: 1 });
        return batchView(sdk, batch);
      }),
  },
  {
    name: "ops: map fails fast without a completion config",
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => batchView(sdk, await ctx.map("fail fast", [1, 2, 3], itemStep(probe, [2]), { maxConcurrency: 1 }))),
  },
  {
    name: "ops: map completion by toleratedFailureCount and toleratedFailurePercentage",
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const withinCount = await ctx.map("within count", [1, 2, 3, 4], itemStep(probe, [1, 3]), { completionConfig: { toleratedFailureCount: 2 } });
        const overCount = await ctx.map("over count", [5, 6, 7, 8], itemStep(probe, [5, 6]), { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } });
        const withinPercent = await ctx.map("within percent", [9, 10, 11, 12], itemStep(probe, [9]), { completionConfig: { toleratedFailurePercentage: 25 } });
        const overPercent = await ctx.map("over percent", [13, 14, 15, 16], itemStep(probe, [13, 14]), {
          maxConcurrency: 1,
          completionConfig: { toleratedFailurePercentage: 25 },
        });
        return [withinCount, overCount, withinPercent, overPercent].map((batch) => batchView(sdk, batch));
      }),
  },
  {
    name: "ops: map completion by minSuccessful",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const batch = await ctx.map("two will do", [1, 2, 3, 4, 5], itemStep(probe, [1]), { maxConcurrency: 1, completionConfig: { minSuccessful: 2 } });
        return batchView(sdk, batch);
      }),
  },
  {
    name: "ops: parallel with a custom completion and named branches",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const branch = (name: string, fails: boolean) => ({
          name,
          func: async (b: DurableContext) =>
            b.step(name, async () => {
              probe.ran(name);
              if (fails) throw new Error(`${name} failed`);
              return name.toUpperCase();
            }, { retryStrategy: noRetry }),
        });
        const custom = await ctx.parallel("quorum", [branch("a", false), branch("b", true), branch("c", false), branch("d", false)], {
          maxConcurrency: 1,
          completionConfig: {
            shouldComplete: (status) => (status.successCount >= 2 ? sdk.completeBatch(sdk.CompletionOutcome.SUCCEEDED) : sdk.continueBatch()),
          },
        });
        const refused = await ctx.parallel("refused", [branch("e", true), branch("f", false)], {
          maxConcurrency: 1,
          completionConfig: { shouldComplete: (status) => (status.failureCount > 0 ? sdk.completeBatch(sdk.CompletionOutcome.FAILED) : sdk.continueBatch()) },
        });
        return { custom: batchView(sdk, custom), refused: batchView(sdk, refused) };
      }),
  },
  {
    name: "ops: map inside parallel and parallel inside map, with completion configs",
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const outer = await ctx.parallel("outer", [
          { name: "mapped", func: async (b) => batchView(sdk, await b.map("inner map", [1, 2, 3], itemStep(probe, [2]), { completionConfig: { toleratedFailureCount: 1 } })) },
          { name: "plain", func: async (b) => b.step("plain step", async () => (probe.ran("plain"), "plain")) },
        ]);
        const perItem = await ctx.map(
          "outer map",
          ["x", "y"],
          async (item, key: string) => {
            const inner = await item.parallel(`inner ${key}`, [
              async (b) => b.step(async () => (probe.ran(`${key} left`), `${key}-left`)),
              async (b) => b.step(async () => {
                probe.ran(`${key} right`);
                if (key === "y") throw new Error("y right failed");
                return `${key}-right`;
              }, { retryStrategy: noRetry }),
            ], { completionConfig: { minSuccessful: 1, toleratedFailureCount: 1 } });
            return batchView(sdk, inner);
          },
          { maxConcurrency: 1 },
        );
        return { outer: outer.getResults(), perItem: perItem.getResults() };
      }),
  },
  {
    name: "ops: empty map and parallel, named items, FLAT nesting with a failing member",
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const emptyMap = await ctx.map("empty map", [] as number[], itemStep(probe, []));
        const emptyParallel = await ctx.parallel("empty parallel", []);
        const named = await ctx.map("named", ["a", "b"], async (item, key: string) => item.step(async () => (probe.ran(key), key)), {
          itemNamer: (key: string, index: number) => `item ${key} #${index}`,
        });
        const flat = await ctx.map("flat", [1, 2, 3], itemStep(probe, [3]), { nesting: sdk.NestingType.FLAT, completionConfig: { toleratedFailureCount: 1 } });
        const flatParallel = await ctx.parallel("flat parallel", [async (b) => b.step("flat left", async () => (probe.ran("flat left"), "L"))], {
          nesting: sdk.NestingType.FLAT,
        });
        return [emptyMap, emptyParallel, named, flat, flatParallel].map((batch) => batchView(sdk, batch as BatchResult<unknown>));
      }),
  },
  {
    name: "ops: a branch that finishes after its batch completed is recorded as finished (deliberate)",
    concurrent: true,
    deliberate: {
      readme: "Batch members that finish late are recorded",
      check: (ours, theirs) => {
        const late = (run: typeof ours) => run.operations.filter((op) => op.includes("parallel-branch-1"));
        // The official SDK drops the late branch's success: its context stays STARTED in an
        // execution that has ended. We record it; the batch's result is the same on both sides.
        expect(late(theirs)).toEqual([expect.stringContaining("ParallelBranch parallel-branch-1 STARTED")]);
        expect(late(ours)).toEqual([expect.stringContaining("ParallelBranch parallel-branch-1 SUCCEEDED")]);
        expect(ours.outcome).toEqual(theirs.outcome);
        expect(ours.ran).toEqual(theirs.ran);
        const lateSuccess = ours.events.filter((event) => event.startsWith("ContextSucceeded ParallelBranch parallel-branch-1"));
        expect(lateSuccess).toHaveLength(1);
        expect([...ours.events].filter((event) => !lateSuccess.includes(event)).sort()).toEqual([...theirs.events].sort());
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const batch = await ctx.parallel(
          "first two",
          [async () => (probe.ran("a"), "a"), async (b) => b.step(async () => (probe.ran("b"), "b")), async () => (probe.ran("c"), "c")],
          { completionConfig: { minSuccessful: 2 } },
        );
        return batchView(sdk, batch);
      }),
  },
  {
    name: "ops: batch item errors carry their cause once (deliberate)",
    deliberate: {
      readme: "Batch item errors carry their cause once",
      check: (ours, theirs) => {
        const chain = (run: typeof ours) => (run.outcome as { chain: string[] }).chain;
        // The item's ChildContextError has the step's failure as its cause, once (a StepError
        // whose own cause names the stored type, as for any failed child context); the official
        // SDK puts a copy of that StepError in between.
        expect(chain(ours)).toEqual(["ChildContextError: item 1 failed", "StepError: item 1 failed", "StepError: item 1 failed"]);
        expect(chain(theirs)).toEqual(["ChildContextError: item 1 failed", "StepError: item 1 failed", "StepError: item 1 failed", "StepError: item 1 failed"]);
        expect(ours.operations).toEqual(theirs.operations);
        expect(ours.ran).toEqual(theirs.ran);
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const batch = await ctx.map("one fails", [1], itemStep(probe, [1]), { completionConfig: { toleratedFailureCount: 1 } });
        const chain: string[] = [];
        for (let e: unknown = batch.getErrors()[0]; e instanceof Error; e = e.cause) chain.push(`${e.name}: ${e.message}`);
        return { chain };
      }),
  },
];


export const combinatorScenarios: Scenario[] = [
  {
    name: "ops: promise.all and promise.race with failing members",
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const fail = (name: string, error: Error) => ctx.step(name, async () => (probe.ran(name), Promise.reject(error)), { retryStrategy: noRetry });
        const ok = (name: string, value: unknown) => ctx.step(name, async () => (probe.ran(name), value));
        const all = await caught(sdk, () => ctx.promise.all("all", [ok("all ok", 1), fail("all bad", new TypeError("all member failed"))]));
        const allOk = await ctx.promise.all([ok("only ok", 1), ok("also ok", 2)]);
        const race = await caught(sdk, () => ctx.promise.race("race", [fail("race bad", new RangeError("race member failed")), ok("race ok", "late")]));
        return { all, allOk, race };
      }),
  },
  {
    name: "ops: promise.any with some and with all members failing",
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const fail = (name: string) => ctx.step(name, async () => (probe.ran(name), Promise.reject(new Error(`${name} failed`))), { retryStrategy: noRetry });
        const some = await ctx.promise.any("some", [fail("any bad"), ctx.step("any ok", async () => (probe.ran("any ok"), "winner"))]);
        const none = await caught(sdk, () => ctx.promise.any("none", [fail("none 1"), fail("none 2")]));
        return { some, none };
      }),
  },
  {
    name: "ops: promise.allSettled keeps the cause and stores no machine paths (deliberate)",
    deliberate: {
      readme: "No machine paths in stored errors",
      check: (ours, theirs) => {
        // What user code sees after a replay: an Error named after the failure, with (ours) or
        // without (official) its cause.
        const reason = { name: "StepError", message: "settled member failed", isError: true };
        expect(ours.outcome).toEqual({ before: { ...reason, cause: "TypeError: settled member failed" }, after: { ...reason, cause: "TypeError: settled member failed" } });
        expect(theirs.outcome).toEqual({ before: { ...reason, cause: "none" }, after: { ...reason, cause: "none" } });
        // What the history stores: the official SDK keeps the stack, with this machine's paths.
        expect(ours.observed.stored).toEqual({ stack: false, absolutePath: false, cause: true });
        expect(theirs.observed.stored).toEqual({ stack: true, absolutePath: true, cause: false });
        expect(ours.ran).toEqual(theirs.ran);
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const settled = await ctx.promise.allSettled("settled", [
          ctx.step("fine", async () => (probe.ran("fine"), 1)),
          ctx.step("broken", async () => (probe.ran("broken"), Promise.reject(new TypeError("settled member failed"))), { retryStrategy: noRetry }),
        ]);
        const describe = (result: PromiseSettledResult<number>) => {
          const reason = (result as PromiseRejectedResult).reason as Error;
          const cause = reason.cause instanceof Error ? `${reason.cause.name}: ${reason.cause.message}` : "none";
          return { name: reason.name, message: reason.message, isError: reason instanceof Error, cause };
        };
        const before = describe(settled[1]);
        // The callback ends the invocation; the replay reads the settled list from its checkpoint.
        const [resumed] = await ctx.createCallback("resume");
        await resumed;
        return { before, after: describe(settled[1]) };
      }),
    drive: async ({ runner, running, observe }) => {
      const resume = runner.getOperation("resume");
      await resume.waitForData("STARTED");
      await resume.sendCallbackSuccess("go");
      const events = (await running).getHistoryEvents();
      const stored = events.find((e) => e.EventType === "ContextSucceeded" && e.Name === "settled") as { ContextSucceededDetails?: { Result?: { Payload?: string } } };
      const payload = stored?.ContextSucceededDetails?.Result?.Payload ?? "";
      observe("stored", { stack: payload.includes('"stack"'), absolutePath: payload.includes(process.cwd()), cause: payload.includes('"cause"') });
    },
  },
];

/**
 * A custom logger as user code writes one: it records each call with the metadata the SDK hands
 * it through configureDurableLoggingContext (ids and request ids differ by nature: left out).
 */
function capturingLogger(lines: unknown[]) {
  let logging: { getDurableLogData(): Record<string, unknown> } | undefined;
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      const data = logging?.getDurableLogData();
      const where = data ? { operation: data.operationId !== undefined, name: data.operationName ?? null, attempt: data.attempt ?? null } : "no context";
      lines.push([level, ...args, where]);
    };
  return {
    log: (level: string, ...args: unknown[]) => record(`log ${level}`)(...args),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    debug: record("debug"),
    configureDurableLoggingContext: (context: { getDurableLogData(): Record<string, unknown> }) => {
      logging = context;
    },
  };
}

export const loggerScenarios: Scenario[] = [
  {
    name: "ops: logger output from the context, a step, a child and a check; replay adds no lines",
    make: (sdk, probe) => {
      const lines: unknown[] = [];
      const logger = capturingLogger(lines);
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        ctx.configureLogger({ customLogger: logger });
        ctx.logger.info("handler start", { order: 7 });
        ctx.logger.log?.("WARN", "handler through log");
        await ctx.step("greet", async ({ logger: log, attempt }) => {
          probe.ran("greet");
          log.info("in step", attempt);
          log.warn("careful");
          log.log?.("DEBUG", "through log");
          return 1;
        });
        await ctx.runInChildContext("child", async (c) => {
          c.logger.error("in child", new Error("shown, not thrown"));
          return c.step("inner", async ({ logger: log }) => (probe.ran("inner"), log.debug("inner step"), 2));
        });
        await ctx.waitForCondition("poll", async (n: number, { logger: log }) => (probe.ran("poll"), log.info("polled", n), n + 1), {
          initialState: 0,
          waitStrategy: () => ({ shouldContinue: false }),
        });
        // The callback ends the invocation: the replay runs everything above again, silently.
        const [resumed] = await ctx.createCallback("resume");
        ctx.logger.warn("after callback", await resumed);
        return lines;
      });
    },
    drive: resumeCallback,
  },
  {
    name: "ops: logger with modeAware off repeats the handler's lines on replay",
    make: (sdk) => {
      const lines: unknown[] = [];
      const logger = capturingLogger(lines);
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        ctx.configureLogger({ customLogger: logger, modeAware: false });
        ctx.logger.info("every invocation");
        await ctx.runInChildContext("child", async (c) => c.logger.info("child, first run only"));
        const [resumed] = await ctx.createCallback("resume");
        await resumed;
        return lines;
      });
    },
    drive: resumeCallback,
  },
];

/** Driver code: answers the callback named "resume" once it started. */
async function resumeCallback({ runner }: Parameters<NonNullable<Scenario["drive"]>>[0]): Promise<void> {
  const resume = runner.getOperation("resume");
  await resume.waitForData("STARTED");
  await resume.sendCallbackSuccess("go");
}

export const invokeScenarios: Scenario[] = [
  {
    name: "ops: chained invokes that succeed (durable and plain functions, named and unnamed)",
    functions: (sdk, probe) => ({
      durable: {
        "price-order": sdk.withDurableExecution(async (event: { items: number[] }, ctx) => {
          const total = await ctx.step("sum", async () => (probe.ran("sum"), event.items.reduce((a, b) => a + b, 0)));
          return { total, currency: "EUR" };
        }),
      },
      plain: { echo: async (event: unknown) => (probe.ran("echo"), { echoed: event }) },
    }),
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const priced = await ctx.invoke("price it", "price-order", { items: [2, 3, 5] });
        const echoed = await ctx.invoke("echo", { hello: "world" });
        const after = await ctx.step("after", async () => (probe.ran("after"), "done"));
        return { priced, echoed, after };
      }),
  },
  {
    name: "ops: chained invokes record what they called (deliberate)",
    deliberate: {
      readme: "Chained invokes record what they called",
      check: (ours, theirs) => {
        // The official runner writes placeholders ("TODO: populate the fields"); we record the
        // function, its input and the child execution. Everything else is the same.
        expect(ours.observed.started).toEqual([{ function: "price-order", input: '{"items":[1]}', child: true }, { function: "echo", input: '"hi"', child: false }]);
        expect(theirs.observed.started).toEqual([{ function: "", input: "", child: false }, { function: "", input: "", child: false }]);
        expect(ours.events).toEqual(theirs.events);
        expect(ours.outcome).toEqual(theirs.outcome);
      },
    },
    functions: (sdk) => ({
      durable: { "price-order": sdk.withDurableExecution(async (event: { items: number[] }) => event.items.length) },
      plain: { echo: async (event: unknown) => event },
    }),
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => [await ctx.invoke("durable", "price-order", { items: [1] }), await ctx.invoke("plain", "echo", "hi")]),
    drive: async ({ running, observe }) => {
      const started = (await running).getHistoryEvents().filter((e) => e.EventType === "ChainedInvokeStarted");
      observe(
        "started",
        started.map((e) => {
          const details = e.ChainedInvokeStartedDetails as { FunctionName?: string; Input?: { Payload?: string }; DurableExecutionArn?: string };
          return { function: details.FunctionName, input: details.Input?.Payload, child: Boolean(details.DurableExecutionArn) };
        }),
      );
    },
  },
  {
    name: "ops: an invoked function that returns nothing succeeds (deliberate)",
    deliberate: {
      readme: "An invoked function may return nothing",
      check: (ours, theirs) => {
        // A Lambda function that returns nothing answers null: the invoke succeeded. The official
        // runner records it as failed, with no error, and the caller gets InvokeError "Invoke failed".
        expect(ours.outcome).toEqual({ nothing: "undefined", after: "done" });
        expect(theirs.status).toBe("FAILED");
        expect(theirs.outcome).toEqual({ errorType: "InvokeError", errorMessage: "Invoke failed", errorData: undefined });
        expect(theirs.events).toContain("ChainedInvokeFailed ChainedInvoke say nothing c4ca4238a0b92382 - {}");
        expect(ours.events).toContain("ChainedInvokeSucceeded ChainedInvoke say nothing c4ca4238a0b92382 - {\"Result\":{}}");
        expect(ours.ran).toEqual({ after: 1, nothing: 1 });
        expect(theirs.ran).toEqual({ nothing: 1 });
      },
    },
    functions: (_sdk, probe) => ({ plain: { nothing: async () => void probe.ran("nothing") } }),
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const nothing = await ctx.invoke("say nothing", "nothing");
        const after = await ctx.step("after", async () => (probe.ran("after"), "done"));
        return { nothing: nothing ?? "undefined", after };
      }),
  },
];
