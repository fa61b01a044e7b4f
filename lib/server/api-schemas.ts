/**
 * Every input the console's HTTP API accepts, in one place: path parameters, query strings and
 * bodies, as zod schemas that route declarations (lib/server/define-route) name and the request
 * is validated against before any handler runs. Where the DurableClient already has the rule
 * (callback ids, names, execution refs), it is reused from sdk/runtime, so the console and the
 * client cannot disagree; what is the console's own (its page limits, its friendlier wording of a
 * JSON body) is said here once.
 */
import "server-only";
import { z } from "zod";
import { callbackIdSchema } from "@/sdk/runtime/client-schemas";
import { EXECUTION_ID_PATTERN, FUNCTION_NAME_PATTERN, parseExecutionArn } from "@/sdk/runtime/arns";
import { Limits } from "@/sdk/types/wire";
import { utf8ByteLength } from "@/sdk/utils/payload-size";
import { parseFiltersStrict, type ExecutionFilters } from "../filters";
import { CONSOLE_HISTORY_PAGE } from "../history-pages";
import { ApiError } from "./http-error";

// ---- path parameters ------------------------------------------------------------------------

/** An execution id (1-64 of [A-Za-z0-9_-]) or its ARN; anything else is refused before any lookup. */
export const idParam = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => EXECUTION_ID_PATTERN.test(value) || parseExecutionArn(value) !== undefined, "must be an execution id or ARN");

export const callbackIdParam = callbackIdSchema;

const NAME_RULE = "must be 1-64 letters, digits, '-' or '_'";
const functionName = z.string().regex(FUNCTION_NAME_PATTERN, NAME_RULE);
const executionName = z.string().regex(Limits.executionNamePattern, NAME_RULE);

// ---- bodies ---------------------------------------------------------------------------------

/**
 * JSON text, as typed by a person: checked here so the error names the field. Text over the input
 * limit is not parsed here: the client refuses it with PAYLOAD_TOO_LARGE (413), saying how large
 * it is and what the limit is, in the words the Start dialog uses before sending.
 */
const jsonText = z.string().refine((text) => {
  if (utf8ByteLength(text) > Limits.executionInputBytes) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}, "must be valid JSON");

export const startBodySchema = z.object({ functionName, input: jsonText.optional(), name: executionName.optional() }).strict();

export const replayBodySchema = z.object({ input: jsonText.optional() }).strict();

/** POST /api/executions/:id/redrive: `force` redrives even when the code here does not replay the history. */
export const redriveBodySchema = z.object({ force: z.boolean().optional() }).strict();

/** POST /api/executions/:id/rerun: the operation to rerun from, an edited input, `force` past a mismatch. */
export const rerunBodySchema = z
  .object({ fromOperationId: z.string().min(1).max(256), input: jsonText.optional(), force: z.boolean().optional() })
  .strict();

/** GET /api/functions/determinism?function=f&last=n */
export const functionDeterminismQuerySchema = z
  .object({
    function: functionName,
    last: queryInteger(1, 1000).optional(),
    /** A worker-run check asked for earlier (its jobId): where it stands. */
    check: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  })
  .strict();

/** What a run costs: the function's memory size (Lambda's 128-10,240 MB) and history retention (1-90 days). */
const costOptionFields = {
  memoryMb: queryInteger(128, 10_240).optional(),
  retentionDays: queryInteger(1, 90).optional(),
};

/** GET /api/executions/:id/cost?memoryMb=&retentionDays= */
export const executionCostQuerySchema = z.object(costOptionFields).strict();

/** GET /api/functions/cost?function=f&last=n&memoryMb=&retentionDays= */
export const functionCostQuerySchema = z
  .object({ function: functionName, last: queryInteger(1, 1000).optional(), ...costOptionFields })
  .strict();

