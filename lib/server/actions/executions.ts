/**
 * Actions on executions, through the DurableClient (which validates, writes one transaction and
 * makes the execution due; a worker does the rest). Bodies arrive validated against
 * lib/server/api-schemas, so a bad request got a 400 that names the field before reaching here.
 */
import "server-only";
import type { z } from "zod";
import type { replayBodySchema, startBodySchema, stopBodySchema } from "../api-schemas";
import { durable } from "../durable";
import { currentRedactor } from "../../redaction/redact";
import { toDetail } from "../queries/executions";
import type { ExecutionDetail } from "../../types";

export interface StartedExecution {
  executionId: string;
  /** True when an execution with this name and input already existed (nothing new started). */
  alreadyExisted: boolean;
}

export async function startExecution(body: z.output<typeof startBodySchema>): Promise<StartedExecution> {
  const { client } = await durable();
  const { execution, alreadyExisted } = await client.startExecution(body);
  return { executionId: execution.executionId, alreadyExisted };
}

/**
 * An edited input for a new run of `idOrArn` (a replay, a rerun): where it still holds
 * "[REDACTED]" at a place payload redaction hid a value, the original value goes back there (the
 * operator edited what they could see).
 */
export async function withRedactedInputRestored<T extends { input?: string }>(idOrArn: string, body: T): Promise<T> {
  const redactor = currentRedactor();
  if (body.input === undefined || !redactor.active) return body;
  const { raw } = await durable();
  const original = await raw.client.getExecution(idOrArn);
  return { ...body, input: redactor.restore(body.input, original.inputPayload) };
}

/** Replays an execution, with the same input or an edited one. */
export async function replayExecution(idOrArn: string, body: z.output<typeof replayBodySchema>): Promise<StartedExecution> {
  const { client } = await durable();
  const options = await withRedactedInputRestored(idOrArn, body);
  const { execution, alreadyExisted } = await client.replayExecution(idOrArn, options);
  return { executionId: execution.executionId, alreadyExisted };
}

export async function stopExecution(idOrArn: string, body: z.output<typeof stopBodySchema>): Promise<ExecutionDetail> {
  const { client } = await durable();
  const error = body.error ?? { ErrorType: "ExecutionStopped", ErrorMessage: "Stopped from the console" };
  return toDetail(await client.stopExecution(idOrArn, error));
}

/** Redrives; refused with NON_DETERMINISTIC when the code the console has does not replay the history, unless `force`. */
export async function redriveExecution(idOrArn: string, options: { force?: boolean } = {}): Promise<ExecutionDetail> {
  const { client } = await durable();
  return toDetail(await client.redriveExecution(idOrArn, options));
}
