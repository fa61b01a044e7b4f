/**
 * The determinism check run by a worker, for a process without the function's code (the console,
 * a CLI without --functions): the request is a stored job only a worker that registered the
 * function claims; its answer is read back by the job id; asking again about the same execution
 * finds the same check; and a redrive from the code-less client is refused on the mismatch the
 * worker found, unless forced.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution, type DurableContext } from "../../sdk";
import { DurableClient, DurableClientError, FunctionRegistry, Worker } from "../../sdk/runtime";
import { createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
/** A client with no code (as the console has none of your functions): it asks a worker. */
let client: DurableClient;
const workers: Worker[] = [];
beforeEach(async () => {
  h = await createHarness();
  client = new DurableClient({ store: h.store, clock: h.clock });
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await h.close();
});

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const actor = { actor: "ops", authMethod: "none" };

/** The recorded code: reserve, then charge fails (the execution FAILS). */
function version(reserveName: string) {
  return withDurableExecution(async (_input: unknown, ctx: DurableContext) => {
    await ctx.step(reserveName, async () => "reserved");
    await ctx.step("charge", async () => {
      throw new Error("card declined");
    }, noRetry);
  });
}

/** A worker whose registry has `functions` (the code deployed where it runs). */
function workerWith(functions: Record<string, ReturnType<typeof version>>): Worker {
  const registry = new FunctionRegistry();
  for (const [name, handler] of Object.entries(functions)) registry.register(name, handler);
  const worker = new Worker({ store: h.store, registry, clock: h.clock });
  workers.push(worker);
  return worker;
}

async function failedExecution(): Promise<string> {
  h.registry.register("billing", version("reserve"));
  const { execution } = await h.client.startExecution({ functionName: "billing" });
  await h.worker.drain();
  expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
  return execution.executionId;
}

describe("a determinism check run by a worker that has the code", () => {
  it("is claimed only where the function is registered, and reports the renamed step", async () => {
    const id = await failedExecution();
    expect(client.hasCodeFor("billing")).toBe(false);
    const asked = await client.requestDeterminismCheck(id, actor);
    expect(asked).toMatchObject({ status: "checking", functionName: "billing", total: 1, answered: 0, reports: [] });

    expect(await workerWith({ shipping: version("reserve") }).jobs.runOnce()).toBe(false);
    expect((await client.getDeterminismCheck(asked.jobId)).status).toBe("checking");

    expect(await workerWith({ billing: version("reserve-stock") }).jobs.runOnce()).toBe(true);
    const done = await client.getDeterminismCheck(asked.jobId);
    expect(done).toMatchObject({ status: "done", answered: 1, summary: { checked: 1, compatible: 0 } });
    expect(done.reports[0]).toMatchObject({ executionId: id, verdict: "mismatch" });
    expect(done.reports[0]!.mismatch).toMatchObject({ recorded: { name: "reserve" }, found: { name: "reserve-stock" } });
    // A check reads only: no audit record.
    expect((await client.listAudit({ executionId: id })).items).toEqual([]);
  });

  it("is found again for an unchanged execution, and refuses a redrive from the code-less client unless forced", async () => {
    const id = await failedExecution();
    const first = await client.requestDeterminismCheck(id, actor);
    expect((await client.requestDeterminismCheck(id, actor)).jobId).toBe(first.jobId);
    // Until a worker answered, the redrive is not held back by a check nobody ran.
    expect(await workerWith({ billing: version("reserve-stock") }).jobs.runOnce()).toBe(true);
    const refused = await client.redriveExecution(id).catch((error: unknown) => error);
    expect(DurableClientError.is(refused) && refused.code).toBe("NON_DETERMINISTIC");
    expect((await mustGet(h.store, id)).status).toBe("FAILED");
    await client.redriveExecution(id, { force: true });
    expect((await mustGet(h.store, id)).status).toBe("RUNNING");
    // The redriven execution is another state: asking now queues a new check.
    expect((await client.requestDeterminismCheck(id, actor)).jobId).not.toBe(first.jobId);
  });

  it("passes unchanged code over a function's recent executions", async () => {
    await failedExecution();
    await failedExecution();
    const asked = await client.requestRecentDeterminismCheck("billing", { last: 5 }, actor);
    expect(asked.total).toBe(2);
    expect(await workerWith({ billing: version("reserve") }).jobs.runOnce()).toBe(true);
    expect((await client.getDeterminismCheck(asked.jobId)).summary).toEqual({ functionName: "billing", checked: 2, compatible: 2, mismatches: [] });
    await expect(client.getDeterminismCheck("job-nope")).rejects.toMatchObject({ code: "JOB_NOT_FOUND" });
  });
});
