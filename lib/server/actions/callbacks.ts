/**
 * Answers to pending callbacks, through the DurableClient: success (a JSON result), failure (an
 * error type and message) and heartbeat. The answer is one store transaction plus its history
 * event; the worker re-invokes the execution.
 */
import "server-only";
import type { z } from "zod";
import type { failBodySchema, succeedBodySchema } from "../api-schemas";
import { durable } from "../durable";


export async function sendCallbackSuccess(callbackId: string, body: z.output<typeof succeedBodySchema>): Promise<{ ok: true }> {
  const { client } = await durable();
  await client.sendCallbackSuccess(callbackId, body.result);
  return { ok: true };
}

export async function sendCallbackFailure(callbackId: string, body: z.output<typeof failBodySchema>): Promise<{ ok: true }> {
  const { client } = await durable();
  await client.sendCallbackFailure(callbackId, body.error ?? { ErrorType: "CallbackFailed", ErrorMessage: "Failed from the console" });
  return { ok: true };
}

export async function sendCallbackHeartbeat(callbackId: string): Promise<{ ok: true }> {
  const { client } = await durable();
  await client.sendCallbackHeartbeat(callbackId);
  return { ok: true };
}
