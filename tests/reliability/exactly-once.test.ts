/**
 * Exactly one effect. Every steering action from outside either takes effect once or is refused
 * with a clear error and changes nothing: a callback answered twice (one after another, at once
 * on two connections, at once from CLI processes) or after its timeout; starting twice with one
 * name (also 20 starts at once, and from CLI processes); stop during an invocation; redrive of a
 * running execution; two redrives or two stops at once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { retryPresets, withDurableExecution } from "../../sdk";
import { DurableClient, DurableClientError, type InvocationOutcome } from "../../sdk/runtime";
import type { DurableStore } from "../../sdk/store/types";
import { createHarness, type Harness } from "../runtime/helpers";
import { allEvents, checkWholeHistory } from "./support/history-checks";
import { runCli } from "./support/processes";
import { waitUntil } from "../support/wait";

interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let h: Harness;
let outcomes: Map<string, InvocationOutcome[]>;
let slowStepEntered: Deferred;
let slowStepGate: Deferred;
let slowStepEntries = 0;
let serviceUp: boolean;

beforeEach(async () => {
  outcomes = new Map();
  h = await createHarness({
    onInvocation: (execution, outcome) => outcomes.set(execution.executionId, [...(outcomes.get(execution.executionId) ?? []), outcome]),
  });
  slowStepEntered = deferred();
  slowStepGate = deferred();
  serviceUp = false;
  h.registry.register(
    "approval",
    withDurableExecution(async (input: { timeout?: number; heartbeat?: number }, context) => {
      const answer = await context.waitForCallback<string>("approval", async () => undefined, {
        timeout: { seconds: input.timeout ?? 3600 },
        ...(input.heartbeat ? { heartbeatTimeout: { seconds: input.heartbeat } } : {}),
      });
      return { answer };
    }),
  );
  h.registry.register(
    "slow-step",
    withDurableExecution(async (_input: unknown, context) =>
      context.step("slow", async () => {
        slowStepEntries++;
        slowStepEntered.resolve();
        await slowStepGate.promise;
        return "finished";
      }),
    ),
  );
  h.registry.register(
    "flaky",
    withDurableExecution(async (_input: unknown, context) =>
      context.step("call-service", async () => {
        if (!serviceUp) throw new Error("service unavailable");
        return "served";
      }, { retryStrategy: retryPresets.noRetry }),
    ),
  );
});
afterEach(async () => {
  await h.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (DurableClientError.is(error) ? error.code : `not a DurableClientError: ${String(error)}`),
  );
}

/** The whole stored state of one execution, for "nothing changed". */
async function snapshot(store: DurableStore, executionId: string): Promise<string> {
  return JSON.stringify([await store.executions.get(executionId), await store.operations.list(executionId), await allEvents(store, executionId)]);
}

async function expectWhole(executionId: string): Promise<void> {
  expect((await checkWholeHistory(h.store, executionId)).problems).toEqual([]);
}

async function suspendedApproval(input: object = {}) {
  const { execution } = await h.client.startExecution({ functionName: "approval", input: JSON.stringify(input) });
  await h.worker.drain();
  const callback = (await h.store.operations.list(execution.executionId)).find((r) => r.operation.Type === "CALLBACK");
  return { executionId: execution.executionId, callbackId: callback!.operation.CallbackDetails!.CallbackId! };
}

async function count(executionId: string, type: string): Promise<number> {
  return (await allEvents(h.store, executionId)).filter((e) => e.EventType === type).length;
}

