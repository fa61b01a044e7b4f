/**
 * Every operation against every outcome, part one: steps (success, failure, retries, exhausted
 * retries, strategies and presets, semantics, retry numbering, odd values) and waits. Every body
 * calls `probe.ran` so how often user code ran is compared too.
 */
import { expect } from "vitest";
import { caught, noRetry, type Probe, type Scenario } from "../scenario";

/** A step body whose first `failures` attempts throw (the attempt number comes from the SDK). */
function flaky<T>(probe: Probe, label: string, failures: number, value: T, make = (n: number) => new Error(`${label} down ${n}`)) {
  return async ({ attempt }: { attempt: number }) => {
    probe.ran(label);
    if (attempt <= failures) throw make(attempt);
    return value;
  };
}

/** What a retry strategy decides for attempts 1..n (the error it is shown is fixed). */
function decisions(strategy: (error: Error, attempt: number) => { shouldRetry: boolean; delay?: unknown }, n: number, error = new Error("x")) {
  return Array.from({ length: n }, (_, i) => strategy(error, i + 1));
}

export const stepScenarios: Scenario[] = [
  {
    name: "ops: step succeeds (named, unnamed, undefined, null, nested and large-ish values)",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const named = await ctx.step("named", async () => (probe.ran("named"), { id: 7, tags: ["a", "b"], nested: { ok: true } }));
        const unnamed = await ctx.step(async () => (probe.ran("unnamed"), "no name"));
        const nothing = await ctx.step("undefined", async () => void probe.ran("undefined"));
        const empty = await ctx.step("null", async () => (probe.ran("null"), null));
        const date = await ctx.step("date", async () => (probe.ran("date"), new Date(Date.UTC(2024, 0, 2))));
        const large = await ctx.step("large", async () => (probe.ran("large"), "x".repeat(40_000)));
        return { named, unnamed, nothing: nothing === undefined, empty, date, largeLength: large.length };
      }),
  },
  {
    name: "ops: step fails without retry and fails the execution",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("before", async () => (probe.ran("before"), 1));
        await ctx.step("uncaught", flaky(probe, "uncaught", 1, "never", () => new RangeError("out of range")), { retryStrategy: sdk.retryPresets.noRetry });
        return "unreachable";
      }),
  },
  {
    name: "ops: step retries then succeeds (createRetryStrategy, no jitter)",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const retryStrategy = sdk.createRetryStrategy({ maxAttempts: 4, initialDelay: { seconds: 1 }, backoffRate: 3, jitter: sdk.JitterStrategy.NONE });
        return ctx.step("flaky", flaky(probe, "flaky", 2, "third time lucky"), { retryStrategy });
      }),
  },
  {
    name: "ops: step fails without retry, exhausts its retries (linear preset, a filtered strategy)",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const once = await caught(sdk, () => ctx.step("once", flaky(probe, "once", 1, 0, () => new TypeError("bad input")), { retryStrategy: noRetry }));
        const linear = await caught(sdk, () =>
          ctx.step("linear", flaky(probe, "linear", 99, 0), { retryStrategy: sdk.createLinearRetryStrategy({ maxAttempts: 3, jitter: sdk.JitterStrategy.NONE }) }),
        );
        // Only "transient" errors are retried: the second failure is not one, so it is final.
        const filtered = await caught(sdk, () =>
          ctx.step("filtered", flaky(probe, "filtered", 99, 0, (n) => new Error(n === 1 ? "transient glitch" : "permanent")), {
            retryStrategy: sdk.createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 1 }, retryableErrors: ["transient"], jitter: sdk.JitterStrategy.NONE }),
          }),
        );
        return { once, linear, filtered };
      }),
  },
  {
    name: "ops: retry strategy shapes (presets and factories decide alike)",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.step("decide", async () => {
          probe.ran("decide");
          class Transient extends Error {}
          const NONE = sdk.JitterStrategy.NONE;
          const bounded = (d: { shouldRetry: boolean; delay?: unknown }, max: number) => {
            const seconds = (d.delay as { seconds?: number } | undefined)?.seconds ?? 0;
            return d.shouldRetry ? seconds >= 1 && seconds <= max : "stop";
          };
          return {
            linearPreset: decisions(sdk.retryPresets.linear, 7),
            noRetryPreset: decisions(sdk.retryPresets.noRetry, 2),
            // The default preset jitters (FULL): its decisions and delay bounds are compared.
            defaultPreset: decisions(sdk.retryPresets.default, 7).map((d, i) => bounded(d, [5, 10, 20, 40, 60, 60, 60][i])),
            exponential: decisions(sdk.createRetryStrategy({ maxAttempts: 6, initialDelay: { seconds: 2 }, maxDelay: { seconds: 10 }, jitter: NONE }), 6),
            defaults: decisions(sdk.createRetryStrategy({ jitter: NONE }), 4),
            linear: decisions(sdk.createLinearRetryStrategy({ initialDelay: { seconds: 2 }, increment: { seconds: 3 }, maxDelay: { seconds: 7 }, jitter: NONE }), 7),
            byType: [new Transient("t"), new Error("e")].map((e) => sdk.createRetryStrategy({ retryableErrorTypes: [Transient], jitter: NONE })(e, 1)),
            byPattern: [new Error("rate limit hit"), new Error("Timeout"), new Error("nope")].map((e) =>
              sdk.createRetryStrategy({ retryableErrors: ["rate limit", /timeout/i], jitter: NONE })(e, 1),
            ),
            halfJitter: decisions(sdk.createRetryStrategy({ maxAttempts: 4, initialDelay: { seconds: 8 }, jitter: sdk.JitterStrategy.HALF }), 3).map((d, i) =>
              bounded(d, [8, 16, 32][i]),
            ),
          };
        }),
      ),
  },
  {
    name: "ops: step semantics (at most once and at least once per retry, both retried)",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const retryStrategy = (_e: Error, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } });
        const atMostOnce = await ctx.step("at-most-once", flaky(probe, "at-most-once", 2, "once"), {
          semantics: sdk.StepSemantics.AtMostOncePerRetry,
          retryStrategy,
        });
        const atLeastOnce = await ctx.step("at-least-once", flaky(probe, "at-least-once", 1, "least"), {
          semantics: sdk.StepSemantics.AtLeastOncePerRetry,
          retryStrategy,
        });
        const never = await caught(sdk, () =>
          ctx.step("at-most-once-exhausted", flaky(probe, "at-most-once-exhausted", 9, 0), { semantics: sdk.StepSemantics.AtMostOncePerRetry, retryStrategy }),
        );
        return { atMostOnce, atLeastOnce, never };
      }),
  },
  {
    name: "ops: withRetry retries a block of operations (named, unnamed, unwrapped)",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const retryStrategy = (_e: Error, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } });
        const named = await sdk.withRetry(
          ctx,
          "book trip",
          async (c, attempt) => {
            const flight = await c.step(`flight ${attempt}`, async () => (probe.ran("flight"), `F${attempt}`));
            const hotel = await c.step(`hotel ${attempt}`, async () => {
              probe.ran("hotel");
              if (attempt < 2) throw new Error("no rooms");
              return `H${attempt}`;
            }, { retryStrategy: noRetry });
            return { flight, hotel };
          },
          { retryStrategy },
        );
        const exhausted = await caught(sdk, () =>
          sdk.withRetry(ctx, async (c) => c.step(async () => (probe.ran("always"), Promise.reject(new TypeError("still down"))), { retryStrategy: noRetry }), {
            retryStrategy,
          }),
        );
        const unwrapped = await caught(sdk, () =>
          sdk.withRetry(ctx, "unwrapped", async (c, attempt) => c.step(`try ${attempt}`, async () => (probe.ran("unwrapped"), Promise.reject(new RangeError("no"))), { retryStrategy: noRetry }), {
            retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 2 }),
            wrapWithRunInChildContext: false,
          }),
        );
        return { named, exhausted, unwrapped };
      }),
  },
  {
    name: "ops: retry numbering (deliberate)",
    skipsTimers: true,
    deliberate: {
      readme: "Retry numbering",
      check: (ours, theirs) => {
        // Each failed attempt is numbered as the attempt that failed; the official runner numbers
        // it by the attempts recorded before it, so the second and the third failure say 1 and 2.
        expect(ours.observed.failedAttempts).toEqual([1, 2, 3]);
        expect(theirs.observed.failedAttempts).toEqual([1, 1, 2]);
        expect(ours.events).toEqual(theirs.events);
        expect(ours.ran).toEqual(theirs.ran);
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        caught(sdk, () => ctx.step("thrice", flaky(probe, "thrice", 9, 0), { retryStrategy: (_e, n) => ({ shouldRetry: n < 3, delay: { seconds: 1 } }) })),
      ),
    drive: async ({ running, observe }) => {
      const events = (await running).getHistoryEvents();
      const failed = events.filter((e) => e.EventType === "StepFailed");
      observe("failedAttempts", failed.map((e) => (e.StepFailedDetails as { RetryDetails?: { CurrentAttempt?: number } }).RetryDetails?.CurrentAttempt));
    },
  },
];

export const waitScenarios: Scenario[] = [
  {
    name: "ops: waits named and unnamed, several in sequence",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.wait("first", { seconds: 2 });
        await ctx.wait({ seconds: 1 });
        const between = await ctx.step("between", async () => (probe.ran("between"), "b"));
        await ctx.wait("minute", { minutes: 1 });
        await ctx.wait("hour and seconds", { hours: 1, seconds: 5 });
        return between;
      }),
  },
  {
    name: "ops: waits inside child contexts and batch items",
    skipsTimers: true,
    concurrent: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const child = await ctx.runInChildContext("child", async (c) => {
          await c.wait("in child", { seconds: 1 });
          return c.step("after child wait", async () => (probe.ran("child"), "c"));
        });
        const mapped = await ctx.map("items", [1, 2], async (item, x: number) => {
          await item.wait({ seconds: x });
          return item.step(async () => (probe.ran(`item ${x}`), x * 10));
        });
        const branches = await ctx.parallel("branches", [
          async (b) => (await b.wait("short", { seconds: 1 }), "short"),
          async (b) => (await b.wait("long", { seconds: 3 }), "long"),
        ]);
        return { child, mapped: mapped.getResults(), branches: branches.getResults() };
      }),
  },
];
