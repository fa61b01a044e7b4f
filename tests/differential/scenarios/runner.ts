/**
 * The test runner's own API, driven the same way on both runners: finding operations (by name,
 * index, name and index, id), waitForData for each status on each kind of operation,
 * getInvocations, getHistoryEvents, getOperations({ status }), reset() and a second run; plus
 * callbacks on real time (runner-time.ts).
 */
import { expect } from "vitest";
import type { OperationHandleLike, Scenario } from "../scenario";
import { runnerTimeScenarios, sleep } from "./runner-time";

/** A step body that waits until the driver opens the gate: the driver sees the step running. */
class Gate {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.open = resolve));
}
// `make` and `drive` of one scenario run one after the other on each side: they share the gate.
let gate = new Gate();

/** Whether `promise` settled within `ms` of real time (a status the test must not reach early). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await sleep(ms);
  return settled;
}

/** The first sentence of a waitForData rejection: the official words, which ours begins with. */
function rejection(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: Error) => error.message.split(". ")[0],
  );
}

function stepResult(handle: OperationHandleLike): unknown {
  const data = handle.getOperationData() as { StepDetails?: { Result?: string } } | undefined;
  return data?.StepDetails?.Result ?? null;
}

function describeHandle(handle: OperationHandleLike): string {
  const op = handle.getOperationData();
  return op ? [op.Type, op.SubType ?? "-", op.Name ?? "-"].join(" ") : "none";
}

