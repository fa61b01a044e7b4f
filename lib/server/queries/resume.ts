/**
 * The console's "resume safely" reads: the redrive preview with the determinism check beside it,
 * the check alone, and a function's recent executions checked against the code the console has.
 */
import "server-only";
import { DurableClientError } from "@/sdk/runtime/errors";
import { durable } from "../durable";
import type { DeterminismAnswer, DeterminismReport, FunctionDeterminismReport, RedrivePlanView } from "../../resume-types";

export async function getRedrivePlan(idOrArn: string): Promise<RedrivePlanView> {
  const { client } = await durable();
  const preview = await client.previewRedrive(idOrArn);
  return { preview, determinism: await checkOrUnavailable(idOrArn) };
}

/** The check, or why it could not run here (the page shows that instead of an error). */
async function checkOrUnavailable(idOrArn: string): Promise<DeterminismAnswer> {
  const { client } = await durable();
  try {
    return await client.checkDeterminism(idOrArn);
  } catch (error) {
    if (DurableClientError.is(error) && error.code === "CODE_UNAVAILABLE") return { verdict: "unavailable", message: error.message };
    throw error;
  }
}

export async function checkDeterminism(idOrArn: string): Promise<DeterminismReport> {
  const { client } = await durable();
  return client.checkDeterminism(idOrArn);
}

export async function checkRecentExecutions(functionName: string, last?: number): Promise<FunctionDeterminismReport> {
  const { client } = await durable();
  return client.checkRecentExecutions(functionName, last === undefined ? {} : { last });
}
