/**
 * Error scenarios where we differ from the official SDK or its local runner on purpose (README,
 * "Where we differ from the official SDK, and why"): each check pins both behaviours as they are
 * and asserts that everything else about the two runs is the same.
 */
import { expect } from "vitest";
import { caught, describeError, noRetry, type NormalizedRun, type Scenario } from "../scenario";
import { InsufficientFunds, README, expectRestEqual, failingStep } from "./errors-support";

/** The events with each operation's StepFailed payload, for the non-Error checks. */
const stepFailures = (run: NormalizedRun) => run.events.filter((event) => event.startsWith("StepFailed"));

const nonErrors: Scenario[] = [
  {
    name: "errors: thrown non-Errors in steps",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => ({
        string: await caught(sdk, () => failingStep(ctx, "string", () => "out of stock")),
        number: await caught(sdk, () => failingStep(ctx, "number", () => 42)),
        nullish: await caught(sdk, () => failingStep(ctx, "null", () => null)),
        errorLike: await caught(sdk, () => failingStep(ctx, "error-like", () => ({ name: "Shaped", message: "looks like an error" }))),
      })),
    deliberate: {
      readme: README.nonErrors,
      check: (ours, theirs) => {
        const o = ours.outcome as Record<string, { message: string; cause: { message: string } }>;
        const t = theirs.outcome as Record<string, { message: string; cause: { message: string } }>;
        expect([o.string.message, o.number.message, o.nullish.message]).toEqual(["out of stock", "42", "Non-error value thrown: null"]);
        expect([t.string.message, t.number.message, t.nullish.message]).toEqual(["Unknown error", "Unknown error", "Unknown error"]);
        expect(o.string.cause.message).toBe("out of stock");
        // An object with a name and a message is an error to both.
        expect(o.errorLike).toEqual(t.errorLike);
        expect(stepFailures(ours)[0]).toContain('{"ErrorMessage":"out of stock","ErrorType":"Error"}');
        expect(stepFailures(theirs)[0]).toContain('{"ErrorMessage":"Unknown error"}');
        expectRestEqual(ours, theirs, ["outcome", "events"]);
        expect(ours.events.length).toBe(theirs.events.length);
      },
    },
  },
  {
    name: "errors: the handler throws a non-Error",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("before", async () => 1);
        throw "the order was cancelled";
      }),
    deliberate: {
      readme: README.nonErrors,
      check: (ours, theirs) => {
        expect(ours.outcome).toEqual({ errorType: "Error", errorMessage: "the order was cancelled", errorData: undefined });
        expect(theirs.outcome).toEqual({ errorType: undefined, errorMessage: "Unknown error", errorData: undefined });
        expectRestEqual(ours, theirs, ["outcome", "events"]);
        expect(ours.events.slice(0, -1)).toEqual(theirs.events.slice(0, -1));
      },
    },
  },
];

