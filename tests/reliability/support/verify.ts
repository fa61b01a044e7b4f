/**
 * End-of-run checks shared by the multi-process reliability tests: results of planned executions,
 * at-most-once body runs, and whole histories matched against the invocations workers really ran.
 */
import type { DurableStore, ExecutionRecord } from "../../../sdk/store/types";
import { allEvents, checkWholeHistory } from "./history-checks";
import type { BodyRun, SideRecords } from "./observer";
import type { PlannedExecution } from "./workload";

const resultOf = (e: ExecutionRecord | undefined) => (e?.result === undefined ? undefined : JSON.parse(e.result));

/** Every planned execution (and chained child) SUCCEEDED with its expected result. */
export function verifyResults(executions: ExecutionRecord[], plans: PlannedExecution[], bodies: BodyRun[], problems: string[]): { children: number } {
  const byId = new Map(executions.map((e) => [e.executionId, e]));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const plan of plans) {
    const execution = byId.get(plan.executionId!);
    if (execution?.status !== "SUCCEEDED") {
      problems.push(`${plan.functionName} ${plan.name} ended ${execution?.status}: ${JSON.stringify(execution?.error)}`);
      continue;
    }
    const expected = plan.functionName === "at-most-once" ? expectedAtMostOnce(plan, bodies, problems) : plan.expected;
    if (!same(resultOf(execution), expected)) problems.push(`${plan.functionName} ${plan.name}: result ${execution.result}, expected ${JSON.stringify(expected)}`);
  }
  const onboarding = plans.filter((p) => p.functionName === "customer-onboarding");
  const children = executions.filter((e) => e.functionName === "credit-check");
  if (children.length !== onboarding.length) problems.push(`${children.length} credit-check children for ${onboarding.length} onboardings`);
  for (const child of children) {
    const parent = onboarding.find((p) => p.executionId === child.parent?.executionId);
    if (child.status !== "SUCCEEDED" || !same(resultOf(child), parent?.expectedChild)) {
      problems.push(`credit-check ${child.executionId} of ${parent?.name}: ${child.status} ${child.result}`);
    }
  }
  return { children: children.length };
}

/** The result an at-most-once execution must have: per step, the last attempt whose body ran. */
function expectedAtMostOnce(plan: PlannedExecution, bodies: BodyRun[], problems: string[]): string[] {
  const { steps } = plan.input as { steps: number };
  return Array.from({ length: steps }, (_, i) => {
    const attempts = bodies.filter((b) => b.executionId === plan.executionId && b.step === `charge-${i}`).map((b) => b.attempt);
    if (attempts.length === 0) problems.push(`${plan.name} charge-${i}: no body run recorded`);
    return `${i}:${Math.max(...attempts)}`;
  });
}

/** (execution, step, attempt) keys whose at-most-once body ran more than once. */
export function repeatedBodyRuns(bodies: BodyRun[]): { distinct: number; repeated: string[] } {
  const runs = new Map<string, number>();
  for (const body of bodies) {
    const key = `${body.executionId} ${body.step} ${body.attempt}`;
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }
  return { distinct: runs.size, repeated: [...runs].filter(([, n]) => n > 1).map(([key, n]) => `${key} ran ${n} times`) };
}

export interface InvocationFigures {
  events: number;
  operations: number;
  /** Sum of invocationCount (preludes committed). */
  invocations: number;
  completed: number;
  /** Invocations cut by a kill mid-flight; the next claim wrote their InvocationCompleted (Runtime.InvocationLost). */
  cutByKill: number;
  /** Invocations refused by the fencing token (their handler saw the checkpoint refused); completed as lost too. */
  fenced: number;
  /** Invocations killed between their prelude and the handler call (never logged); completed as lost. */
  preludeOnly: number;
}

/** The error types of InvocationCompleted events written for an invocation by someone else. */
const COMPLETED_FOR_IT = new Set(["Runtime.InvocationLost"]);

/**
 * Whole histories (support/history-checks.ts) plus the invocation rule: every invocation has
 * exactly one InvocationCompleted, so a finished execution has invocationCount of them. Every
 * logged invocation has one; one the invocation could not write itself (error
 * Runtime.InvocationLost, written by the next claim) belongs to an invocation that ran in a killed
 * worker, was fenced in a live one (its handler ended with the refused checkpoint), or never
 * reached the handler (killed after its prelude: not logged, at most one per kill).
 */
export async function verifyHistories(
  store: DurableStore,
  executions: ExecutionRecord[],
  side: SideRecords,
  options: { killedPids: Set<number>; kills: number },
  problems: string[],
): Promise<InvocationFigures> {
  const figures: InvocationFigures = { events: 0, operations: 0, invocations: 0, completed: 0, cutByKill: 0, fenced: 0, preludeOnly: 0 };
  for (const execution of executions) {
    const report = await checkWholeHistory(store, execution.executionId);
    problems.push(...report.problems);
    figures.events += report.events;
    figures.operations += report.operations;
    figures.invocations += execution.invocationCount;
    figures.completed += report.invocationsCompleted;
    const say = (text: string) => problems.push(`${execution.executionId}: ${text}`);
    const logged = new Map((side.invocations.get(execution.executionId) ?? []).map((run) => [run.requestId, run]));
    const completedFor = new Map<string, string | undefined>();
    for (const event of await allEvents(store, execution.executionId)) {
      if (event.EventType !== "InvocationCompleted") continue;
      const details = event.InvocationCompletedDetails as { RequestId: string; Error?: { Payload?: { ErrorType?: string } } };
      completedFor.set(details.RequestId, details.Error?.Payload?.ErrorType);
    }
    if (execution.status !== "RUNNING" && completedFor.size !== execution.invocationCount) {
      say(`invocationCount ${execution.invocationCount} but ${completedFor.size} InvocationCompleted`);
    }
    let unlogged = 0;
    for (const [requestId, errorType] of completedFor) {
      const run = logged.get(requestId);
      const byOthers = errorType !== undefined && COMPLETED_FOR_IT.has(errorType);
      if (!run) {
        if (byOthers) unlogged++;
        else say(`InvocationCompleted ${requestId} was never run`);
      } else if (byOthers) {
        if (options.killedPids.has(run.pid)) figures.cutByKill++;
        else if (run.end === "threw") figures.fenced++;
        else say(`invocation ${requestId} in live worker ${run.pid} (end ${run.end}) was completed as ${errorType}`);
      }
    }
    for (const run of logged.values()) {
      if (!completedFor.has(run.requestId)) say(`invocation ${run.requestId} (worker ${run.pid}, end ${run.end}) has no InvocationCompleted`);
    }
    figures.preludeOnly += unlogged;
    const extra = execution.invocationCount - logged.size;
    if (extra < 0 || extra > options.kills || unlogged !== Math.max(0, extra)) {
      say(`invocationCount ${execution.invocationCount}, ${logged.size} invocations ran, ${unlogged} completed without running`);
    }
  }
  return figures;
}

export async function countInterruptedAttempts(store: DurableStore, executionIds: string[]): Promise<number> {
  let count = 0;
  for (const id of executionIds) {
    for (const event of await allEvents(store, id)) {
      const error = (event.StepFailedDetails as { Error?: { Payload?: { ErrorType?: string } } } | undefined)?.Error?.Payload;
      if (event.EventType === "StepFailed" && error?.ErrorType === "StepInterruptedError") count++;
    }
  }
  return count;
}
