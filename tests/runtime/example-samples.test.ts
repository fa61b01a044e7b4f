/**
 * Every example's sample input (what the console's Start dialog offers) is one that works: started
 * with it, each example reaches what its description promises, on the real runtime.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exampleFunctions, registerExamples } from "../../examples";
import { warehouseSwitch } from "../../examples/inventory-sync/inventory-sync";
import { setSwitch } from "../../examples/support/switches";
import type { ExecutionStatus } from "../../sdk/types/wire";
import { createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
let switches: string;
beforeEach(async () => {
  switches = mkdtempSync(join(tmpdir(), "durable-switches-"));
  process.env.DURABLE_EXAMPLE_SWITCHES = join(switches, "switches.json");
  h = await createHarness();
  registerExamples(h.registry);
});
afterEach(async () => {
  await h.close();
  delete process.env.DURABLE_EXAMPLE_SWITCHES;
  rmSync(switches, { recursive: true, force: true });
});

/** Runs what is due and moves the clock on, until `done` holds (waits, retries and polls pass). */
async function runUntil(executionId: string, done: (status: ExecutionStatus, pendingCallbacks: number) => boolean): Promise<void> {
  for (let round = 0; round < 40; round++) {
    await h.worker.drain();
    const { status } = await mustGet(h.store, executionId);
    const pending = (await h.store.callbacks.listPending()).items.filter((c) => c.executionId === executionId).length;
    if (done(status, pending)) return;
    h.clock.advance(5_000);
  }
  throw new Error(`${executionId} never got there (status ${(await mustGet(h.store, executionId)).status})`);
}

const sampleOf = (name: string) => h.registry.get(name)!.sampleInput!;

describe("example sample inputs", () => {
  it("every example declares a description and a sample input the store keeps", async () => {
    await h.worker.drain();
    for (const fn of exampleFunctions) {
      expect(fn.description.length, fn.name).toBeGreaterThan(10);
      expect(await h.store.functions.get(fn.name)).toMatchObject({ description: fn.description, sampleInput: JSON.stringify(fn.sampleInput) });
    }
  });

  for (const name of ["fan-out", "wait-for-job", "customer-onboarding", "credit-check"]) {
    it(`${name} succeeds with its sample`, async () => {
      const { execution } = await h.client.startExecution({ functionName: name, input: sampleOf(name) });
      await runUntil(execution.executionId, (status) => status !== "RUNNING");
      const done = await mustGet(h.store, execution.executionId);
      expect(done.status, JSON.stringify(done.error)).toBe("SUCCEEDED");
      if (name === "fan-out") expect(JSON.parse(done.result!)).toMatchObject({ failed: [] });
    });
  }

  it("order-processing with its sample waits for its approval, and ships once approved", async () => {
    const { execution } = await h.client.startExecution({ functionName: "order-processing", input: sampleOf("order-processing") });
    await runUntil(execution.executionId, (status, pending) => status !== "RUNNING" || pending > 0);
    const [approval] = (await h.store.callbacks.listPending()).items;
    expect(approval).toMatchObject({ executionId: execution.executionId, name: "approval" });
    // Its answer is typed: a decision, a reason, and an approver the console fills with who answers.
    expect(JSON.parse(approval!.answerSchema!)).toMatchObject({
      required: ["approved"],
      properties: { approved: { type: "boolean" }, reason: { type: "string" }, approver: { "x-durable-fill": "signed-in-user" } },
    });
    await expect(h.client.sendCallbackSuccess(approval!.callbackId, "reject")).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    expect((await h.store.callbacks.get(approval!.callbackId))?.pending).toBe(true);
    await h.client.sendCallbackSuccess(approval!.callbackId, JSON.stringify({ approved: true }));
    await runUntil(execution.executionId, (status) => status !== "RUNNING");
    expect(JSON.parse((await mustGet(h.store, execution.executionId)).result!)).toMatchObject({ status: "SHIPPED" });
  });

  it("inventory-sync with its sample fails while its warehouse is down, and succeeds redriven once it is up", async () => {
    const { execution } = await h.client.startExecution({ functionName: "inventory-sync", input: sampleOf("inventory-sync") });
    await runUntil(execution.executionId, (status) => status !== "RUNNING");
    expect((await mustGet(h.store, execution.executionId)).error?.ErrorMessage).toMatch(/503 Service Unavailable/);
    setSwitch(warehouseSwitch((JSON.parse(sampleOf("inventory-sync")) as { warehouse: string }).warehouse), true);
    await h.client.redriveExecution(execution.executionId);
    await runUntil(execution.executionId, (status) => status !== "RUNNING");
    expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");
  });
});