describe("a callback answered twice changes the execution once", () => {
  it("one after another: the second answer (of any kind) gets CALLBACK_TIMEOUT and writes nothing", async () => {
    const { executionId, callbackId } = await suspendedApproval();
    await h.client.sendCallbackSuccess(callbackId, "first");
    const before = await snapshot(h.store, executionId);
    expect(await codeOf(h.client.sendCallbackSuccess(callbackId, "second"))).toBe("CALLBACK_TIMEOUT");
    expect(await codeOf(h.client.sendCallbackFailure(callbackId, { ErrorType: "Late", ErrorMessage: "too late" }))).toBe("CALLBACK_TIMEOUT");
    expect(await codeOf(h.client.sendCallbackHeartbeat(callbackId))).toBe("CALLBACK_TIMEOUT");
    expect(await snapshot(h.store, executionId)).toBe(before);

    await h.worker.drain();
    const done = await h.store.executions.get(executionId);
    expect(done?.status).toBe("SUCCEEDED");
    expect(JSON.parse(done!.result!)).toEqual({ answer: "first" });
    // After the end, too: refused, nothing written.
    const ended = await snapshot(h.store, executionId);
    expect(await codeOf(h.client.sendCallbackSuccess(callbackId, "third"))).toBe("CALLBACK_TIMEOUT");
    expect(await snapshot(h.store, executionId)).toBe(ended);
    expect(await count(executionId, "CallbackSucceeded")).toBe(1);
    await expectWhole(executionId);
  });

  it("at once, on separate connections: exactly one answer wins", async () => {
    const clients = await Promise.all([0, 1, 2, 3].map(async () => new DurableClient({ store: await h.openStore(), clock: h.clock })));
    for (let round = 0; round < 5; round++) {
      const { executionId, callbackId } = await suspendedApproval();
      const answers = clients.map((client, i) =>
        i % 2 === 0 ? client.sendCallbackSuccess(callbackId, `answer-${i}`) : client.sendCallbackFailure(callbackId, { ErrorType: "No", ErrorMessage: `no-${i}` }),
      );
      const codes = await Promise.all(answers.map(codeOf));
      expect(codes.filter((c) => c === undefined).length).toBe(1);
      expect(codes.filter((c) => c === "CALLBACK_TIMEOUT").length).toBe(3);
      const winner = codes.indexOf(undefined);
      await h.worker.drain();
      const done = (await h.store.executions.get(executionId))!;
      if (winner % 2 === 0) expect(JSON.parse(done.result!)).toEqual({ answer: `answer-${winner}` });
      else expect(done.status).toBe("FAILED");
      expect((await count(executionId, "CallbackSucceeded")) + (await count(executionId, "CallbackFailed"))).toBe(1);
      await expectWhole(executionId);
    }
  });

  it("at once, from three CLI processes: one exits 0, the others exit 4 with CALLBACK_TIMEOUT", async () => {
    const { executionId, callbackId } = await suspendedApproval();
    const runs = await Promise.all([0, 1, 2].map((i) => runCli(["callback", "succeed", callbackId, "--result", `cli-${i}`, "--store", h.path, "--json"])));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 4, 4]);
    for (const run of runs.filter((r) => r.code === 4)) expect(JSON.parse(run.stderr).error.code).toBe("CALLBACK_TIMEOUT");
    await h.worker.drain();
    const winner = runs.findIndex((r) => r.code === 0);
    expect(JSON.parse((await h.store.executions.get(executionId))!.result!)).toEqual({ answer: `cli-${winner}` });
    expect(await count(executionId, "CallbackSucceeded")).toBe(1);
  }, 30_000);

  it("after its timeout: refused before and after the timer fired; the execution sees one timeout", async () => {
    const { executionId, callbackId } = await suspendedApproval({ timeout: 60 });
    h.clock.advance(61_000);
    // The timer has not been processed yet; the answer is late all the same.
    const before = await snapshot(h.store, executionId);
    expect(await codeOf(h.client.sendCallbackSuccess(callbackId, "late"))).toBe("CALLBACK_TIMEOUT");
    expect(await snapshot(h.store, executionId)).toBe(before);
    await h.worker.drain();
    const done = (await h.store.executions.get(executionId))!;
    expect(done.status).toBe("FAILED");
    expect(done.error?.ErrorMessage).toMatch(/time/i);
    const ended = await snapshot(h.store, executionId);
    expect(await codeOf(h.client.sendCallbackSuccess(callbackId, "later"))).toBe("CALLBACK_TIMEOUT");
    expect(await snapshot(h.store, executionId)).toBe(ended);
    expect(await count(executionId, "CallbackTimedOut")).toBe(1);
    expect(await count(executionId, "CallbackSucceeded")).toBe(0);
    await expectWhole(executionId);
  });

  it("after its heartbeat deadline: refused, one timeout", async () => {
    const { executionId, callbackId } = await suspendedApproval({ heartbeat: 10 });
    h.clock.advance(5_000);
    await h.client.sendCallbackHeartbeat(callbackId);
    h.clock.advance(9_000); // 14 s after the start, 9 s after the heartbeat: still open
    h.clock.advance(2_000); // 11 s after the heartbeat: closed
    expect(await codeOf(h.client.sendCallbackSuccess(callbackId, "late"))).toBe("CALLBACK_TIMEOUT");
    await h.worker.drain();
    expect((await h.store.executions.get(executionId))?.status).toBe("FAILED");
    expect(await count(executionId, "CallbackTimedOut")).toBe(1);
    await expectWhole(executionId);
  });
});

