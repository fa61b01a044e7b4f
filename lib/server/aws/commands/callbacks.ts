/**
 * SendDurableExecutionCallbackSuccess / Failure / Heartbeat: answers to a pending callback by
 * its id, through the console's DurableClient (one transaction with its history event; a worker
 * re-invokes the execution). Success carries the result as the raw request body, failure the
 * ErrorObject as the body. The audit record finds the callback's execution itself.
 */
import "server-only";
import { errorObjectSchema } from "@/sdk/runtime/client-schemas";
import { durable } from "../../durable";
import { awsCommand, awsJson } from "../route";
import { callbackIdParam } from "./params";

const params = { CallbackId: callbackIdParam };

export const sendDurableExecutionCallbackSuccess = awsCommand(
  { access: "write", action: "callback.succeed", params, body: "raw" },
  async ({ params, body }) => {
    const { client } = await durable();
    // An empty body is "no result" (the SDK sends none when Result is not given).
    await client.sendCallbackSuccess(params.CallbackId, body === "" ? undefined : body);
    return awsJson({});
  },
);

export const sendDurableExecutionCallbackFailure = awsCommand(
  { access: "write", action: "callback.fail", params, body: errorObjectSchema },
  async ({ params, body }) => {
    const { client } = await durable();
    await client.sendCallbackFailure(params.CallbackId, Object.keys(body).length > 0 ? body : undefined);
    return awsJson({});
  },
);

export const sendDurableExecutionCallbackHeartbeat = awsCommand(
  { access: "write", action: "callback.heartbeat", params },
  async ({ params }) => {
    const { client } = await durable();
    await client.sendCallbackHeartbeat(params.CallbackId);
    return awsJson({});
  },
);
