/**
 * Every operation against every outcome, part two: waitForCondition (polls, state, exhausted
 * attempts, failing checks, poll numbering, timeoutSeconds) and child contexts (nested, values,
 * failures, results over 256 KB).
 */
import { expect } from "vitest";
import { caught, noRetry, type Scenario } from "../scenario";

export const conditionScenarios: Scenario[] = [
  {
    name: "ops: waitForCondition succeeds after polls, state carried",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const seen: Array<{ state: unknown; attempt: number }> = [];
        const done = await ctx.waitForCondition(
          "job",
          async (state: { polls: number; log: string[] }, { attempt }) => {
            probe.ran("check");
            return { polls: state.polls + 1, log: [...state.log, `poll ${attempt}`] };
          },
          {
            initialState: { polls: 0, log: [] },
            waitStrategy: (state, attempt) => {
              seen.push({ state: state.polls, attempt });
              return state.polls < 3 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false };
            },
          },
        );
        // Unnamed, with a ready-made strategy that stops at once.
        const immediate = await ctx.waitForCondition(async (n: number) => (probe.ran("immediate"), n + 1), {
          initialState: 41,
          waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: (n: number) => n < 42, jitter: sdk.JitterStrategy.NONE }),
        });
        return { done, immediate, lastDecision: seen[seen.length - 1] };
      }),
  },
  {
    name: "ops: a failed waitForCondition throws the official StepError",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const exhausted = await caught(sdk, () =>
          ctx.waitForCondition("never ready", async (n: number) => (probe.ran("never ready"), n + 1), {
            initialState: 0,
            waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: () => true, maxAttempts: 3, initialDelay: { seconds: 1 }, jitter: sdk.JitterStrategy.NONE }),
          }),
        );
        const throws = await caught(sdk, () =>
          ctx.waitForCondition("check throws", async () => (probe.ran("check throws"), Promise.reject(new TypeError("status endpoint broke"))), {
            initialState: 0,
            waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 1 } }),
          }),
        );
        const strategyThrows = await caught(sdk, () =>
          ctx.waitForCondition("strategy throws", async (n: number) => (probe.ran("strategy throws"), n), {
            initialState: 0,
            waitStrategy: () => {
              throw new RangeError("no decision");
            },
          }),
        );
        return { exhausted, throws, strategyThrows };
      }),
  },
  {
    // Alone in its run: on the official runner every skipped delay moves this thread's clock ahead
    // of its checkpoint server's, and a check that fails after later polls is then refused.
    name: "ops: a waitForCondition check that throws after polls",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        caught(sdk, () =>
          ctx.waitForCondition(
            "breaks later",
            async (n: number, { attempt }) => {
              probe.ran("breaks later");
              if (attempt === 2) throw new TypeError("status endpoint broke");
              return n + 1;
            },
            { initialState: 0, waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 1 } }) },
          ),
        ),
      ),
  },
  {
    name: "ops: a failed waitForCondition fails the execution",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.waitForCondition("gives up", async (n: number) => (probe.ran("gives up"), n + 1), {
          initialState: 0,
          waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: () => true, maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: sdk.JitterStrategy.NONE }),
        });
        return "unreachable";
      }),
  },
  {
    name: "ops: waitForCondition poll numbering (deliberate)",
    skipsTimers: true,
    deliberate: {
      readme: "Retry numbering",
      check: (ours, theirs) => {
        // Each round's StepSucceeded says which round it was (the first says nothing, as on the
        // official runner, which numbers the later ones one lower).
        expect(ours.observed.rounds).toEqual([null, 2, 3]);
        expect(theirs.observed.rounds).toEqual([null, 1, 2]);
        expect(ours.events).toEqual(theirs.events);
        expect(ours.ran).toEqual(theirs.ran);
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.waitForCondition("three rounds", async (n: number) => (probe.ran("round"), n + 1), {
          initialState: 0,
          waitStrategy: (n) => (n < 3 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false }),
        }),
      ),
    drive: async ({ running, observe }) => {
      const rounds = (await running).getHistoryEvents().filter((e) => e.EventType === "StepSucceeded");
      observe("rounds", rounds.map((e) => (e.StepSucceededDetails as { RetryDetails?: { CurrentAttempt?: number } }).RetryDetails?.CurrentAttempt ?? null));
    },
  },
  {
    name: "ops: waitForCondition with timeoutSeconds stops polling (deliberate)",
    skipsTimers: true,
    deliberate: {
      readme: "waitForCondition honours timeoutSeconds",
      check: (ours, theirs) => {
        // Ours stops once the scheduled delays exceed the budget; the official SDK accepts the
        // option and ignores it, so it polls until the condition holds.
        expect(ours.outcome).toEqual({ errorType: "StepError", errorMessage: "waitForCondition exceeded timeout (3 seconds)", errorData: undefined });
        expect(ours.ran).toEqual({ poll: 4 });
        expect(theirs.status).toBe("SUCCEEDED");
        expect(theirs.outcome).toBe(6);
        expect(theirs.ran).toEqual({ poll: 6 });
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.waitForCondition("budgeted", async (n: number) => (probe.ran("poll"), n + 1), {
          initialState: 0,
          waitStrategy: sdk.createWaitStrategy({
            shouldContinuePolling: (n: number) => n < 6,
            initialDelay: { seconds: 1 },
            backoffRate: 1,
            jitter: sdk.JitterStrategy.NONE,
            timeoutSeconds: 3,
          }),
        }),
      ),
  },
];