describe("starting twice with one name gives one execution", () => {
  it("one after another: the same execution; another input is refused", async () => {
    const first = await h.client.startExecution({ functionName: "approval", name: "order-7", input: "{}" });
    const second = await h.client.startExecution({ functionName: "approval", name: "order-7", input: "{}" });
    expect(first.alreadyExisted).toBe(false);
    expect(second.alreadyExisted).toBe(true);
    expect(second.execution.executionId).toBe(first.execution.executionId);
    expect(await codeOf(h.client.startExecution({ functionName: "approval", name: "order-7", input: '{"timeout":5}' }))).toBe("EXECUTION_ALREADY_STARTED");
    expect((await h.store.executions.list({ nameOrId: "order-7" })).items.length).toBe(1);
  });

  it("20 starts at once over four connections: one execution, one creator", async () => {
    const clients = await Promise.all([0, 1, 2, 3].map(async () => new DurableClient({ store: await h.openStore(), registry: h.registry, clock: h.clock })));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => clients[i % 4]!.startExecution({ functionName: "approval", name: "burst-1", input: '{"timeout":30}' })),
    );
    expect(new Set(results.map((r) => r.execution.executionId)).size).toBe(1);
    expect(results.filter((r) => !r.alreadyExisted).length).toBe(1);
    const listed = await h.store.executions.list({ nameOrId: "burst-1" });
    expect(listed.items.length).toBe(1);
    await h.worker.drain();
    expect((await h.store.executions.get(listed.items[0]!.executionId))?.invocationCount).toBe(1);
    await expectWhole(listed.items[0]!.executionId);
  });

  it("from four CLI processes at once: one execution", async () => {
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() => runCli(["start", "approval", "--name", "cli-burst", "--input", "{}", "--store", h.path, "--json"])),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const outputs = runs.map((r) => JSON.parse(r.stdout) as { execution: { executionId: string }; alreadyExisted: boolean });
    expect(new Set(outputs.map((o) => o.execution.executionId)).size).toBe(1);
    expect(outputs.filter((o) => !o.alreadyExisted).length).toBe(1);
    expect((await h.store.executions.list({ nameOrId: "cli-burst" })).items.length).toBe(1);
  }, 30_000);
});

