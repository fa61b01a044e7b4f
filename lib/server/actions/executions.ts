/**
 * Actions on executions, through the DurableClient (which validates, writes one transaction and
 * makes the execution due; a worker does the rest). Bodies are validated here first so a bad
 * request gets a 400 that names the field, before anything reaches the client.
 */
import "server-only";
import { z } from "zod";
import { Limits } from "@/sdk/types/wire";
import { utf8ByteLength } from "@/sdk/utils/payload-size";
import { durable } from "../durable";
import { currentRedactor } from "../../redaction/redact";
import { toDetail } from "../queries/executions";
import type { ExecutionDetail } from "../../types";

/**
 * JSON text, as typed by a person: checked here so the error names the field. Text over the input
 * limit is not parsed here: the client refuses it with PAYLOAD_TOO_LARGE (413), saying how large
 * it is and what the limit is, in the words the Start dialog uses before sending.
 */
const jsonText = z.string().refine((text) => {
  if (utf8ByteLength(text) > Limits.executionInputBytes) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}, "must be valid JSON");

export const startBodySchema = z
  .object({
    functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '-' or '_'"),
    input: jsonText.optional(),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '-' or '_'")
      .optional(),
  })
  .strict();

export const replayBodySchema = z.object({ input: jsonText.optional() }).strict();

export const stopBodySchema = z
  .object({
    error: z
      .object({ ErrorType: z.string().max(256).optional(), ErrorMessage: z.string().max(10_000).optional() })
      .strict()
      .optional(),
  })
  .strict();

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
 * Replays an execution. An edited input that still holds "[REDACTED]" where payload redaction hid
 * a value gets the original value back there (the operator edited what they could see).
 */
export async function replayExecution(idOrArn: string, body: z.output<typeof replayBodySchema>): Promise<StartedExecution> {
  const { client, raw } = await durable();
  const redactor = currentRedactor();
  let options = body;
  if (body.input !== undefined && redactor.active) {
    const original = await raw.client.getExecution(idOrArn);
    options = { ...body, input: redactor.restore(body.input, original.inputPayload) };
  }
  const { execution, alreadyExisted } = await client.replayExecution(idOrArn, options);
  return { executionId: execution.executionId, alreadyExisted };
}

export async function stopExecution(idOrArn: string, body: z.output<typeof stopBodySchema>): Promise<ExecutionDetail> {
  const { client } = await durable();
  const error = body.error ?? { ErrorType: "ExecutionStopped", ErrorMessage: "Stopped from the console" };
  return toDetail(await client.stopExecution(idOrArn, error));
}

export async function redriveExecution(idOrArn: string): Promise<ExecutionDetail> {
  const { client } = await durable();
  return toDetail(await client.redriveExecution(idOrArn));
}
