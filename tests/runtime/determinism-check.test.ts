/**
 * The determinism check replays a recorded history through the code registered now, in a dry run:
 * it catches a renamed and a reordered step, passes unchanged code, stops at the first operation
 * without a record, never runs a step body and writes nothing. The redrive refuses on a mismatch
 * unless forced.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution as officialWithDurableExecution } from "@aws/durable-execution-sdk-js";
import { withDurableExecution, type DurableContext } from "../../sdk";
import { DurableClient, DurableClientError, FunctionRegistry } from "../../sdk/runtime";
import { storeChecksum } from "../support/store-checksum";
import { createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
/** Step bodies run by the code under check: a dry run must leave this at zero. */
let bodiesRun = 0;
const body = (value: string) => async () => {
  bodiesRun++;
  return value;
};

/** The recorded code: validate, charge, ship (ship fails, so the execution FAILS). */
async function recorded(_input: unknown, ctx: DurableContext) {
  await ctx.step("validate", async () => "valid");
  await ctx.step("charge", async () => "charged");
  await ctx.step("ship", async () => {
    throw new Error("carrier down");
  }, noRetry);
}

async function failedExecution(): Promise<string> {
  h.registry.register("order", withDurableExecution(recorded));
  const { execution } = await h.client.startExecution({ functionName: "order" });
  await h.worker.drain();
  expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
  return execution.executionId;
}

/** A client whose code for "order" is `handler` (the code deployed now). */
function clientWithCode(handler: (input: unknown, ctx: DurableContext) => Promise<unknown>): DurableClient {
  const code = new FunctionRegistry().register("order", withDurableExecution(handler));
  return new DurableClient({ store: h.store, clock: h.clock, code });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return DurableClientError.is(error) ? error.code : `not a DurableClientError: ${String(error)}`;
  }
}

describe("determinism check", () => {
  it("passes unchanged code, replaying every recorded operation without running a body or writing", async () => {
    const id = await failedExecution();
    bodiesRun = 0;
    const before = storeChecksum(h.path);
    const report = await clientWithCode(async (_i, ctx) => {
      await ctx.step("validate", body("valid"));
      await ctx.step("charge", body("charged"));
      await ctx.step("ship", body("shipped"), noRetry);
    }).checkDeterminism(id);
    expect(report).toMatchObject({ verdict: "compatible", recordedOperations: 3, replayedOperations: 3, end: { reason: "HANDLER_FAILED" } });
    expect(report.mismatch).toBeUndefined();
    expect(bodiesRun).toBe(0);
    expect(storeChecksum(h.path)).toBe(before);
  });

  it("catches a renamed step, in NonDeterministicExecutionError terms", async () => {
    const id = await failedExecution();
    bodiesRun = 0;
    const report = await clientWithCode(async (_i, ctx) => {
      await ctx.step("validate", body("valid"));
      await ctx.step("charge-card", body("charged"));
    }).checkDeterminism(id);
    expect(report.verdict).toBe("mismatch");
    expect(report.mismatch).toMatchObject({
      path: "2",
      recorded: { type: "STEP", subType: "Step", name: "charge" },
      found: { type: "STEP", subType: "Step", name: "charge-card" },
    });
    expect(report.mismatch!.message).toContain('Operation name mismatch for step "2". Expected name "charge", but got "charge-card"');
    expect(report.replayedOperations).toBe(1);
    expect(bodiesRun).toBe(0);
  });

  it("catches a reordered step, and a step replaced by a wait", async () => {
    const id = await failedExecution();
    const reordered = await clientWithCode(async (_i, ctx) => {
      await ctx.step("charge", body("charged"));
      await ctx.step("validate", body("valid"));
    }).checkDeterminism(id);
    expect(reordered.mismatch).toMatchObject({ path: "1", recorded: { name: "validate" }, found: { name: "charge" } });
    const retyped = await clientWithCode(async (_i, ctx) => {
      await ctx.step("validate", body("valid"));
      await ctx.wait("charge", { seconds: 5 });
    }).checkDeterminism(id);
    expect(retyped.mismatch).toMatchObject({ path: "2", recorded: { type: "STEP", name: "charge" }, found: { type: "WAIT", name: "charge" } });
  });

  it("stops at the first operation without a record and never runs its body", async () => {
    const id = await failedExecution();
    bodiesRun = 0;
    const report = await clientWithCode(async (_i, ctx) => {
      await ctx.step("validate", body("valid"));
      await ctx.step("charge", body("charged"));
      // Today's code handles the carrier failure and goes on to a step the history never had.
      await ctx.step("ship", body("shipped"), noRetry).catch(() => undefined);
      await ctx.step("notify", body("sent"));
    }).checkDeterminism(id);
    expect(report).toMatchObject({ verdict: "compatible", replayedOperations: 3, end: { reason: "NO_RECORD", operation: { path: "4", name: "notify", type: "STEP" } } });
    expect(bodiesRun).toBe(0);
  });

  it("answers CODE_UNAVAILABLE without the function's code, or for a handler built with another SDK", async () => {
    const id = await failedExecution();
    expect(await codeOf(new DurableClient({ store: h.store, clock: h.clock }).checkDeterminism(id))).toBe("CODE_UNAVAILABLE");
    const official = new FunctionRegistry().register("order", officialWithDurableExecution(async () => "x"));
    expect(await codeOf(new DurableClient({ store: h.store, clock: h.clock, code: official }).checkDeterminism(id))).toBe("CODE_UNAVAILABLE");
  });
});

describe("redrive against today's code", () => {
  it("is refused on a mismatch, writing nothing, and goes ahead when forced", async () => {
    const id = await failedExecution();
    const renamed = clientWithCode(async (_i, ctx) => {
      await ctx.step("validate", body("valid"));
      await ctx.step("charge-card", body("charged"));
    });
    const before = storeChecksum(h.path);
    expect(await codeOf(renamed.redriveExecution(id))).toBe("NON_DETERMINISTIC");
    expect(storeChecksum(h.path)).toBe(before);
    const redriven = await renamed.redriveExecution(id, { force: true });
    expect(redriven.status).toBe("RUNNING");
  });

  it("goes ahead with compatible code", async () => {
    const id = await failedExecution();
    const same = clientWithCode(recorded);
    expect((await same.redriveExecution(id)).status).toBe("RUNNING");
  });
});

describe("checking a function's recent executions", () => {
  it("replays the newest N executions and names each one the code no longer fits", async () => {
    const first = await failedExecution();
    const { execution } = await h.client.startExecution({ functionName: "order" });
    await h.worker.drain();
    const second = execution.executionId;
    const renamed = clientWithCode(async (_i, ctx) => {
      await ctx.step("validate", body("valid"));
      await ctx.step("charge-card", body("charged"));
    });
    const all = await renamed.checkRecentExecutions("order", { last: 100 });
    expect(all).toMatchObject({ functionName: "order", checked: 2, compatible: 0 });
    expect(all.mismatches.map((m) => m.executionId).sort()).toEqual([first, second].sort());
    expect((await renamed.checkRecentExecutions("order", { last: 1 })).checked).toBe(1);
    expect(await clientWithCode(recorded).checkRecentExecutions("order")).toMatchObject({ checked: 2, compatible: 2, mismatches: [] });
    expect(await codeOf(renamed.checkRecentExecutions("order", { last: 0 }))).toBe("VALIDATION_ERROR");
    expect(await codeOf(renamed.checkRecentExecutions("other"))).toBe("CODE_UNAVAILABLE");
  });
});