describe("stop and redrive give one clear outcome each", () => {
  it("stop during an invocation: STOPPED at once; the running invocation's outcome is refused", async () => {
    const { execution } = await h.client.startExecution({ functionName: "slow-step", input: "{}" });
    const id = execution.executionId;
    const draining = h.worker.drain();
    await slowStepEntered.promise;
    const stopped = await h.client.stopExecution(id);
    expect(stopped.status).toBe("STOPPED");
    const afterStop = await snapshot(h.store, id);
    slowStepGate.resolve();
    await draining;
    // The step finished in memory, but its checkpoint carried a dead token: nothing recorded.
    expect(outcomes.get(id)).toEqual(["FENCED"]);
    expect(await snapshot(h.store, id)).toBe(afterStop);
    const events = await allEvents(h.store, id);
    expect(events[events.length - 1]!.EventType).toBe("ExecutionStopped");
    expect(events.some((e) => e.EventType === "StepSucceeded")).toBe(false);
    expect(await codeOf(h.client.stopExecution(id))).toBe("INVALID_STATE");
    await expectWhole(id);
  });

  it("stop, then redrive while the stopped invocation's step body still runs: only the new invocation's work is recorded", async () => {
    const { execution } = await h.client.startExecution({ functionName: "slow-step", input: "{}" });
    const id = execution.executionId;
    const firstRun = h.worker.drain();
    await slowStepEntered.promise;
    await h.client.stopExecution(id);
    // The SDK ends a fenced invocation at once; its step body is left running in memory.
    await firstRun;
    expect(outcomes.get(id)).toEqual(["FENCED"]);
    await h.client.redriveExecution(id);
    const entries = slowStepEntries;
    const secondRun = h.worker.drain();
    await waitUntil("the redriven invocation to enter the slow step", () => slowStepEntries !== entries, 30_000, 0);
    // Both bodies finish now: the abandoned one first, then the redriven invocation's.
    slowStepGate.resolve();
    await secondRun;
    const done = (await h.store.executions.get(id))!;
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("finished");
    expect(outcomes.get(id)).toEqual(["FENCED", "SUCCEEDED"]);
    const types = (await allEvents(h.store, id)).map((e) => e.EventType);
    expect(types.filter((t) => t === "StepSucceeded").length).toBe(1);
    expect(types.indexOf("ExecutionStopped")).toBeLessThan(types.indexOf("ExecutionRedriven"));
    // Two invocations, two ends: the stopped one's (written by the stop) and the new one's.
    const ends = (await allEvents(h.store, id)).filter((e) => e.EventType === "InvocationCompleted");
    expect(ends.map((e) => (e.InvocationCompletedDetails as { Error?: { Payload?: { ErrorType?: string } } }).Error?.Payload?.ErrorType)).toEqual([
      "Runtime.InvocationStopped",
      undefined,
    ]);
    expect(types.indexOf("InvocationCompleted")).toBeLessThan(types.indexOf("ExecutionStopped"));
    await expectWhole(id);
  });

  it("redrive of a running execution: INVALID_STATE, nothing changes", async () => {
    const { executionId } = await suspendedApproval();
    const before = await snapshot(h.store, executionId);
    expect(await codeOf(h.client.redriveExecution(executionId))).toBe("INVALID_STATE");
    expect(await snapshot(h.store, executionId)).toBe(before);
  });

  it("two redrives at once: exactly one succeeds, the other gets INVALID_STATE; the execution runs again once", async () => {
    const other = new DurableClient({ store: await h.openStore(), clock: h.clock });
    const { execution } = await h.client.startExecution({ functionName: "flaky", input: "{}" });
    const id = execution.executionId;
    await h.worker.drain();
    expect((await h.store.executions.get(id))?.status).toBe("FAILED");
    serviceUp = true;
    const codes = await Promise.all([codeOf(h.client.redriveExecution(id)), codeOf(other.redriveExecution(id))]);
    expect(codes.sort()).toEqual(["INVALID_STATE", undefined].sort());
    await h.worker.drain();
    const done = (await h.store.executions.get(id))!;
    expect(done.status).toBe("SUCCEEDED");
    expect(done.redriveCount).toBe(1);
    expect(await count(id, "ExecutionRedriven")).toBe(1);
    expect(await count(id, "ExecutionSucceeded")).toBe(1);
    await expectWhole(id);
  });

  it("two redrives at once from CLI processes: one exits 0, the other exits 4 (INVALID_STATE)", async () => {
    const { execution } = await h.client.startExecution({ functionName: "flaky", input: "{}" });
    const id = execution.executionId;
    await h.worker.drain();
    const runs = await Promise.all([0, 1].map(() => runCli(["redrive", id, "--store", h.path, "--json"])));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 4]);
    expect(JSON.parse(runs.find((r) => r.code === 4)!.stderr).error.code).toBe("INVALID_STATE");
    expect(await count(id, "ExecutionRedriven")).toBe(1);
  }, 30_000);

  it("two stops at once: one STOPPED, one INVALID_STATE, one ExecutionStopped event", async () => {
    const other = new DurableClient({ store: await h.openStore(), clock: h.clock });
    const { executionId } = await suspendedApproval();
    const codes = await Promise.all([codeOf(h.client.stopExecution(executionId)), codeOf(other.stopExecution(executionId))]);
    expect(codes.sort()).toEqual(["INVALID_STATE", undefined].sort());
    expect(await count(executionId, "ExecutionStopped")).toBe(1);
    await expectWhole(executionId);
  });

  it("stop and a callback answer at once: the execution ends STOPPED and the answer either landed before it or was refused", async () => {
    const other = new DurableClient({ store: await h.openStore(), clock: h.clock });
    for (let round = 0; round < 4; round++) {
      const { executionId, callbackId } = await suspendedApproval();
      const [stopCode, answerCode] = await Promise.all([
        codeOf(round % 2 === 0 ? h.client.stopExecution(executionId) : other.stopExecution(executionId)),
        codeOf(round % 2 === 0 ? other.sendCallbackSuccess(callbackId, "yes") : h.client.sendCallbackSuccess(callbackId, "yes")),
      ]);
      expect(stopCode).toBeUndefined();
      expect([undefined, "CALLBACK_TIMEOUT"]).toContain(answerCode);
      await h.worker.drain();
      expect((await h.store.executions.get(executionId))?.status).toBe("STOPPED");
      expect(await count(executionId, "CallbackSucceeded")).toBe(answerCode === undefined ? 1 : 0);
      await expectWhole(executionId);
    }
  });
});