const retriesAndBatches: Scenario[] = [
  {
    name: "errors: exhausted retries",
    skipsTimers: true,
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        caught(sdk, () =>
          ctx.step(
            "flaky",
            async (stepCtx) => {
              probe.ran("flaky");
              throw new TypeError(`attempt ${stepCtx.attempt} failed`);
            },
            { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
          ),
        ),
      ),
  },
  {
    name: "errors: map and parallel item errors",
    concurrent: true,
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const mapped = await ctx.map(
          "items",
          [1, 2],
          async (item, x: number) =>
            item.step("work", async () => {
              if (x === 2) throw new InsufficientFunds(x);
              return x;
            }, { retryStrategy: noRetry }),
          { completionConfig: { toleratedFailureCount: 1 } },
        );
        const par = await ctx.parallel("branches", [{ name: "thrown", func: async () => { throw new TypeError("branch broke"); } }]);
        return {
          item: describeError(sdk, mapped.getErrors()[0]),
          thrown: await caught(sdk, async () => mapped.throwIfError()),
          branch: await caught(sdk, async () => par.throwIfError()),
        };
      }),
    deliberate: {
      readme: README.batchCause,
      check: (ours, theirs) => {
        type View = { name?: string; errorType?: string; cause?: View };
        const chain = (view: View | undefined): string[] => (view ? [`${view.name}${view.errorType ? "" : " (plain)"}`, ...chain(view.cause)] : []);
        const o = ours.outcome as Record<string, View>;
        const t = theirs.outcome as Record<string, View>;
        // Like a failed child context: the item's error, the error rebuilt from its record, and
        // that record's plain cause, each once; the official SDK rebuilds the plain cause as one
        // more StepError.
        expect(chain(o.item)).toEqual(["ChildContextError", "StepError", "StepError (plain)"]);
        expect(chain(t.item)).toEqual(["ChildContextError", "StepError", "StepError", "StepError (plain)"]);
        expect(o.thrown).toEqual(o.item);
        expect(t.thrown).toEqual(t.item);
        // A branch that throws keeps its own error's name at the end of the chain, on both.
        expect(chain(o.branch)).toEqual(["ChildContextError", "StepError", "TypeError (plain)"]);
        expect(o.branch).toEqual(t.branch);
        // What is stored is the same; only the result (the last event) differs.
        expectRestEqual(ours, theirs, ["outcome", "events"]);
        expect(ours.events.slice(0, -1).sort()).toEqual(theirs.events.slice(0, -1).sort());
      },
    },
  },
  {
    name: "errors: allSettled stores no machine paths",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const settled = await ctx.promise.allSettled("settled", [failingStep(ctx, "down", () => new RangeError("settled down"))]);
        return settled.map((r) => (r.status === "rejected" ? describeError(sdk, r.reason) : r));
      }),
    drive: async ({ running, observe }) => {
      const result = await running;
      const stored = result.getOperations().map((op) => op.getOperationData() ?? {}).find((op) => op.Name === "settled");
      const payload = String((stored?.ContextDetails as { Result?: string } | undefined)?.Result);
      observe("storedStack", /"stack"/.test(payload));
      observe("storedPath", /\/[\w.-]+\/[\w.-]+/.test(payload));
    },
    deliberate: {
      readme: README.machinePaths,
      check: (ours, theirs) => {
        expect(ours.observed).toEqual({ storedStack: false, storedPath: false });
        expect(theirs.observed).toEqual({ storedStack: true, storedPath: true });
        // Ours also keeps the rejection's cause, which the official SDK drops on the way through.
        const [ownReason] = ours.outcome as { cause?: { name: string } }[];
        const [officialReason] = theirs.outcome as { cause?: unknown }[];
        expect(ownReason.cause?.name).toBe("RangeError");
        expect(officialReason.cause).toBeUndefined();
        expect({ ...ownReason, cause: undefined }).toEqual({ ...officialReason, cause: undefined });
        // The result (the last event) carries that cause too.
        expect(ours.events.slice(0, -1)).toEqual(theirs.events.slice(0, -1));
        expectRestEqual(ours, theirs, ["observed", "outcome", "events"]);
      },
    },
  },
  {
    name: "errors: waitForCallback submitter failure",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        caught(sdk, () =>
          ctx.waitForCallback(
            "notify",
            async () => {
              probe.ran("submitter");
              throw new InsufficientFunds(0);
            },
            { retryStrategy: () => ({ shouldRetry: false }) },
          ),
        ),
      ),
    deliberate: {
      readme: README.submitter,
      check: (ours, theirs) => {
        const callbackOf = (run: NormalizedRun) => run.operations.find((op) => op.startsWith("CALLBACK"));
        expect(callbackOf(ours)).toMatch(/^CALLBACK Callback - CANCELLED /);
        expect(callbackOf(theirs)).toMatch(/^CALLBACK Callback - STARTED /);
        const withoutCallback = (run: NormalizedRun) => run.operations.filter((op) => !op.startsWith("CALLBACK"));
        expect(withoutCallback(ours)).toEqual(withoutCallback(theirs));
        expectRestEqual(ours, theirs, ["operations"]);
      },
    },
  },
];

/**
 * The handler changes between invocations (a closure counts them): a callback ends the first
 * invocation, and the second finds something else at the recorded operation's place.
 */
function nonDeterministic(name: string, first: "step" | "renamed"): Scenario {
  return {
    name,
    make: (sdk, probe) => {
      let invocations = 0;
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        invocations++;
        if (invocations === 1) await ctx.step("charge", async () => 1);
        else if (first === "step") await ctx.wait("charge", { seconds: 1 });
        else await ctx.step("charge-v2", async () => 1);
        probe.ran("after-mismatch");
        const [go] = await ctx.createCallback("go");
        await go;
        await ctx.step("later", async () => probe.ran("later-body"));
        return "done";
      });
    },
    drive: async ({ runner }) => {
      const go = runner.getOperation("go");
      await go.waitForData("STARTED");
      await go.sendCallbackSuccess("ok");
    },
    deliberate: {
      readme: README.nonDeterminism,
      check: (ours, theirs) => {
        expect(ours.status).toBe("FAILED");
        expect(theirs.status).toBe("FAILED");
        const o = ours.outcome as { errorType: string; errorMessage: string };
        const t = theirs.outcome as { errorType: string; errorMessage: string };
        expect(o.errorType).toBe("NonDeterministicExecutionError");
        expect(t.errorType).toBe("NonDeterministicExecutionError");
        expect(t.errorMessage).toMatch(/^\[Unrecoverable Execution\] Non-deterministic execution detected: Operation (type|name) mismatch for step "1"\./);
        // The official message, then the operation's id.
        expect(o.errorMessage).toBe(`${t.errorMessage} (operation id c4ca4238a0b92382)`);
        // Ours stops at the mismatched call; the official SDK runs the rest of the handler.
        expect(ours.ran).toEqual({ "after-mismatch": 1 });
        expect(theirs.ran).toEqual({ "after-mismatch": 2, "later-body": 1 });
        expect(ours.events.slice(0, -1)).toEqual(theirs.events.slice(0, -1));
        expect(ours.events.at(-1)).toMatch(/^ExecutionFailed .*NonDeterministicExecutionError/);
        expectRestEqual(ours, theirs, ["outcome", "events", "ran"]);
      },
    },
  };
}

export const deliberateErrorScenarios: Scenario[] = [
  ...nonErrors,
  ...retriesAndBatches,
  nonDeterministic("errors: non-determinism, type changed", "step"),
  nonDeterministic("errors: non-determinism, name changed", "renamed"),
];
