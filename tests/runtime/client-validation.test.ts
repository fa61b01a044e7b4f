import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClient, DurableClientError } from "../../sdk/runtime";
import type { DurableStore } from "../../sdk/store/types";
import { allEvents, createHarness, type Harness } from "./helpers";

let h: Harness;
let executionId: string;
let callbackId: string;

beforeEach(async () => {
  h = await createHarness();
  h.registry.register(
    "waiter",
    withDurableExecution(async (_e, ctx) => {
      const [answer] = await ctx.createCallback<string>("cb");
      return answer;
    }),
  );
  h.registry.registerPlain("plain", () => 1);
  const started = await h.client.startExecution({ functionName: "waiter", name: "the-one", input: "{}" });
  executionId = started.execution.executionId;
  await h.worker.drain();
  const op = (await h.client.getOperations(executionId)).find((r) => r.operation.Type === "CALLBACK")!;
  callbackId = op.operation.CallbackDetails!.CallbackId!;
});
afterEach(async () => {
  await h.close();
});

/** Everything observable in the store, to prove a refused call wrote nothing. */
async function fingerprint(store: DurableStore): Promise<string> {
  const executions = (await store.executions.list({ limit: 1000 })).items;
  const parts: unknown[] = [];
  for (const e of executions) {
    parts.push(e, await store.operations.list(e.executionId), await allEvents(store, e.executionId));
  }
  return JSON.stringify(parts);
}

const big = "x".repeat(6 * 1024 * 1024 + 1);
const bigJson = JSON.stringify(big);

type Case = [name: string, call: (c: DurableClient) => Promise<unknown>, code: string];

const cases = (): Case[] => [
  ["start: unknown function", (c) => c.startExecution({ functionName: "nope" }), "FUNCTION_NOT_FOUND"],
  ["start: plain function", (c) => c.startExecution({ functionName: "plain" }), "FUNCTION_NOT_FOUND"],
  ["start: bad function name", (c) => c.startExecution({ functionName: "a b" }), "VALIDATION_ERROR"],
  ["start: input is not JSON", (c) => c.startExecution({ functionName: "waiter", input: "{oops" }), "VALIDATION_ERROR"],
  ["start: input not a string", (c) => c.startExecution({ functionName: "waiter", input: { a: 1 } as never }), "VALIDATION_ERROR"],
  ["start: input too large", (c) => c.startExecution({ functionName: "waiter", input: bigJson }), "PAYLOAD_TOO_LARGE"],
  ["start: bad name", (c) => c.startExecution({ functionName: "waiter", name: "has space" }), "VALIDATION_ERROR"],
  ["start: name too long", (c) => c.startExecution({ functionName: "waiter", name: "n".repeat(65) }), "VALIDATION_ERROR"],
  ["start: unknown field", (c) => c.startExecution({ functionName: "waiter", extra: 1 } as never), "VALIDATION_ERROR"],
  ["start: timeout not whole", (c) => c.startExecution({ functionName: "waiter", executionTimeoutSeconds: 1.5 }), "VALIDATION_ERROR"],
  ["start: conflicting name", (c) => c.startExecution({ functionName: "waiter", name: "the-one", input: "[]" }), "EXECUTION_ALREADY_STARTED"],
  ["get: malformed id", (c) => c.getExecution("../etc"), "VALIDATION_ERROR"],
  ["get: malformed arn", (c) => c.getExecution("arn:aws:lambda:nowhere"), "VALIDATION_ERROR"],
  ["get: unknown id", (c) => c.getExecution("00000000-0000-0000-0000-000000000000"), "EXECUTION_NOT_FOUND"],
  ["get: not a string", (c) => c.getExecution(42 as never), "VALIDATION_ERROR"],
  ["list: bad status", (c) => c.listExecutions({ statuses: ["DONE" as never] }), "VALIDATION_ERROR"],
  ["list: bad limit", (c) => c.listExecutions({ limit: 0 }), "VALIDATION_ERROR"],
  ["list: bad time", (c) => c.listExecutions({ startedAfter: "yesterday" }), "VALIDATION_ERROR"],
  ["list: bad cursor", (c) => c.listExecutions({ cursor: "garbage" }), "VALIDATION_ERROR"],
  [
    "list: startedAfter later than startedBefore",
    (c) => c.listExecutions({ startedAfter: "2026-03-02T00:00:00Z", startedBefore: "2026-03-01T23:59:59+01:00" }),
    "VALIDATION_ERROR",
  ],
  ["history: unknown execution", (c) => c.getHistory("00000000-0000-0000-0000-000000000000"), "EXECUTION_NOT_FOUND"],
  ["history: bad query", (c) => c.getHistory(executionId, { limit: -1 }), "VALIDATION_ERROR"],
  ["operations: unknown execution", (c) => c.getOperations("missing"), "EXECUTION_NOT_FOUND"],
  ["logs: bad query", (c) => c.getLogs(executionId, { afterSeq: -5 }), "VALIDATION_ERROR"],
  ["logs: unknown execution", (c) => c.getLogs("missing"), "EXECUTION_NOT_FOUND"],
  ["callback success: malformed id", (c) => c.sendCallbackSuccess("not a callback id!", "x"), "VALIDATION_ERROR"],
  ["callback success: unknown id", (c) => c.sendCallbackSuccess("Zm9vYmFy", "x"), "CALLBACK_NOT_FOUND"],
  ["callback success: result too large", (c) => c.sendCallbackSuccess(callbackId, "y".repeat(1024 * 1024 + 1)), "PAYLOAD_TOO_LARGE"],
  ["callback success: result not a string", (c) => c.sendCallbackSuccess(callbackId, { ok: true } as never), "VALIDATION_ERROR"],
  ["callback failure: bad error", (c) => c.sendCallbackFailure(callbackId, { ErrorType: 5 } as never), "VALIDATION_ERROR"],
  ["callback failure: unknown id", (c) => c.sendCallbackFailure("Zm9vYmFy"), "CALLBACK_NOT_FOUND"],
  ["callback heartbeat: empty id", (c) => c.sendCallbackHeartbeat(""), "VALIDATION_ERROR"],
  ["stop: unknown execution", (c) => c.stopExecution("missing"), "EXECUTION_NOT_FOUND"],
  ["stop: bad error", (c) => c.stopExecution(executionId, { StackTrace: "no" } as never), "VALIDATION_ERROR"],
  ["redrive: running execution", (c) => c.redriveExecution(executionId), "INVALID_STATE"],
  ["redrive: unknown execution", (c) => c.redriveExecution("missing"), "EXECUTION_NOT_FOUND"],
  ["replay: unknown execution", (c) => c.replayExecution("missing"), "EXECUTION_NOT_FOUND"],
  ["replay: input not JSON", (c) => c.replayExecution(executionId, { input: "nope" }), "VALIDATION_ERROR"],
];

