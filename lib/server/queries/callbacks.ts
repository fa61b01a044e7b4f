/**
 * The approvals inbox: callbacks waiting for an answer in RUNNING executions, oldest first or
 * soonest deadline first, of one function and/or callback name, from the store's index of pending
 * callbacks (keyset-paged).
 */
import "server-only";
import { isoAt } from "@/sdk/runtime/clock";
import { parseAnswerSchema } from "@/sdk/utils/answer-schema";
import type { PendingCallbackView } from "@/sdk/store/types";
import { durable } from "../durable";
import type { ApprovalsSort, PendingCallback, PendingCallbackPage } from "../../types";

export const APPROVALS_PAGE_SIZE = 100;

export function toPendingCallback(view: PendingCallbackView): PendingCallback {
  const item: PendingCallback = {
    executionId: view.executionId,
    executionName: view.executionName,
    functionName: view.functionName,
    operationId: view.operationId,
    callbackId: view.callbackId,
    startedAt: view.createdTimestamp,
    // The callback operation itself: its panel answers it, whatever context it sits in.
    focusOperationId: view.operationId,
  };
  if (view.name) item.name = view.name;
  if (view.timeoutAt !== undefined) item.timeoutAt = isoAt(view.timeoutAt);
  if (view.answerSchema !== undefined) item.answerSchema = parseAnswerSchema(view.answerSchema);
  return item;
}

export async function listPendingCallbacks(
  options: { functionName?: string; name?: string; sort?: ApprovalsSort; cursor?: string; limit?: number } = {},
): Promise<PendingCallbackPage> {
  const { client } = await durable();
  const page = await client.listPendingCallbacks({
    functionName: options.functionName,
    name: options.name,
    order: options.sort === "deadline" ? "deadline" : "oldest",
    cursor: options.cursor,
    limit: options.limit ?? APPROVALS_PAGE_SIZE,
  });
  const result: PendingCallbackPage = { items: page.items.map(toPendingCallback) };
  if (page.nextCursor) result.nextCursor = page.nextCursor;
  return result;
}