export const stopBodySchema = z
  .object({
    error: z
      .object({ ErrorType: z.string().max(256).optional(), ErrorMessage: z.string().max(10_000).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const BULK_MAX = 100;

export const bulkBodySchema = z
  .object({
    action: z.enum(["stop", "redrive"]),
    executionIds: z.array(idParam).min(1).max(BULK_MAX),
  })
  .strict();

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

/** One answer for several pending callbacks (the inbox's "answer the selected"): success only. */
export const answerManyBodySchema = z
  .object({
    callbackIds: z.array(callbackIdParam).min(1).max(BULK_MAX),
    result: succeedBodySchema.shape.result,
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

// ---- query strings --------------------------------------------------------------------------

/**
 * A whole number from a query string, in decimal digits, within [min, max]. `z.coerce.number()`
 * alone reads an empty `?after=` as 0 and " 7", "0x10" or "1e3" as numbers; each is refused here.
 * The Lambda API's routes read their integers (MaxItems) with it too.
 */
export function queryInteger(min: number, max?: number) {
  const whole = z.number().int().min(min);
  return z
    .string()
    .regex(/^-?[0-9]{1,16}$/, "must be a whole number in decimal digits")
    .transform(Number)
    .pipe(max === undefined ? whole : whole.max(max));
}

export const HISTORY_PAGE_MAX = CONSOLE_HISTORY_PAGE;
export const LOG_PAGE_MAX = 1000;

const cursor = z.string().min(1).max(4096);
const pageLimit = queryInteger(1, 1000);

export const approvalsQuerySchema = z.object({
  function: z.string().regex(FUNCTION_NAME_PATTERN).optional(),
  /** The callback's name (its operation's, or its waitForCallback context's). */
  name: z.string().min(1).max(256).optional(),
  sort: z.enum(["waiting", "deadline"]).optional(),
  cursor: cursor.optional(),
  limit: pageLimit.optional(),
});

export const auditQuerySchema = z.object({
  execution: z.string().min(1).max(1024).optional(),
  cursor: cursor.optional(),
  limit: pageLimit.optional(),
});

export const historyQuerySchema = z
  .object({
    after: queryInteger(0).optional(),
    /** Inclusive upper EventId: with `after`, a fixed slice of the (dense) history, so slices can be read in parallel. */
    until: queryInteger(1).optional(),
    limit: queryInteger(1, HISTORY_PAGE_MAX).optional(),
  })
  .refine((q) => q.until === undefined || q.until > (q.after ?? 0), { path: ["until"], message: "must be greater than after" });

export const logsQuerySchema = z.object({
  // The client's own limit for an operation id (sdk/runtime/client-schemas logQuerySchema).
  operationId: z.string().min(1).max(64).optional(),
  after: queryInteger(0).optional(),
  limit: queryInteger(1, LOG_PAGE_MAX).optional(),
});

export const snapshotQuerySchema = z.object({ knownVersion: queryInteger(0).optional() });

/** Two runs to compare: each an execution id or ARN. */
export const compareQuerySchema = z.object({ a: idParam, b: idParam });

export const functionsQuerySchema = z.object({ range: z.enum(["1h", "24h", "7d"]).optional() });

/** N of the stuck rules: seconds an execution may stay due and unclaimed (the client's default when absent). */
const dueGrace = queryInteger(0, 7 * 24 * 3600);

export const stuckQuerySchema = z.object({ function: functionName.optional(), dueGrace: dueGrace.optional(), limit: pageLimit.optional() });

export const diagnosisQuerySchema = z.object({ dueGrace: dueGrace.optional() });

/**
 * The executions list's filters (lib/filters, which the pages read leniently from the same URL),
 * read strictly: any problem is a 400 naming each parameter.
 */
export function executionFiltersQuery(search: URLSearchParams): ExecutionFilters {
  const parsed = parseFiltersStrict(search);
  if (parsed.ok) return parsed.filters;
  const details = parsed.problems.map((p) => ({ path: p.param, message: p.message }));
  throw new ApiError("VALIDATION_ERROR", `Invalid query: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`, details);
}

/** GET /api/executions/:id/bundle?gzip=1 */
export const bundleExportQuerySchema = z.object({ gzip: z.enum(["0", "1"]).optional() }).strict();

/** An imported bundle's id (lib/bundle/ids): 24 hex digits of its digest. */
export const bundleIdParam = z.string().regex(/^[0-9a-f]{24}$/, "must be a bundle id (24 hex digits)");