describe("client input validation", () => {
  it("every bad call is a typed error with an HTTP hint, and the store is unchanged", async () => {
    const before = await fingerprint(h.store);
    for (const [name, call, code] of cases()) {
      const error = await call(h.client).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(DurableClientError.is(error), `${name}: ${String(error)}`).toBe(true);
      const typed = error as DurableClientError;
      expect(typed.code, name).toBe(code);
      expect(typed.httpStatus, name).toBeGreaterThanOrEqual(400);
      expect(typed.httpStatus, name).toBeLessThan(500);
    }
    expect(await fingerprint(h.store)).toBe(before);
  });

  it("validation errors name the offending fields", async () => {
    const error = (await h.client.startExecution({ functionName: "bad name!", name: "" }).catch((e: unknown) => e)) as DurableClientError;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.httpStatus).toBe(400);
    expect(error.details?.map((d) => d.path)).toEqual(["startExecution.functionName", "startExecution.name"]);
    expect(error.toJSON()).toMatchObject({ code: "VALIDATION_ERROR" });
  });

  it("a reversed time range names startedAfter; equal ends and a zone-shifted but ordered range are fine", async () => {
    const error = (await h.client
      .listExecutions({ startedAfter: "2026-03-02T00:00:00Z", startedBefore: "2026-03-01T00:00:00Z" })
      .catch((e: unknown) => e)) as DurableClientError;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details).toEqual([{ path: "listExecutions.startedAfter", message: "is later than the end of the range" }]);
    await expect(h.client.listExecutions({ startedAfter: "2026-03-01T00:00:00Z", startedBefore: "2026-03-01T00:00:00Z" })).resolves.toEqual({ items: [] });
    // 01:00+02:00 is 23:00Z the day before: earlier than the end, though it reads later.
    await expect(h.client.listExecutions({ startedAfter: "2026-03-02T01:00:00+02:00", startedBefore: "2026-03-02T00:00:00Z" })).resolves.toBeDefined();
  });

  it("accepts an ARN wherever an execution id is expected", async () => {
    const view = await h.client.getExecution(executionId);
    expect((await h.client.getExecution(view.arn)).executionId).toBe(executionId);
    expect((await h.client.getHistory(view.arn)).items[0]!.EventType).toBe("ExecutionStarted");
  });
});
