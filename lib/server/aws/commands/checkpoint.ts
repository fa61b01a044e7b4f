/**
 * The SDK-facing commands a handler in its own process calls with its checkpoint token:
 * GetDurableExecutionState and CheckpointDurableExecution. Both go to the request-only
 * checkpoint path (sdk/runtime/request-checkpoints), which checks the token against the store.
 */
import "server-only";
import { z } from "zod";
import type { OperationUpdate } from "@/sdk/types/wire";
import { requestCheckpoints } from "../checkpoints";
import { awsCommand, awsJson, queryInteger } from "../route";
import { operationShape } from "../shapes";
import { durableExecutionArnParam } from "./params";

const checkpointToken = z.string().min(1).max(2048);

export const getDurableExecutionState = awsCommand(
  {
    // The token is the capability; what it reads, any caller of the read commands may see.
    access: "read",
    params: { arn: durableExecutionArnParam },
    query: z.object({
      CheckpointToken: checkpointToken,
      Marker: z.string().min(1).max(1024).optional(),
      MaxItems: queryInteger(0, 1000).optional(),
    }),
  },
  async ({ params, query }) => {
    const checkpoints = await requestCheckpoints();
    const page = await checkpoints.getExecutionState({
      DurableExecutionArn: params.arn,
      CheckpointToken: query.CheckpointToken,
      Marker: query.Marker,
      // 0 is "the default" on the service's paging parameters.
      MaxItems: query.MaxItems || undefined,
    });
    return awsJson({ Operations: page.Operations.map(operationShape), ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) });
  },
);

export const checkpointDurableExecution = awsCommand(
  {
    access: "write",
    // No audit action: a handler's checkpoints are its own traffic, not an operator's action.
    params: { arn: durableExecutionArnParam },
    body: z.object({
      CheckpointToken: checkpointToken,
      // Each update's shape is the checkpoint processor's to judge (one validation, in one place).
      Updates: z.array(z.unknown()).optional(),
      ClientToken: z.string().min(1).max(64).regex(/^[\x21-\x7E]+$/, "must be printable ASCII").optional(),
    }),
  },
  async ({ params, body }) => {
    const checkpoints = await requestCheckpoints();
    const answer = await checkpoints.checkpoint({
      DurableExecutionArn: params.arn,
      CheckpointToken: body.CheckpointToken,
      Updates: body.Updates as OperationUpdate[] | undefined,
      ClientToken: body.ClientToken,
    });
    return awsJson({
      CheckpointToken: answer.CheckpointToken,
      NewExecutionState: { Operations: (answer.NewExecutionState?.Operations ?? []).map(operationShape) },
    });
  },
);
