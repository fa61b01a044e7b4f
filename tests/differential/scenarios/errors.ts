/**
 * Errors as user code catches them (compared field for field with their cause chain: see
 * describeError) and as the execution's final error, on the first run and on replay. Where the
 * official SDK or its runner is defective, the scenario is a deliberate difference: see
 * errors-deliberate.ts and errors-invocation.ts.
 */
import { caught, describeError, type Scenario } from "../scenario";
import { deliberateErrorScenarios } from "./errors-deliberate";
import { invocationErrorScenarios } from "./errors-invocation";
import { InsufficientFunds, failingStep } from "./errors-support";

const operationErrors: Scenario[] = [
  {
    name: "errors: step failure, caught",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => ({
        plain: await caught(sdk, () => failingStep(ctx, "plain", () => new Error("plain failure"))),
        typed: await caught(sdk, () => failingStep(ctx, "typed", () => new TypeError("bad type"))),
        custom: await caught(sdk, () => failingStep(ctx, "custom", () => new InsufficientFunds(3))),
        unnamed: await caught(sdk, () => failingStep(ctx, undefined, () => new RangeError("no name"))),
        empty: await caught(sdk, () => failingStep(ctx, "empty", () => new Error(""))),
      })),
  },
  {
    name: "errors: step failure is the execution's error",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await failingStep(ctx, "fails", () => new InsufficientFunds(7));
      }),
  },
  {
    // A durable error thrown by user code keeps its type when checkpointed, and comes back as
    // that class (a CallbackError out of a step), with its errorData.
    name: "errors: durable errors thrown by user code",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const fromStep = await caught(sdk, () => failingStep(ctx, "rethrows", () => new sdk.CallbackError("upstream callback broke", undefined, '{"id":9}')));
        throw new sdk.InvokeError(`handler gave up after ${(fromStep as { name?: string }).name}`, undefined, '{"retry":false}');
      }),
  },
  {
    name: "errors: child context failure, nested",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => ({
        thrownInChild: await caught(sdk, () => ctx.runInChildContext("outer", async () => { throw new InsufficientFunds(1); })),
        nested: await caught(sdk, () =>
          ctx.runInChildContext("outer-2", async (outer) =>
            outer.runInChildContext("inner", async (inner) => failingStep(inner, "deep", () => new SyntaxError("deep"))),
          ),
        ),
        unnamed: await caught(sdk, () => ctx.runInChildContext(async () => { throw new TypeError("anonymous child"); })),
      })),
  },
  {
    name: "errors: nested child failure is the execution's error",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.runInChildContext("outer", async (outer) =>
          outer.runInChildContext("inner", async (inner) => failingStep(inner, "deep", () => new SyntaxError("deep"))),
        ),
      ),
  },
  {
    // errorMapper gets the error rebuilt from the record, on the first run and on replay.
    name: "errors: child context errorMapper",
    make: (sdk) => {
      const given: unknown[] = [];
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const thrown = await caught(sdk, () =>
          ctx.runInChildContext("mapped", async (c) => failingStep(c, "inner", () => new InsufficientFunds(5)), {
            errorMapper: (error) => {
              given.push(describeError(sdk, error));
              return new sdk.InvokeError(`mapped: ${error.message}`, error, "mapped-data");
            },
          }),
        );
        const [resumed] = await ctx.createCallback("resume");
        await resumed;
        return { thrown, given };
      });
    },
    drive: async ({ runner }) => {
      const resume = runner.getOperation("resume");
      await resume.waitForData("STARTED");
      await resume.sendCallbackSuccess("go");
    },
  },
  {
    // A callback's ErrorData, caught inside a child context, surfaces on the context's error.
    name: "errors: errorData through a child context",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.runInChildContext("approval-flow", async (c) => {
          const [answer] = await c.createCallback("approval");
          return answer;
        }),
      ),
    drive: async ({ runner }) => {
      const approval = runner.getOperation("approval");
      await approval.waitForData("STARTED");
      await approval.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: "over budget", ErrorData: '{"limit":100}' });
    },
  },
  {
    name: "errors: callback failure with ErrorType and ErrorData",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("approval");
        const direct = await caught(sdk, () => answer);
        const viaWait = await caught(sdk, () => ctx.waitForCallback("second", async () => undefined));
        const bare = await caught(sdk, () => ctx.waitForCallback("third", async () => undefined));
        return { direct, viaWait, bare };
      }),
    drive: async ({ runner }) => {
      const approval = runner.getOperation("approval");
      await approval.waitForData("STARTED");
      await approval.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: "declined by finance", ErrorData: '{"by":"ann"}' });
      const second = runner.getOperation("second");
      await second.waitForData("SUBMITTED");
      await second.sendCallbackFailure({ ErrorType: "Vetoed", ErrorMessage: "no way", ErrorData: "raw data" });
      const third = runner.getOperation("third");
      await third.waitForData("SUBMITTED");
      await third.sendCallbackFailure({});
    },
  },
  {
    name: "errors: callback failure is the execution's error",
    make: (sdk) => sdk.withDurableExecution(async (_event: unknown, ctx) => ctx.waitForCallback("approval", async () => undefined)),
    drive: async ({ runner }) => {
      const approval = runner.getOperation("approval");
      await approval.waitForData("SUBMITTED");
      await approval.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: "declined", ErrorData: '{"by":"bob"}' });
    },
  },
  {
    name: "errors: callback timeout",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("approval", { timeout: { seconds: 1 } });
        const direct = await caught(sdk, () => answer);
        const viaWait = await caught(sdk, () => ctx.waitForCallback("second", async () => undefined, { timeout: { seconds: 1 } }));
        return { direct, viaWait };
      }),
  },
  {
    name: "errors: heartbeat timeout",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("approval", { timeout: { seconds: 30 }, heartbeatTimeout: { seconds: 1 } });
        return caught(sdk, () => answer);
      }),
  },
  {
    name: "errors: callback timeout is the execution's error",
    make: (sdk) => sdk.withDurableExecution(async (_event: unknown, ctx) => ctx.waitForCallback("approval", async () => undefined, { timeout: { seconds: 1 } })),
  },
  {
    // A check that throws, and a wait strategy that throws, both surface as a StepError.
    name: "errors: waitForCondition failure",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => ({
        check: await caught(sdk, () =>
          ctx.waitForCondition("poll", async () => { throw new RangeError("sensor offline"); }, {
            initialState: 0,
            waitStrategy: () => ({ shouldContinue: false }),
          }),
        ),
        strategy: await caught(sdk, () =>
          ctx.waitForCondition("poll-2", async (n: number) => n + 1, {
            initialState: 0,
            waitStrategy: () => { throw new InsufficientFunds(8); },
          }),
        ),
      })),
  },
  {
    name: "errors: promise combinators reject",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const fail = (name: string, message: string) => failingStep(ctx, name, () => new RangeError(message));
        return {
          all: await caught(sdk, () => ctx.promise.all("all", [fail("a1", "first down")])),
          any: await caught(sdk, () => ctx.promise.any("any", [fail("b1", "one"), fail("b2", "two")])),
          race: await caught(sdk, () => ctx.promise.race("race", [fail("c1", "lost the race")])),
        };
      }),
  },
  {
    name: "errors: custom batch completion fails",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const batch = await ctx.map("quorum", [1, 2], async (item, x: number) => item.step(async () => x), {
          completionConfig: { shouldComplete: (status) => (status.completedCount === 2 ? sdk.completeBatch(sdk.CompletionOutcome.FAILED) : sdk.continueBatch()) },
        });
        return { status: batch.status, reason: batch.completionReason, thrown: await caught(sdk, async () => batch.throwIfError()) };
      }),
  },
  {
    // A callback ends the invocation on both runners (a wait may not: the official runner often
    // carries on in the same invocation), so the next invocation replays every failure above.
    name: "errors: failures seen again on replay",
    make: (sdk) => {
      const views: Record<string, unknown[]> = {};
      const record = async (key: string, work: () => Promise<unknown>) => {
        (views[key] ??= []).push(await caught(sdk, work));
      };
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await record("step", () => failingStep(ctx, "fails", () => new InsufficientFunds(4)));
        await record("child", () => ctx.runInChildContext("child", async (c) => failingStep(c, "inner", () => new TypeError("inner"))));
        await record("condition", () =>
          ctx.waitForCondition("poll", async () => { throw new RangeError("no signal"); }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }),
        );
        await record("all", () => ctx.promise.all("all", [failingStep(ctx, "bad", () => new SyntaxError("bad member"))]));
        await record("callback", async () => (await ctx.createCallback("refused", { timeout: { seconds: 1 } }))[0]);
        await record("submitted", () => ctx.waitForCallback("answered", async () => undefined));
        const [resumed] = await ctx.createCallback("resume");
        await resumed;
        return views;
      });
    },
    drive: async ({ runner }) => {
      const answered = runner.getOperation("answered");
      await answered.waitForData("SUBMITTED");
      await answered.sendCallbackFailure({ ErrorType: "Declined", ErrorMessage: "not today", ErrorData: "d" });
      const resume = runner.getOperation("resume");
      await resume.waitForData("STARTED");
      await resume.sendCallbackSuccess("go");
    },
  },
];

export const errorScenarios: Scenario[] = [...operationErrors, ...deliberateErrorScenarios, ...invocationErrorScenarios];
