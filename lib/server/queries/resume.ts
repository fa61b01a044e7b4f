/**
 * The console's "resume safely" reads: the redrive preview with the determinism check beside it,
 * the check alone, and a function's recent executions checked against the code the console has.
 */
import "server-only";
import { DurableClientError } from "@/sdk/runtime/errors";
import { durable } from "../durable";
import type { DeterminismCheckState } from "@/sdk/runtime/jobs/determinism-checks";
import type { Principal } from "../../../shared/auth/roles";
import type { DeterminismAnswer, DeterminismReport, FunctionDeterminismReport, RedrivePlanView } from "../../resume-types";

export async function getRedrivePlan(idOrArn: string, principal: Principal): Promise<RedrivePlanView> {
  const { client } = await durable();
  const preview = await client.previewRedrive(idOrArn);
  return { preview, determinism: await checkHereOrOnAWorker(idOrArn, principal) };
}

/**
 * The check with the console's code; without it, the check a worker that registered the function
 * ran or is running (asked for here, a stored job, when a live one exists); or why neither can
 * answer (the page shows that instead of an error).
 */
async function checkHereOrOnAWorker(idOrArn: string, principal: Principal): Promise<DeterminismAnswer> {
  const { client } = await durable();
  try {
    return await client.checkDeterminism(idOrArn);
  } catch (error) {
    if (!(DurableClientError.is(error) && error.code === "CODE_UNAVAILABLE")) throw error;
  }
  const found = await client.findDeterminismCheck(idOrArn);
  if (found) return answerOf(found);
  const { functionName } = await client.getExecution(idOrArn);
  if (!(await aLiveWorkerHas(functionName))) {
    return { verdict: "unavailable", message: `The console does not have the code of ${functionName}, and no live worker has registered it to check this history.` };
  }
  return answerOf(await client.requestDeterminismCheck(idOrArn, actorOf(principal)));
}

function answerOf(state: DeterminismCheckState): DeterminismAnswer {
  const report = state.reports[0];
  if (report) return report;
  const problem = state.errors[0];
  if (problem) return { verdict: "unavailable", message: `A worker could not check it: ${problem.message}` };
  if (state.status === "checking") return { verdict: "checking", jobId: state.jobId, message: `Checking on a worker that has the code of ${state.functionName}…` };
  return { verdict: "unavailable", message: `The worker's check ended ${state.status} without an answer.` };
}

export async function checkDeterminism(idOrArn: string): Promise<DeterminismReport> {
  const { client } = await durable();
  return client.checkDeterminism(idOrArn);
}

/**
 * A function's newest executions checked against the code here; without it, by a worker that
 * registered the function: `checking` (ask again with `check`) until its summary is ready.
 */
export async function checkRecentExecutions(
  functionName: string,
  options: { last?: number; check?: string },
  principal: Principal,
): Promise<{ status: 200 | 202; body: FunctionDeterminismReport | DeterminismCheckState }> {
  const { client } = await durable();
  if (client.hasCodeFor(functionName) || (options.check === undefined && !(await aLiveWorkerHas(functionName)))) {
    return { status: 200, body: await client.checkRecentExecutions(functionName, options.last === undefined ? {} : { last: options.last }) };
  }
  const state =
    options.check !== undefined
      ? await client.getDeterminismCheck(options.check)
      : await client.requestRecentDeterminismCheck(functionName, options.last === undefined ? {} : { last: options.last }, actorOf(principal));
  if (state.functionName !== functionName) throw new DurableClientError("JOB_NOT_FOUND", `check ${state.jobId} is not of ${functionName}`);
  return { status: state.status === "checking" ? 202 : 200, body: state };
}

async function aLiveWorkerHas(functionName: string): Promise<boolean> {
  const { client } = await durable();
  return (await client.listWorkers()).some((worker) => worker.alive && worker.functions.includes(functionName));
}

function actorOf(principal: Principal) {
  return { actor: principal.name, authMethod: principal.method, role: principal.role, source: "console" };
}
