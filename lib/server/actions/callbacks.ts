/**
 * Answers to pending callbacks, through the DurableClient: success (a JSON result), failure (an
 * error type and message) and heartbeat. The answer is one store transaction plus its history
 * event; the worker re-invokes the execution.
 */
import "server-only";
import type { z } from "zod";
import type { answerManyBodySchema, failBodySchema, succeedBodySchema } from "../api-schemas";
import { DurableClientError } from "@/sdk/runtime/errors";
import { checkTypedAnswer } from "@/sdk/runtime/client-callbacks";
import type { AnswerManyResult } from "../../types";
import type { DurableClient } from "@/sdk/runtime/client";
import { parseAnswerSchema } from "@/sdk/utils/answer-schema";
import type { Principal } from "../../../shared/auth/roles";
import { durable } from "../durable";


export async function sendCallbackSuccess(
  callbackId: string,
  body: z.output<typeof succeedBodySchema>,
  principal?: Principal,
): Promise<{ ok: true }> {
  const { client } = await durable();
  const result = principal ? await withSignedInUser(client, callbackId, body.result, principal) : body.result;
  await client.sendCallbackSuccess(callbackId, result);
  return { ok: true };
}

/**
 * One answer to several callbacks, each its own transaction (a callback belongs to one
 * execution), filled with who answered as a single answer is. An answer that does not fit a
 * pending callback's form refuses the whole request before anything is written (VALIDATION_ERROR
 * with the failing paths); otherwise the reply says for each callback whether it was taken or why
 * not (already answered, unknown).
 */
export async function answerManyCallbacks(body: z.output<typeof answerManyBodySchema>, principal?: Principal): Promise<AnswerManyResult> {
  const { client } = await durable();
  const planned: Array<{ callbackId: string; executionId?: string; result: string | undefined }> = [];
  for (const callbackId of [...new Set(body.callbackIds)]) {
    const callback = await client.getCallback(callbackId).catch(() => undefined);
    const result = principal ? await withSignedInUser(client, callbackId, body.result, principal) : body.result;
    if (callback?.pending && callback.answerSchema !== undefined) checkTypedAnswer(callback.answerSchema, result);
    planned.push({ callbackId, executionId: callback?.executionId, result });
  }
  const results: AnswerManyResult["results"] = [];
  for (const { callbackId, executionId, result } of planned) {
    try {
      await client.sendCallbackSuccess(callbackId, result);
      results.push({ callbackId, executionId, ok: true });
    } catch (error) {
      if (!DurableClientError.is(error)) throw error;
      results.push({ callbackId, executionId, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { succeeded, failed: results.length - succeeded, results };
}

/**
 * A typed answer's fields marked `x-durable-fill: signed-in-user` (an approver) say who answered,
 * whatever the request says: the console writes the signed-in user's name there, so an answer
 * cannot name someone else. Anything else about the answer is left to the client's validation.
 */
async function withSignedInUser(client: DurableClient, callbackId: string, result: string | undefined, principal: Principal): Promise<string | undefined> {
  const callback = await client.getCallback(callbackId).catch(() => undefined);
  if (!callback?.answerSchema || result === undefined) return result;
  const schema = parseAnswerSchema(callback.answerSchema);
  if (schema.type !== "object") return result;
  const filled = Object.entries(schema.properties ?? {}).filter(([, property]) => property["x-durable-fill"] === "signed-in-user");
  if (filled.length === 0) return result;
  let answer: unknown;
  try {
    answer = JSON.parse(result);
  } catch {
    return result;
  }
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return result;
  return JSON.stringify({ ...answer, ...Object.fromEntries(filled.map(([name]) => [name, principal.name])) });
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
