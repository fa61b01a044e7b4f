/**
 * Input validation of the client API (zod). Everything that reaches the store passed through
 * here; a failure becomes DurableClientError VALIDATION_ERROR (or PAYLOAD_TOO_LARGE) and nothing
 * is written.
 */
import { z } from "zod";
import { EXECUTION_STATUSES, Limits, type ErrorObject } from "../types/wire";
import { payloadTooLargeMessage } from "../utils/payload-size";
import { byteLength } from "./checkpoint-validation";
import { DurableClientError } from "./errors";
import { EXECUTION_ID_PATTERN, FUNCTION_NAME_PATTERN, parseExecutionArn } from "./arns";

const functionName = z.string().regex(FUNCTION_NAME_PATTERN, "must be 1-64 letters, digits, '-' or '_'");
const executionName = z.string().regex(Limits.executionNamePattern, "must be 1-64 letters, digits, '-' or '_'");
const timeoutSeconds = z.number().int().min(1).max(Limits.maxExecutionTimeoutSeconds);
const jsonText = z.string().refine((text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}, "must be valid JSON text");

export const startExecutionSchema = z
  .object({
    functionName,
    input: jsonText.optional(),
    name: executionName.optional(),
    executionTimeoutSeconds: timeoutSeconds.optional(),
  })
  .strict();
export type StartExecutionParams = z.infer<typeof startExecutionSchema>;

/** `name` makes the replay idempotent (a bulk job's replays: the same name finds the same new run). */
export const replayOptionsSchema = z.object({ input: jsonText.optional(), name: executionName.optional() }).strict();
export type ReplayExecutionOptions = z.infer<typeof replayOptionsSchema>;

export const forkOptionsSchema = z
  .object({ fromOperationId: z.string().min(1).max(256), input: jsonText.optional(), force: z.boolean().optional() })
  .strict();
export type ForkExecutionOptions = z.infer<typeof forkOptionsSchema>;

export const executionRefSchema = z.string().min(1).max(1024);

export const listExecutionsSchema = z
  .object({
    functionName: functionName.optional(),
    statuses: z.array(z.enum(EXECUTION_STATUSES as [string, ...string[]])).max(EXECUTION_STATUSES.length).optional(),
    nameOrId: z.string().min(1).max(256).optional(),
    startedAfter: z.iso.datetime({ offset: true }).optional(),
    startedBefore: z.iso.datetime({ offset: true }).optional(),
    oldestFirst: z.boolean().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).max(4096).optional(),
  })
  .strict()
  // A range that begins after it ends can match nothing: a mistake to name, not an empty page.
  // Either end unreadable is the datetime rule's to report, not this one's.
  .refine((q) => !(Date.parse(q.startedAfter ?? "") > Date.parse(q.startedBefore ?? "")), {
    path: ["startedAfter"],
    message: "is later than the end of the range",
  });

export const historyQuerySchema = z
  .object({
    afterEventId: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    reverse: z.boolean().optional(),
  })
  .strict();

export const logQuerySchema = z
  .object({
    operationId: z.string().min(1).max(64).optional(),
    afterSeq: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const pendingCallbacksQuerySchema = z
  .object({
    functionName: functionName.optional(),
    name: z.string().min(1).max(256).optional(),
    order: z.enum(["oldest", "deadline"]).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).max(4096).optional(),
  })
  .strict();

/** Opaque: base64 or base64url characters, 1-1024 long (Lambda's CallbackId constraint, widened to base64url). */
export const callbackIdSchema = z.string().min(1).max(1024).regex(/^[A-Za-z0-9+/_-]+={0,2}$/, "is not a callback id");

export const errorObjectSchema = z
  .object({
    ErrorMessage: z.string().optional(),
    ErrorType: z.string().optional(),
    ErrorData: z.string().optional(),
    StackTrace: z.array(z.string()).optional(),
  })
  .strict();

/** Parses `value` with `schema`, or throws VALIDATION_ERROR naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    path: [what, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new DurableClientError("VALIDATION_ERROR", `invalid ${what}: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`, details);
}

/** PAYLOAD_TOO_LARGE, worded for people ("Input is 7.0 MB; the limit is 6 MB"), when `text` is over `limit` bytes. */
export function checkPayloadSize(text: string | undefined, limit: number, what: string): void {
  if (text === undefined) return;
  const bytes = byteLength(text);
  if (bytes > limit) throw new DurableClientError("PAYLOAD_TOO_LARGE", payloadTooLargeMessage(what, bytes, limit));
}

export function checkErrorSize(error: ErrorObject | undefined, what: string): void {
  if (error !== undefined) checkPayloadSize(JSON.stringify(error), Limits.errorBytes, what);
}

/** An execution id, or a durable execution ARN (its id is used). */
export function executionIdOf(idOrArn: unknown): string {
  const ref = parseInput(executionRefSchema, idOrArn, "execution");
  if (ref.startsWith("arn:")) {
    const parsed = parseExecutionArn(ref);
    if (!parsed) throw new DurableClientError("VALIDATION_ERROR", `not a durable execution ARN: ${ref.slice(0, 200)}`);
    return parsed.executionId;
  }
  if (!EXECUTION_ID_PATTERN.test(ref)) throw new DurableClientError("VALIDATION_ERROR", "execution id must be 1-64 letters, digits, '-' or '_'");
  return ref;
}
