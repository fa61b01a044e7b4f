/**
 * Failures outside the operation itself: a serdes that throws (the invocation fails) and chained
 * invokes whose target fails or does not exist. The official local runner differs from the
 * service here, so each is a deliberate difference (README) pinning both behaviours.
 */
import { expect } from "vitest";
import { caught, type NormalizedRun, type Scenario } from "../scenario";
import { InsufficientFunds, README, brokenSerdes, expectRestEqual, failingStep } from "./errors-support";

/** A serdes failure: the official runner's run() rejects; our runtime retries the invocation, then fails. */
function invocationErrorCheck(message: string) {
  return (ours: NormalizedRun, theirs: NormalizedRun) => {
    expect(theirs.status).toBe("RUN_REJECTED");
    expect(theirs.outcome).toEqual({ name: "SerdesFailedError", message });
    expect(ours.status).toBe("FAILED");
    expect(ours.outcome).toEqual({ errorType: "SerdesFailedError", errorMessage: message, errorData: undefined });
    // Retried (the first invocation and maxInvocationRetries more), and the code after the
    // failed serdes never ran, in any invocation, on either side.
    expect(ours.invocations).toBeGreaterThan(1);
    expect(ours.ran).toEqual(theirs.ran);
    expect(ours.ran.after).toBeUndefined();
  };
}

const serdesFailures: Scenario[] = [
  {
    name: "errors: serdes fails to serialize a step result",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const seen = await caught(sdk, () => ctx.step("store", async () => ({ secret: 1 }), { serdes: brokenSerdes("serialize") }));
        probe.ran("after");
        return seen;
      }),
    deliberate: {
      readme: README.invocationErrors,
      check: invocationErrorCheck('[Unrecoverable Invocation] Serialization failed for step "store" (1): vault unreachable on write'),
    },
  },
  {
    // The first run hands back what a replay would: the value through its deserializer too.
    name: "errors: serdes fails to deserialize a step result",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const seen = await caught(sdk, () => ctx.step(async () => ({ secret: 2 }), { serdes: brokenSerdes("deserialize") }));
        probe.ran("after");
        return seen;
      }),
    deliberate: {
      readme: README.invocationErrors,
      check: invocationErrorCheck("[Unrecoverable Invocation] Deserialization failed for step (1): vault unreachable on read"),
    },
  },
  {
    name: "errors: serdes fails in a child context",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const seen = await caught(sdk, () => ctx.runInChildContext("child", async () => ({ v: 1 }), { serdes: brokenSerdes("deserialize") }));
        probe.ran("after");
        return seen;
      }),
    deliberate: {
      readme: README.invocationErrors,
      check: invocationErrorCheck('[Unrecoverable Invocation] Deserialization failed for step "child" (1): vault unreachable on read'),
    },
  },
  {
    name: "errors: serdes fails in a callback",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("approval", { serdes: brokenSerdes("deserialize") });
        const seen = await caught(sdk, () => answer);
        probe.ran("after");
        return seen;
      }),
    drive: async ({ runner }) => {
      const approval = runner.getOperation("approval");
      await approval.waitForData("STARTED");
      await approval.sendCallbackSuccess('{"ok":true}');
    },
    deliberate: {
      readme: README.invocationErrors,
      check: invocationErrorCheck('[Unrecoverable Invocation] Deserialization failed for step "approval" (1): vault unreachable on read'),
    },
  },
  {
    name: "errors: serdes fails in a map",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const seen = await caught(sdk, () =>
          ctx.map("items", [1, 2], async (item, x: number) => item.step(async () => x * 10), { itemSerdes: brokenSerdes("serialize") }),
        );
        probe.ran("after");
        return seen;
      }),
    deliberate: {
      readme: README.invocationErrors,
      check: invocationErrorCheck('[Unrecoverable Invocation] Serialization failed for step "map-item-0" (1-1): vault unreachable on write'),
    },
  },
];

/** ChainedInvokeStarted without its details, and stored errors without their StackTrace. */
const comparableInvokeEvents = (run: NormalizedRun) =>
  run.events.map((event) => (event.startsWith("ChainedInvokeStarted") ? event.slice(0, event.lastIndexOf(" {")) : event.replace(/,"StackTrace":\[.*?\]\}/, "}")));

const invokeFailures: Scenario[] = [
  {
    name: "errors: invoke failures",
    functions: (sdk) => ({
      durable: {
        "durable-fails": sdk.withDurableExecution(async (_event: unknown, ctx) => {
          await failingStep(ctx, "inner", () => new InsufficientFunds(2));
        }),
      },
      plain: {
        "plain-throws": async () => {
          throw new TypeError("plain function broke");
        },
      },
    }),
    make: (sdk) => {
      const views: Record<string, unknown[]> = {};
      const record = async (key: string, work: () => Promise<unknown>) => {
        (views[key] ??= []).push(await caught(sdk, work));
      };
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await record("durable", () => ctx.invoke("call-durable", "durable-fails", { a: 1 }));
        await record("plain", () => ctx.invoke("call-plain", "plain-throws", { b: 2 }));
        // A second invocation replays both failures.
        const [resumed] = await ctx.createCallback("resume");
        await resumed;
        return views;
      });
    },
    drive: async ({ runner }) => {
      const resume = runner.getOperation("resume");
      await resume.waitForData("STARTED");
      await resume.sendCallbackSuccess("go");
    },
    deliberate: {
      readme: README.invokeHistory,
      check: (ours, theirs) => {
        const plainFailure = (run: NormalizedRun) => run.events.find((event) => event.startsWith("ChainedInvokeFailed") && event.includes("TypeError")) ?? "";
        expect(plainFailure(ours)).not.toContain("StackTrace");
        expect(plainFailure(theirs)).toMatch(/"StackTrace":\[.*\/[\w.-]+\//);
        expect(comparableInvokeEvents(ours)).toEqual(comparableInvokeEvents(theirs));
        expectRestEqual(ours, theirs, ["events"]);
      },
    },
  },
  {
    name: "errors: invoke of a function that does not exist",
    make: (sdk) => sdk.withDurableExecution(async (_event: unknown, ctx) => caught(sdk, () => ctx.invoke("call-nobody", "nobody-home", {}))),
    deliberate: {
      readme: README.unknownFunction,
      check: (ours, theirs) => {
        expect(theirs.status).toBe("RUN_REJECTED");
        expect((theirs.outcome as { message: string }).message).toMatch(/^No function found for function name nobody-home\./);
        expect(ours.status).toBe("SUCCEEDED");
        expect(ours.outcome).toMatchObject({ name: "InvokeError", message: "Function not found: nobody-home", cause: { name: "Error" } });
        expect(ours.events.find((event) => event.startsWith("ChainedInvokeFailed"))).toContain('"ErrorType":"ResourceNotFoundException"');
      },
    },
  },
];

export const invocationErrorScenarios: Scenario[] = [...serdesFailures, ...invokeFailures];
