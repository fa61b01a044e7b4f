/**
 * Answers to pending callbacks, through the DurableClient: success (a JSON result), failure (an
 * error type and message) and heartbeat. The answer is one store transaction plus its history
 * event; the worker re-invokes the execution.
 */
import "server-only";
import type { z } from "zod";
import type { failBodySchema, succeedBodySchema } from "../api-schemas";
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
