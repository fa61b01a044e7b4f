/**
 * Answers to pending callbacks, through the DurableClient: success (a JSON result), failure (an
 * error type and message) and heartbeat. The answer is one store transaction plus its history
 * event; the worker re-invokes the execution.
 */
import "server-only";
import { z } from "zod";
import { durable } from "../durable";

export const succeedBodySchema = z
  .object({
    /** The result as JSON text (what the handler's callback resolves with). */
    result: z
      .string()
      .max(1024 * 1024)
      .refine((text) => {
        try {
          JSON.parse(text);
          return true;
        } catch {
          return false;
        }
      }, "must be valid JSON")
      .optional(),
  })
  .strict();

export const failBodySchema = z
  .object({
    error: z
      .object({
        ErrorType: z.string().max(256).optional(),
        ErrorMessage: z.string().max(64 * 1024).optional(),
        ErrorData: z.string().max(256 * 1024).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const callbackIdParam = z.string().min(1).max(1024).regex(/^[A-Za-z0-9+/_-]+={0,2}$/, "is not a callback id");

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
