/**
 * The test runner and real time: callback heartbeats and timeouts run on real time under
 * skipTime, as on the official runner (kept short: 1-2 s); the approval test, which does
 * real async work before it answers; and answers to a callback that is already closed.
 */
import { expect } from "vitest";
import { startStubInbox, type StubInbox } from "../../support/stub-inbox";
import { describeError, type Scenario } from "../scenario";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// `make` and `drive` of one scenario run one after the other on each side: they share the inbox.
let inbox: Promise<StubInbox> | undefined;

export const runnerTimeScenarios: Scenario[] = [
  {
    name: "runner: heartbeats sent in time keep a callback alive",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback<string>("long-job", { heartbeatTimeout: { seconds: 3 } });
        return answer;
      }),
    drive: async ({ runner, observe }) => {
      const job = runner.getOperation("long-job");
      await job.waitForData("STARTED");
      // 3.6 s of real time in all, longer than the heartbeat timeout, each beat well within it
      // (a stall of a loaded machine must not let one gap reach the timeout).
      for (let beat = 0; beat < 9; beat++) {
        await sleep(400);
        await job.sendCallbackHeartbeat();
      }
      observe("status after the heartbeats", job.getStatus?.());
      await job.sendCallbackSuccess("done");
    },
  },
  {
    name: "runner: a callback whose heartbeat does not come times out on heartbeat",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback<string>("long-job", { timeout: { seconds: 30 }, heartbeatTimeout: { seconds: 1 } });
        try {
          return await answer;
        } catch (error) {
          return describeError(sdk, error);
        }
      }),
  },
  {
    name: "runner: a waitForCallback that times out, as user code sees it",
    make: (sdk, probe) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        try {
          return await ctx.waitForCallback("approval", async () => probe.ran("submitter"), { timeout: { seconds: 1 } });
        } catch (error) {
          return describeError(sdk, error);
        }
      }),
  },
  {
    name: "runner: an unanswered callback fails the execution with CallbackTimeoutError",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("approval", { timeout: { seconds: 1 } });
        return answer;
      }),
  },
  {
    name: "runner: an approval answered after real async work (waitForData(COMPLETED) on the step that announced it, the inbox read over HTTP)",
    make: (sdk) => {
      inbox = startStubInbox({ readDelayMs: 300 });
      const ready = inbox;
      return sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [decision, callbackId] = await ctx.createCallback<string>("approval", { timeout: { seconds: 30 } });
        await ctx.step("announce", async () => (await ready).post({ callbackId }));
        return { decision: JSON.parse(await decision) as unknown };
      });
    },
    drive: async ({ runner, running, observe }) => {
      const served = await inbox!;
      try {
        const announce = runner.getOperation("announce");
        const approval = runner.getOperation("approval");
        await announce.waitForData("COMPLETED");
        const [message] = (await served.read()) as Array<{ callbackId: string }>;
        const callbackId = (approval.getOperationData() as { CallbackDetails?: { CallbackId?: string } }).CallbackDetails?.CallbackId;
        observe("the inbox got the callback's id", message?.callbackId === callbackId);
        await approval.sendCallbackSuccess(JSON.stringify({ approved: true }));
        await running;
      } finally {
        await served.close();
      }
    },
  },
  {
    name: "runner: answering a callback after the execution ended",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const [answer] = await ctx.createCallback("approval", { timeout: { seconds: 1 } });
        return answer;
      }),
    drive: async ({ runner, running, observe }) => {
      const approval = runner.getOperation("approval");
      await running;
      const answered = await approval.sendCallbackSuccess(JSON.stringify("too late")).then(
        (returned) => ({ returned }),
        (error: Error) => ({ refused: error.message }),
      );
      observe("late answer", answered);
    },
    deliberate: {
      readme: "An answer to a closed callback is refused",
      check(ours, theirs) {
        // Everything but the late answer is the same.
        expect({ ...ours, observed: {} }).toEqual({ ...theirs, observed: {} });
        expect(theirs.observed["late answer"]).toEqual({ returned: {} });
        expect(ours.observed["late answer"]).toEqual({
          refused: 'operation "approval" cannot be answered: the execution already ended with CallbackTimeoutError (FAILED)',
        });
      },
    },
  },
  {
    name: "runner: answering a callback that already timed out, while the execution still runs",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        let first = "answered";
        try {
          await ctx.waitForCallback("first", async () => undefined, { timeout: { seconds: 1 } });
        } catch (error) {
          first = (error as Error).name;
        }
        const second = await ctx.waitForCallback("second", async () => undefined);
        return { first, second };
      }),
    drive: async ({ runner, observe }) => {
      const first = runner.getOperation("first");
      const second = runner.getOperation("second");
      await second.waitForData("SUBMITTED");
      const answered = await first.sendCallbackSuccess(JSON.stringify("late")).then(
        (returned) => ({ returned }),
        (error: Error) => ({ refused: error.message }),
      );
      observe("late answer", answered);
      await second.sendCallbackSuccess(JSON.stringify("second"));
    },
    deliberate: {
      readme: "An answer to a closed callback is refused",
      check(ours, theirs) {
        expect(ours.status).toBe(theirs.status);
        expect(ours.outcome).toEqual(theirs.outcome);
        const timedOut = (run: typeof ours) => run.events.filter((e) => e.startsWith("CallbackTimedOut "))[0]?.split(" ")[3];
        const firstCallback = timedOut(theirs);
        expect(timedOut(ours)).toBe(firstCallback);
        const endsOfFirst = (run: typeof ours) =>
          run.events.filter((e) => e.split(" ")[3] === firstCallback && e.startsWith("Callback")).map((e) => e.split(" ")[0]);
        // Theirs re-completes the timed-out callback: a second terminal event, the operation SUCCEEDED.
        expect(endsOfFirst(theirs)).toEqual(["CallbackStarted", "CallbackTimedOut", "CallbackSucceeded"]);
        expect(theirs.operations).toContain(`CALLBACK Callback - SUCCEEDED ${firstCallback} c4ca4238a0b92382`);
        expect(theirs.observed["late answer"]).toEqual({ returned: {} });
        // Ours refuses it and changes nothing: the same history as without the late answer.
        expect(endsOfFirst(ours)).toEqual(["CallbackStarted", "CallbackTimedOut"]);
        expect(ours.operations).toContain(`CALLBACK Callback - TIMED_OUT ${firstCallback} c4ca4238a0b92382`);
        expect(ours.events).toEqual(theirs.events.filter((e) => !(e.startsWith("CallbackSucceeded ") && e.split(" ")[3] === firstCallback)));
        expect(ours.observed["late answer"]).toEqual({
          refused: 'operation "first" cannot be answered: the callback has timed out or is already closed',
        });
      },
    },
  },
];
