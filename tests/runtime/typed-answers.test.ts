/**
 * Typed callback answers (answerSchema, a durable-console extension): the schema travels with
 * the callback (operation and inbox record, kept across a redrive's new id), answers that do not
 * fit are refused with their failing paths and change nothing, and a schema outside the subset
 * is refused when the callback starts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { withDurableExecution } from "../../sdk";
import { DurableClientError } from "../../sdk/runtime";
import { inProcessRunner } from "../cli/run-cli";
import { createHarness, mustGet, type Harness } from "./helpers";

const decision = z
  .object({
    approved: z.boolean().describe("Ship the order?"),
    reason: z.string().min(1).max(200).optional(),
    approver: z.string().min(1).meta({ "x-durable-fill": "signed-in-user" }),
    priority: z.enum(["normal", "rush"]),
  })
  .strict();

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  h.registry.register(
    "typed",
    withDurableExecution(async (event: { schema?: unknown; timeout?: number }, ctx) => {
      const answer = await ctx.waitForCallback<string>("approval", async () => {}, {
        answerSchema: (event.schema as never) ?? decision,
        timeout: event.timeout ? { seconds: event.timeout } : undefined,
      });
      return JSON.parse(answer) as unknown;
    }),
  );
});
afterEach(() => h.close());

async function startAndWait(input: object = {}) {
  const { execution } = await h.client.startExecution({ functionName: "typed", input: JSON.stringify(input) });
  await h.worker.drain();
  const pending = (await h.store.callbacks.listPending()).items.find((c) => c.executionId === execution.executionId);
  return { executionId: execution.executionId, pending };
}

async function refusal(answer: string | undefined, callbackId: string): Promise<DurableClientError> {
  const error = await h.client.sendCallbackSuccess(callbackId, answer).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(DurableClientError.is(error), String(error)).toBe(true);
  return error as DurableClientError;
}

describe("typed callback answers", () => {
  it("keeps the zod schema as JSON Schema on the inbox record and the operation", async () => {
    const { executionId, pending } = await startAndWait();
    expect(pending).toBeDefined();
    const schema = JSON.parse(pending!.answerSchema!) as { required: string[]; properties: Record<string, { description?: string }> };
    expect(schema).toMatchObject({ type: "object", additionalProperties: false, required: ["approved", "approver", "priority"] });
    expect(schema.properties.approved?.description).toBe("Ship the order?");
    const callback = (await h.client.getOperations(executionId)).find((r) => r.operation.Type === "CALLBACK")!;
    expect(callback.runtime?.answerSchema).toBe(pending!.answerSchema);
  });

  it("refuses answers that do not fit, naming every failing path, and changes nothing", async () => {
    const { executionId, pending } = await startAndWait();
    const before = await mustGet(h.store, executionId);
    const cases: Array<[string | undefined, Array<{ path: string; message: string }>]> = [
      [undefined, [{ path: "result", message: "an answer is required" }]],
      ["approve", [{ path: "result", message: "must be JSON" }]],
      [
        JSON.stringify({ approved: "yes", reason: "", priority: "later", extra: 1 }),
        [
          { path: "result.approver", message: "is required" },
          { path: "result.approved", message: "must be true or false" },
          { path: "result.reason", message: "must not be empty" },
          { path: "result.priority", message: 'must be one of "normal", "rush"' },
          { path: "result.extra", message: "is not a field of this answer" },
        ],
      ],
    ];
    for (const [answer, details] of cases) {
      const error = await refusal(answer, pending!.callbackId);
      expect(error.code).toBe("VALIDATION_ERROR");
      expect(error.details).toEqual(details);
    }
    const after = await mustGet(h.store, executionId);
    expect(after.version).toBe(before.version);
    expect((await h.store.callbacks.get(pending!.callbackId))?.pending).toBe(true);

    await h.client.sendCallbackSuccess(pending!.callbackId, JSON.stringify({ approved: true, approver: "ana", priority: "rush" }));
    await h.worker.drain();
    const done = await mustGet(h.store, executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ approved: true, approver: "ana", priority: "rush" });
  });

  it("takes a JSON Schema as it is, and keeps it on the new callback id a redrive mints", async () => {
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
    const { executionId, pending } = await startAndWait({ schema, timeout: 60 });
    expect(JSON.parse(pending!.answerSchema!)).toEqual(schema);
    h.clock.advance(61_000);
    await h.worker.drain();
    expect((await mustGet(h.store, executionId)).status).toBe("FAILED");
    await h.client.redriveExecution(executionId);
    await h.worker.drain();
    const reopened = (await h.store.callbacks.listPending()).items.find((c) => c.executionId === executionId)!;
    expect(reopened.callbackId).not.toBe(pending!.callbackId);
    expect(reopened.answerSchema).toBe(pending!.answerSchema);
    expect((await refusal("{}", reopened.callbackId)).details).toEqual([{ path: "result.ok", message: "is required" }]);
  });

  it("fails the execution when the handler gives a schema outside the subset, naming the keyword", async () => {
    const { executionId, pending } = await startAndWait({ schema: { type: "object", oneOf: [] } });
    expect(pending).toBeUndefined();
    const failed = await mustGet(h.store, executionId);
    expect(failed.status).toBe("FAILED");
    expect(JSON.stringify(failed.error)).toContain("answerSchema.oneOf is not supported for type object");
  });

  it("durable callback succeed refuses the same answers, exit 2 with the failing paths", async () => {
    const { pending } = await startAndWait();
    const { durable } = inProcessRunner(h.path);
    const refused = await durable("callback", "succeed", pending!.callbackId, "--result", '{"approved":true,"priority":"soon"}', "--json");
    expect(refused.code).toBe(2);
    const body = JSON.parse(refused.stderr) as { error: { code: string; details: Array<{ name: string; message: string }> } };
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.details.map((d) => d.message)).toEqual(["is required", 'must be one of "normal", "rush"']);
    expect((await h.store.callbacks.get(pending!.callbackId))?.pending).toBe(true);
    const accepted = await durable("callback", "succeed", pending!.callbackId, "--result", '{"approved":true,"approver":"cli","priority":"normal"}');
    expect(accepted.code, accepted.stderr).toBe(0);
  });
});
