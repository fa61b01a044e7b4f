/**
 * Rerun from a step: a fork keeps every checkpoint before the chosen operation and runs only what
 * follows it, optionally with an edited input; it links to its source, and its history names the
 * operations it carried over.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClient, DurableClientError, FunctionRegistry } from "../../sdk/runtime";
import { FORK_WRITE_GRACE_MS } from "../../sdk/runtime/fork";
import { allEvents, createHarness, eventTypes, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const runs: Record<string, number> = {};
const count = (name: string, value: unknown) => async () => {
  runs[name] = (runs[name] ?? 0) + 1;
  return value;
};

function registerPipeline(): void {
  h.registry.register(
    "pipeline",
    withDurableExecution(async (input: { region: string }, ctx) => {
      const fetched = await ctx.step("fetch", count("fetch", "rows"));
      const cleaned = await ctx.runInChildContext("clean", async (child) => {
        const a = await child.step("dedupe", count("dedupe", "deduped"));
        const b = await child.step("normalise", count("normalise", "normalised"));
        return `${a}+${b}`;
      });
      const loaded = await ctx.step("load", count("load", `loaded into ${input.region}`));
      const reported = await ctx.step("report", count("report", "reported"));
      return { fetched, cleaned, loaded, reported };
    }),
  );
}

async function finishedRun(): Promise<string> {
  registerPipeline();
  const { execution } = await h.client.startExecution({ functionName: "pipeline", input: JSON.stringify({ region: "eu" }) });
  await h.worker.drain();
  expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");
  for (const key of Object.keys(runs)) delete runs[key];
  return execution.executionId;
}

async function opId(executionId: string, name: string): Promise<string> {
  return (await h.client.getOperations(executionId)).find((r) => r.operation.Name === name)!.operation.Id;
}

describe("rerun from a step", () => {
  it("a fork from a middle step reruns only what follows it, with an edited input", async () => {
    const source = await finishedRun();
    const fork = await h.client.forkExecution(source, { fromOperationId: await opId(source, "load"), input: JSON.stringify({ region: "us" }) });
    expect(fork.execution.replayOf).toBe(source);
    await h.worker.drain();
    const done = await mustGet(h.store, fork.execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ fetched: "rows", cleaned: "deduped+normalised", loaded: "loaded into us", reported: "reported" });
    expect(runs).toEqual({ load: 1, report: 1 });

    const carriedNames = ["fetch", "clean", "dedupe", "normalise"];
    const records = await h.client.getOperations(fork.execution.executionId);
    for (const r of records) {
      const carried = carriedNames.includes(r.operation.Name ?? "");
      expect(r.runtime?.carriedFrom, r.operation.Name).toBe(carried ? source : undefined);
    }
    expect(fork.carriedOperationIds).toHaveLength(4);
    // Its last write cleared the mark that would fail it as cut off.
    expect(records.find((r) => r.operation.Type === "EXECUTION")!.runtime?.forkStartedAt).toBeUndefined();
    const events = await allEvents(h.store, fork.execution.executionId);
    expect(eventTypes(events).slice(0, 3)).toEqual(["ExecutionStarted", "ExecutionForked", "StepStarted"]);
    expect(events[1]!.ExecutionForkedDetails).toMatchObject({ SourceExecutionId: source, FromOperationName: "load", CarriedOperationCount: 4 });
    expect((events[1]!.ExecutionForkedDetails as { CarriedOperations: Array<{ Name: string }> }).CarriedOperations.map((o) => o.Name)).toEqual(carriedNames);
    // The source is untouched.
    expect((await mustGet(h.store, source)).status).toBe("SUCCEEDED");
  });

  it("a fork from a step inside a context reruns that context's body up to it, and what follows", async () => {
    const source = await finishedRun();
    const fork = await h.client.forkExecution(source, { fromOperationId: await opId(source, "normalise") });
    await h.worker.drain();
    expect((await mustGet(h.store, fork.execution.executionId)).status).toBe("SUCCEEDED");
    // fetch and dedupe replay; the "clean" context runs its body again to reach normalise.
    expect(runs).toEqual({ normalise: 1, load: 1, report: 1 });
  });

  it("refuses an unknown operation, and a fork the code deployed now would not replay (unless forced)", async () => {
    const source = await finishedRun();
    const code = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (DurableClientError.is(e) ? e.code : String(e)));
    expect(await code(h.client.forkExecution(source, { fromOperationId: "nope" }))).toBe("OPERATION_NOT_FOUND");
    expect(await code(h.client.forkExecution(source, { fromOperationId: source }))).toBe("OPERATION_NOT_FOUND");
    expect(await code(h.client.forkExecution(source, { fromOperationId: await opId(source, "load"), input: "{not json" }))).toBe("VALIDATION_ERROR");

    const renamed = new FunctionRegistry().register(
      "pipeline",
      withDurableExecution(async (_i, ctx) => {
        await ctx.step("download", async () => "rows");
      }),
    );
    const guarded = new DurableClient({ store: h.store, clock: h.clock, code: renamed });
    const from = await opId(source, "load");
    const before = (await h.client.listExecutions({ functionName: "pipeline" })).items.length;
    expect(await code(guarded.forkExecution(source, { fromOperationId: from }))).toBe("NON_DETERMINISTIC");
    expect((await h.client.listExecutions({ functionName: "pipeline" })).items.length).toBe(before);
    const forced = await guarded.forkExecution(source, { fromOperationId: from, force: true });
    expect(forced.execution.replayOf).toBe(source);
  });

  it("a fork cut off while its carried steps are written is never claimed half-written, and fails once the grace is over", async () => {
    const source = await finishedRun();
    // The process writing the fork dies after its first write: every later write fails.
    let writes = 0;
    const dying = new Proxy(h.store, {
      get(target, key, receiver) {
        if (key === "transact") {
          return () => {
            writes += 1;
            return Promise.reject(new Error("the process writing the fork was killed"));
          };
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const client = new DurableClient({ store: dying, registry: h.registry, clock: h.clock });
    await expect(client.forkExecution(source, { fromOperationId: await opId(source, "load") })).rejects.toThrow(/killed/);
    expect(writes).toBe(1);
    const forks = (await h.client.listExecutions({ functionName: "pipeline" })).items.filter((e) => e.executionId !== source);
    expect(forks).toHaveLength(1);
    const forkId = forks[0]!.executionId;

    // Half-written: nothing runs it, so no step of the source is run again from the wrong place.
    await h.worker.drain();
    h.clock.advance(FORK_WRITE_GRACE_MS - 1000);
    await h.worker.drain();
    expect((await mustGet(h.store, forkId)).status).toBe("RUNNING");
    expect(runs).toEqual({});
    expect((await h.client.explainExecution(forkId)).waitingOn).toEqual([
      expect.objectContaining({ kind: "fork-writing", untilTimestamp: new Date(h.clock.now() + 1000).toISOString() }),
    ]);

    // Past the grace it ends FAILED, saying why, instead of waiting forever; still nothing ran.
    h.clock.advance(1000);
    await h.worker.drain();
    const failed = await mustGet(h.store, forkId);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatchObject({ ErrorType: "Fork.Unfinished" });
    expect(runs).toEqual({});
  });
});