export const childContextScenarios: Scenario[] = [
  {
    name: "ops: child contexts nested, returning values",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const outer = await ctx.runInChildContext("outer", async (o) => {
          const a = await o.step("a", async () => (probe.ran("a"), 1));
          const inner = await o.runInChildContext("inner", async (i) => {
            const b = await i.step("b", async () => (probe.ran("b"), 2));
            const deepest = await i.runInChildContext(async (d) => d.step(async () => (probe.ran("c"), 3)));
            return { b, deepest };
          });
          return { a, inner };
        });
        const nothing = await ctx.runInChildContext("void", async () => void probe.ran("void"));
        const typed = await ctx.runInChildContext("typed", async (c) => c.step(async () => (probe.ran("typed"), [null, 0, ""])), { subType: "Custom" });
        // What a child returns comes back as a replay would see it: a Date as its JSON string.
        const when = await ctx.runInChildContext("date", async () => (probe.ran("date"), { at: new Date(Date.UTC(2024, 5, 1)) }));
        return { outer, nothing: nothing ?? "undefined", typed, when: [typeof when.at, String(when.at)] };
      }),
  },
  {
    name: "ops: child contexts failing (caught, nested, mapped)",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const direct = await caught(sdk, () => ctx.runInChildContext("throws", async () => (probe.ran("throws"), Promise.reject(new TypeError("direct")))));
        const fromStep = await caught(sdk, () =>
          ctx.runInChildContext("step fails", async (c) =>
            c.step("inner step", async () => (probe.ran("inner step"), Promise.reject(new Error("inner"))), { retryStrategy: noRetry }),
          ),
        );
        const nested = await caught(sdk, () =>
          ctx.runInChildContext("outer", async (o) => o.runInChildContext("inner", async () => (probe.ran("nested"), Promise.reject(new RangeError("deep"))))),
        );
        const mapped = await caught(sdk, () =>
          ctx.runInChildContext("mapped", async () => (probe.ran("mapped"), Promise.reject(new Error("raw"))), {
            errorMapper: (e) => new sdk.StepError(`mapped: ${e.message}`, e),
          }),
        );
        return { direct, fromStep, nested, mapped };
      }),
  },
  {
    name: "ops: an uncaught child context failure fails the execution",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.runInChildContext("uncaught", async (c) => {
          await c.step("inside", async () => (probe.ran("inside"), 1));
          throw new Error("nobody caught this");
        });
        return "unreachable";
      }),
  },
  {
    name: "ops: child context with a result over 256 KB replays its children",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const big = await ctx.runInChildContext(
          "big",
          async (c) => {
            probe.ran("big body");
            const parts: string[] = [];
            for (const n of [1, 2, 3]) parts.push(await c.step(`part ${n}`, async () => (probe.ran(`part ${n}`), String(n).repeat(100_000))));
            return parts;
          },
          { summaryGenerator: (parts) => `${parts.length} parts` },
        );
        // The callback ends the invocation: the next one rebuilds "big" from its stored children
        // (its body runs again, its steps do not).
        const [resumed] = await ctx.createCallback("resume");
        return { lengths: big.map((part) => part.length), resumed: await resumed };
      }),
    drive: async ({ runner }) => {
      const resume = runner.getOperation("resume");
      await resume.waitForData("STARTED");
      await resume.sendCallbackSuccess("go");
    },
  },
];

