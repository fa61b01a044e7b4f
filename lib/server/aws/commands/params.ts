/** Path labels the AWS commands share. */
import "server-only";
import { z } from "zod";
import { parseExecutionArn } from "@/sdk/runtime/ids";
import { callbackIdSchema } from "@/sdk/runtime/client-schemas";

/** A durable execution's ARN (the service's pattern; the execution id is its last part). */
export const durableExecutionArnParam = z
  .string()
  .min(1)
  .max(1024)
  .refine((arn) => parseExecutionArn(arn) !== undefined, "is not a durable execution ARN");

export const callbackIdParam = callbackIdSchema;