const runnerApiScenarios: Scenario[] = [
  {
    name: "runner: getOperation by name, and by name and index",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const first = await ctx.step("twice", async () => "first");
        await ctx.step("other", async () => "other");
        const second = await ctx.step("twice", async () => "second");
        const nested = await ctx.runInChildContext("group", async (g) => g.step("twice", async () => "nested"));
        return [first, second, nested];
      }),
    drive: async ({ runner, running, observe }) => {
      // A handle taken before the operation exists fills in as the run goes.
      const early = runner.getOperation("twice");
      await running;
      observe("getOperation(name), taken before the run", stepResult(early));
      observe("getOperation(name) after the run", stepResult(runner.getOperation("twice")));
      observe("getOperationByNameAndIndex(name, 1)", stepResult(runner.getOperationByNameAndIndex("twice", 1)));
      observe("getOperationByNameAndIndex(name, 2): the nested one", stepResult(runner.getOperationByNameAndIndex("twice", 2)));
      observe("getOperationByNameAndIndex(name, -1): from the end", stepResult(runner.getOperationByNameAndIndex("twice", -1)));
      observe("index past the end", runner.getOperationByNameAndIndex("twice", 3).getOperationData() ?? null);
      observe("unknown name", runner.getOperation("nothing-by-this-name").getOperationData() ?? null);
    },
  },
  {
    name: "runner: getOperationByIndex counts every operation in start order, children included",
    skipsTimers: true,
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("first", async () => 1);
        await ctx.wait("pause", { seconds: 1 });
        await ctx.runInChildContext("group", async (g) => g.step("inner", async () => 2));
        await ctx.step("last", async () => 3);
        return "done";
      }),
    drive: async ({ runner, running, observe }) => {
      const early = runner.getOperationByIndex(3);
      await running;
      observe("index 3, taken before the run", describeHandle(early));
      observe("indexes 0..4", [0, 1, 2, 3, 4].map((i) => describeHandle(runner.getOperationByIndex(i))));
      observe("index -1: the last", describeHandle(runner.getOperationByIndex(-1)));
      observe("index past the end", describeHandle(runner.getOperationByIndex(5)));
    },
  },
  {
    name: "runner: getOperationById finds the operation an id names, nested ones too",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("target", async () => "hit");
        return ctx.runInChildContext("group", async (g) => g.step("deep", async () => "deep hit"));
      }),
    drive: async ({ runner, running, observe }) => {
      const target = runner.getOperation("target");
      await target.waitForData("COMPLETED");
      const id = String(target.getOperationData()?.Id);
      observe("the id (both SDKs hash the same call path)", id);
      observe("getOperationById(id)", stepResult(runner.getOperationById(id)));
      await running;
      const deep = String(runner.getOperation("deep").getOperationData()?.Id);
      observe("nested id", deep);
      observe("getOperationById(nested id)", stepResult(runner.getOperationById(deep)));
      observe("unknown id", runner.getOperationById("0123456789abcdef").getOperationData() ?? null);
    },
  },
  {
    name: "runner: waitForData on a step: STARTED while it runs, SUBMITTED and COMPLETED once it ended",
    make: (sdk) => {
      gate = new Gate();
      const opened = gate.opened;
      return sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.step("slow", async () => {
          await opened;
          return "finished";
        }, { semantics: sdk.StepSemantics.AtMostOncePerRetry }),
      );
    },
    drive: async ({ runner, observe }) => {
      const slow = runner.getOperation("slow");
      await slow.waitForData("STARTED");
      observe("status at STARTED", slow.getStatus?.());
      const submitted = slow.waitForData("SUBMITTED");
      observe("SUBMITTED before the body ended", await settledWithin(submitted, 150));
      gate.open();
      await submitted;
      observe("status at SUBMITTED", slow.getStatus?.());
      await slow.waitForData("COMPLETED");
      observe("at COMPLETED", { status: slow.getStatus?.(), result: stepResult(slow) });
    },
  },
  {
    name: "runner: waitForData on a wait: STARTED, then COMPLETED (and SUBMITTED) once it ended",
    skipsTimers: true,
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.wait("pause", { seconds: 30 });
        return "after the pause";
      }),
    drive: async ({ runner, observe }) => {
      const pause = runner.getOperation("pause");
      await pause.waitForData("STARTED");
      observe("STARTED resolved on a wait", describeHandle(pause));
      await pause.waitForData("COMPLETED");
      observe("status at COMPLETED", pause.getStatus?.());
      await pause.waitForData("SUBMITTED");
      observe("SUBMITTED after COMPLETED", pause.getStatus?.());
    },
  },
  {
    name: "runner: waitForData on a callback: STARTED lets the test answer; SUBMITTED is COMPLETED",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("reply");
        return answer;
      }),
    drive: async ({ runner, observe }) => {
      const reply = runner.getOperation("reply");
      await reply.waitForData("STARTED");
      observe("status at STARTED", reply.getStatus?.());
      const submitted = reply.waitForData("SUBMITTED");
      observe("SUBMITTED before the answer", await settledWithin(submitted, 150));
      await reply.sendCallbackSuccess(JSON.stringify({ ok: true }));
      await submitted;
      observe("status at SUBMITTED", reply.getStatus?.());
      await reply.waitForData("COMPLETED");
      observe("status at COMPLETED", reply.getStatus?.());
    },
  },
  {
    name: "runner: waitForData on a waitForCallback: SUBMITTED once the submitter ran, COMPLETED once answered",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.waitForCallback("approval", async () => {
          probe.ran("submitter");
        }),
      ),
    drive: async ({ runner, observe }) => {
      const approval = runner.getOperation("approval");
      await approval.waitForData("STARTED");
      observe("at STARTED", describeHandle(approval));
      await approval.waitForData("SUBMITTED");
      observe("status at SUBMITTED", approval.getStatus?.());
      await approval.sendCallbackSuccess(JSON.stringify("approved"));
      await approval.waitForData("COMPLETED");
      const callback = (approval as unknown as { getCallbackDetails(): { result?: unknown } }).getCallbackDetails();
      observe("callback result at COMPLETED", callback.result);
    },
  },
  {
    name: "runner: waitForData on a child context: STARTED while its children run, COMPLETED with its result",
    make: (sdk) => {
      gate = new Gate();
      const opened = gate.opened;
      return sdk.withDurableExecution(async (_event: unknown, ctx) =>
        ctx.runInChildContext("group", async (g) => {
          await g.step("inside", async () => {
            await opened;
            return 1;
          });
          return "group done";
        }),
      );
    },
    drive: async ({ runner, observe }) => {
      const group = runner.getOperation("group");
      await group.waitForData("STARTED");
      observe("status at STARTED", group.getStatus?.());
      const completed = group.waitForData("COMPLETED");
      const submitted = group.waitForData("SUBMITTED");
      observe("COMPLETED before the children ended", await settledWithin(completed, 150));
      gate.open();
      await Promise.all([completed, submitted]);
      const details = (group as unknown as { getContextDetails(): { result?: unknown } }).getContextDetails();
      observe("at COMPLETED", { status: group.getStatus?.(), result: details.result });
    },
  },
  {
    name: "runner: waitForData rejects when the execution ends without the operation reaching the status",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.createCallback("ignored");
        return ctx.step("last", async () => "done");
      }),
    drive: async ({ runner, running, observe }) => {
      const never = rejection(runner.getOperation("never-started").waitForData());
      const ignored = rejection(runner.getOperation("ignored").waitForData("COMPLETED"));
      await running;
      observe("an operation that never started", await never);
      observe("a callback nobody answered, waited for COMPLETED", await ignored);
      observe("its status at the end", runner.getOperation("ignored").getStatus?.());
    },
  },
  {
    name: "runner: getInvocations counts the invocations and carries their errors",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("before", async () => 1);
        await ctx.waitForCallback("go", async () => undefined);
        throw new RangeError("gave up after the answer");
      }),
    drive: async ({ runner, running, observe }) => {
      const go = runner.getOperation("go");
      await go.waitForData("SUBMITTED");
      await go.sendCallbackSuccess();
      const result = await running;
      const invocations = result.getInvocations() as Array<{ error?: { errorType?: string; errorMessage?: string } }>;
      observe("invocations", invocations.length);
      observe("their errors", invocations.map((i) => (i.error?.errorType || i.error?.errorMessage ? { type: i.error.errorType, message: i.error.errorMessage } : null)));
    },
  },
  {
    name: "runner: under skipTime each retry and wait is an invocation of its own (deliberate)",
    skipsTimers: true,
    deliberate: {
      readme: "One invocation per suspension under skipTime",
      check: (ours, theirs) => {
        // Two retries and a wait: four invocations, every run. The official runner often carries
        // on past a skipped delay in the same invocation, so its count varies between 1 and 4.
        expect(ours.invocations).toBe(4);
        expect(theirs.invocations).toBeGreaterThanOrEqual(1);
        expect(theirs.invocations).toBeLessThanOrEqual(4);
        expect({ ...ours, invocations: 0 }).toEqual({ ...theirs, invocations: 0 });
      },
    },
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const charged = await ctx.step(
          "charge",
          async (stepCtx) => {
            probe.ran("charge");
            if (stepCtx.attempt < 3) throw new Error(`gateway busy (attempt ${stepCtx.attempt})`);
            return "charged";
          },
          { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
        );
        await ctx.wait("cool down", { seconds: 5 });
        return charged;
      }),
  },
  {
    name: "runner: getHistoryEvents and getOperations({ status })",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("fine", async () => "ok");
        try {
          await ctx.step("broken", async () => {
            throw new Error("no");
          }, { retryStrategy: () => ({ shouldRetry: false }) });
        } catch {
          // expected
        }
        await ctx.runInChildContext("group", async (g) => g.step("inner", async () => 2));
        return "done";
      }),
    drive: async ({ running, observe }) => {
      const result = await running;
      const names = (status: string) => result.getOperations({ status }).map((op) => op.getOperationData()?.Name ?? "-");
      observe("SUCCEEDED", names("SUCCEEDED"));
      observe("FAILED", names("FAILED"));
      observe("STARTED", names("STARTED"));
      observe("all", result.getOperations().length);
      observe("event types", result.getHistoryEvents().map((e) => e.EventType));
    },
  },
  {
    name: "runner: reset() then a second run starts clean",
    payload: { n: 1 },
    make: (sdk) =>
      sdk.withDurableExecution(async (event: { n: number }, ctx) => {
        const doubled = await ctx.step("double", async () => event.n * 2);
        return { doubled };
      }),
    drive: async ({ runner, running, observe }) => {
      const before = runner.getOperation("double");
      await running;
      runner.reset();
      const after = runner.getOperation("double");
      const second = await runner.run({ payload: { n: 21 } });
      observe("second status", second.getStatus());
      observe("second result", second.getResult());
      observe("second history", second.getHistoryEvents().map((e) => e.EventType));
      observe("second invocations", second.getInvocations().length);
      observe("second operations", second.getOperations().map((op) => op.getOperationData()?.Name));
      observe("a handle taken before reset() keeps the first run", stepResult(before));
      observe("a handle taken after reset() sees the second run", stepResult(after));
    },
  },
];

export const runnerScenarios: Scenario[] = [...runnerApiScenarios, ...runnerTimeScenarios];
