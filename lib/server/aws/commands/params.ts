/** Path labels the AWS commands share. */
import "server-only";
import { z } from "zod";
import { functionNameOfTarget, parseExecutionArn } from "@/sdk/runtime/ids";
import { callbackIdSchema } from "@/sdk/runtime/client-schemas";

/** A durable execution's ARN (the service's pattern; the execution id is its last part). */
export const durableExecutionArnParam = z
  .string()
  .min(1)
  .max(1024)
  .refine((arn) => parseExecutionArn(arn) !== undefined, "is not a durable execution ARN");

export const callbackIdParam = callbackIdSchema;

/** The function a FunctionName path label names: a name, `name:qualifier` or a function ARN. */
export const functionNameParam = z
  .string()
  .min(1)
  .max(256)
  .transform((value, ctx) => {
    const name = functionNameOfTarget(value);
    if (!name) {
      ctx.addIssue({ code: "custom", message: "must be a function name, name:qualifier or function ARN" });
      return z.NEVER;
    }
    return name;
  });
