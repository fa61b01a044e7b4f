/**
 * Workers with different functions on one store: a worker claims only executions of the durable
 * functions it has registered. Another worker's execution is none of its business: it stays
 * RUNNING and due, unleased, with nothing written, until a worker that has the function runs it.
 * Given one anyway (a store that does not filter), a worker gives it back untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClient, FunctionRegistry, Worker, type InvocationOutcome } from "../../sdk/runtime";
import type { ExecutionRecord } from "../../sdk/store/types";
import { allEvents, createHarness, eventTypes, hookStore, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const greeting = (who: string) => withDurableExecution(async (input: { name: string }, ctx) => ctx.step("greet", async () => `${who} greets ${input.name}`));

/** A second worker on the harness's store, with functions of its own. */
function otherWorker(registry: FunctionRegistry, store = h.store): { worker: Worker; client: DurableClient; errors: unknown[] } {
  const errors: unknown[] = [];
  const worker = new Worker({ store, registry, clock: h.clock, owner: "other-worker", onError: (e) => errors.push(e) });
  return { worker, client: new DurableClient({ store: h.store, registry, clock: h.clock }), errors };
}

/** The state another worker's execution must be left in: due, unleased, nothing run or written. */
async function expectUntouched(execution: ExecutionRecord): Promise<void> {
  const now = await mustGet(h.store, execution.executionId);
  expect(now.status).toBe("RUNNING");
  expect(now.nextWakeAt).toBe(execution.nextWakeAt);
  expect(now.nextWakeAt).toBeLessThanOrEqual(h.clock.now());
  expect(now.leaseOwner).toBeUndefined();
  expect(now.checkpointToken).toBeUndefined();
  expect(now.invocationCount).toBe(0);
  expect(eventTypes(await allEvents(h.store, execution.executionId))).toEqual(["ExecutionStarted"]);
}

describe("workers with different functions on one store", () => {
  it("each runs only its own: another worker's execution stays RUNNING and due, unleased, until its worker runs it", async () => {
    const outcomes: string[] = [];
    const onInvocation = (e: ExecutionRecord, outcome: InvocationOutcome) => outcomes.push(`${e.functionName} ${outcome}`);
    h.registry.register("mine", greeting("A"));
    // A plain function of the same name as the other worker's durable one is not that function.
    h.registry.registerPlain("greet-user", () => "plain");
    const mineWorker = new Worker({ store: h.store, registry: h.registry, clock: h.clock, onInvocation, onError: (e) => outcomes.push(String(e)) });
    const theirs = otherWorker(new FunctionRegistry().register("greet-user", greeting("B")));

    const mine = (await h.client.startExecution({ functionName: "mine", input: JSON.stringify({ name: "Ada" }) })).execution;
    const greet = (await theirs.client.startExecution({ functionName: "greet-user", input: JSON.stringify({ name: "Lin" }) })).execution;
    await mineWorker.drain();
    expect((await mustGet(h.store, mine.executionId)).status).toBe("SUCCEEDED");
    await expectUntouched(greet);
    expect(outcomes).toEqual(["mine SUCCEEDED"]);
    // Asleep precisely: the due execution it cannot run is no reason to wake.
    expect(await h.store.scheduling.nextWakeAt({ functionNames: h.registry.durableNames() })).toBeUndefined();
    expect(await h.store.scheduling.nextWakeAt({ functionNames: ["greet-user"] })).toBe(greet.nextWakeAt);

    await theirs.worker.drain();
    const done = await mustGet(h.store, greet.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("B greets Lin");
    expect(theirs.errors).toEqual([]);
    await mineWorker.stop();
  });

  it("gives back another worker's execution that a store handed it anyway, without running, failing or counting anything", async () => {
    h.registry.register("mine", greeting("A"));
    const unfiltered = hookStore(h.store, {
      scheduling: { claimDue: (real, options) => real.scheduling.claimDue({ ...options, functionNames: undefined }) },
    });
    const claimedBy: string[] = [];
    const watched = hookStore(unfiltered, {
      scheduling: {
        claimDue: async (real, options) => {
          const claimed = await real.scheduling.claimDue(options);
          claimedBy.push(...claimed.map((e) => e.functionName));
          return claimed;
        },
      },
    });
    const outcomes: InvocationOutcome[] = [];
    const worker = new Worker({ store: watched, registry: h.registry, clock: h.clock, onInvocation: (_e, o) => outcomes.push(o) });
    const theirs = otherWorker(new FunctionRegistry().register("greet-user", greeting("B")));
    const greet = (await theirs.client.startExecution({ functionName: "greet-user", input: JSON.stringify({ name: "Lin" }) })).execution;
    const mine = (await h.client.startExecution({ functionName: "mine", input: JSON.stringify({ name: "Ada" }) })).execution;

    await worker.drain(); // ends: the execution given back is not claimed again and again
    expect(claimedBy).toContain("greet-user");
    expect(outcomes).toEqual(["SUCCEEDED"]);
    expect((await mustGet(h.store, mine.executionId)).status).toBe("SUCCEEDED");
    await expectUntouched(greet);
    await worker.stop();

    await theirs.worker.drain();
    expect((await mustGet(h.store, greet.executionId)).status).toBe("SUCCEEDED");
  });

  it("a handler invokes a durable function that only another worker has: the child runs there and answers the caller", async () => {
    // The caller's worker has no "greet-user"; the other worker has published it to the store.
    h.registry.register(
      "caller",
      withDurableExecution(async (input: { name: string }, ctx) => ctx.invoke("greet", "greet-user", { name: input.name })),
    );
    const callerWorker = new Worker({ store: h.store, registry: h.registry, clock: h.clock });
    const theirs = otherWorker(new FunctionRegistry().register("greet-user", greeting("B")));
    await theirs.worker.publishFunctions();

    const caller = (await h.client.startExecution({ functionName: "caller", input: JSON.stringify({ name: "Ada" }) })).execution;
    await callerWorker.drain();
    const child = (await h.store.executions.list({ functionName: "greet-user" })).items;
    expect(child.map((e) => e.status)).toEqual(["RUNNING"]);
    await theirs.worker.drain();
    await callerWorker.drain();
    const done = await mustGet(h.store, caller.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("B greets Ada");
    expect(theirs.errors).toEqual([]);
  });

  it("an invoke of a function no worker has published still fails: Function not found", async () => {
    h.registry.register("caller", withDurableExecution(async (_input: unknown, ctx) => ctx.invoke("nobody", "no-such-function", {})));
    const worker = new Worker({ store: h.store, registry: h.registry, clock: h.clock });
    const caller = (await h.client.startExecution({ functionName: "caller", input: "{}" })).execution;
    await worker.drain();
    const done = await mustGet(h.store, caller.executionId);
    expect(done.status).toBe("FAILED");
    expect(JSON.stringify(done.error)).toContain("Function not found: no-such-function");
  });
});
