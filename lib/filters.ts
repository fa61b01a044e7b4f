/**
 * The executions list's URL state, shared by the server page, the client page and the API:
 * `status` (comma-separated execution statuses), `function`, `q` (any part of the name or id,
 * in any case), `from` / `to` (ISO start-time range), `order` (asc|desc by start time) and
 * `cursor`.
 * Client-safe: no server imports.
 */
import { z } from "zod";
import { EXECUTION_STATUSES, NAME_PATTERN as FUNCTION_NAME, type ExecutionStatus } from "@/sdk/types/wire";

/** Lambda function names (same rule as the runtime's registry). */

export interface ExecutionFilters {
  statuses?: ExecutionStatus[];
  functionName?: string;
  q?: string;
  from?: string;
  to?: string;
  order?: "asc" | "desc";
  cursor?: string;
  /** Page size (API only; pages use the default). */
  limit?: number;
}

const isoTime = z
  .string()
  .trim()
  .refine((value) => Number.isFinite(Date.parse(value)), { message: "must be an ISO time, e.g. 2026-01-31T09:00:00Z" })
  .transform((value) => new Date(value).toISOString());

const statusList = z
  .string()
  .refine((value) => value.split(",").every((part) => part.trim() !== ""), { message: "has an empty status between commas" })
  .transform((value) => value.split(",").map((part) => part.trim().toUpperCase()))
  .pipe(
    z.array(
      z.enum(EXECUTION_STATUSES as [ExecutionStatus, ...ExecutionStatus[]], {
        error: () => `must be one or more of ${EXECUTION_STATUSES.join(", ")}, comma-separated`,
      }),
    ),
  );

/** The raw query-string form (what a URL carries). */
export const executionFiltersSchema = z.object({
  status: statusList.optional(),
  function: z.string().trim().regex(FUNCTION_NAME, "must be a function name (letters, digits, '-' or '_')").optional(),
  q: z.string().trim().max(256).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  order: z.enum(["asc", "desc"]).optional(),
  cursor: z.string().max(4096).optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, "must be a whole number from 1 to 1000")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000"))
    .optional(),
});

type RawFilters = z.input<typeof executionFiltersSchema>;
const FILTER_KEYS = ["status", "function", "q", "from", "to", "order", "cursor", "limit"] as const;

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function rawOf(params: SearchParamsLike): RawFilters {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params instanceof URLSearchParams ? params.get(key) : params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== null && first !== "") raw[key] = first;
  }
  return raw;
}

function fromParsed(parsed: z.output<typeof executionFiltersSchema>): ExecutionFilters {
  const filters: ExecutionFilters = {};
  if (parsed.status && parsed.status.length > 0) filters.statuses = [...new Set(parsed.status)];
  if (parsed.function) filters.functionName = parsed.function;
  if (parsed.q) filters.q = parsed.q;
  if (parsed.from) filters.from = parsed.from;
  if (parsed.to) filters.to = parsed.to;
  if (parsed.order) filters.order = parsed.order;
  if (parsed.cursor) filters.cursor = parsed.cursor;
  if (parsed.limit !== undefined) filters.limit = parsed.limit;
  return filters;
}

export interface FilterProblem {
  param: string;
  message: string;
}

/**
 * A start-time range that begins after it ends can match nothing: that is a mistake to point out,
 * not an empty list to show. (Equal ends are an empty range too, but not a reversed one.)
 */
export function dateRangeProblem(filters: Pick<ExecutionFilters, "from" | "to">): string | undefined {
  if (filters.from === undefined || filters.to === undefined) return undefined;
  return Date.parse(filters.from) > Date.parse(filters.to) ? "is later than to" : undefined;
}

/** Each parameter on its own (no rule across parameters). */
function parseEach(params: SearchParamsLike): { ok: true; filters: ExecutionFilters } | { ok: false; problems: FilterProblem[] } {
  const keys = params instanceof URLSearchParams ? [...params.keys()] : Object.keys(params);
  const unknown = keys.filter((key) => !(FILTER_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    return { ok: false, problems: unknown.map((param) => ({ param, message: `is not a filter (known: ${FILTER_KEYS.join(", ")})` })) };
  }
  const result = executionFiltersSchema.safeParse(rawOf(params));
  if (result.success) return { ok: true, filters: fromParsed(result.data) };
  return { ok: false, problems: result.error.issues.map((issue) => ({ param: String(issue.path[0] ?? ""), message: issue.message })) };
}

/** Strict: any bad or unknown parameter, or a reversed time range, is a problem (the API answers 400). */
export function parseFiltersStrict(
  params: SearchParamsLike,
): { ok: true; filters: ExecutionFilters } | { ok: false; problems: FilterProblem[] } {
  const parsed = parseEach(params);
  if (!parsed.ok) return parsed;
  const range = dateRangeProblem(parsed.filters);
  return range ? { ok: false, problems: [{ param: "from", message: range }] } : parsed;
}

/**
 * Lenient: a page drops the bad parameters, keeps the rest and says what it ignored. A reversed
 * range is kept as typed (the filter bar shows it as an error; see dateRangeProblem).
 */
export function parseFilters(params: SearchParamsLike): { filters: ExecutionFilters; problems: FilterProblem[] } {
  const strict = parseEach(params);
  if (strict.ok) return { filters: strict.filters, problems: [] };
  const raw = rawOf(params) as Record<string, string>;
  for (const problem of strict.problems) delete raw[problem.param];
  const retried = executionFiltersSchema.safeParse(raw);
  return { filters: retried.success ? fromParsed(retried.data) : {}, problems: strict.problems };
}

export function filtersToSearchParams(filters: ExecutionFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.statuses?.length) params.set("status", filters.statuses.join(","));
  if (filters.functionName) params.set("function", filters.functionName);
  if (filters.q) params.set("q", filters.q);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.order) params.set("order", filters.order);
  if (filters.cursor) params.set("cursor", filters.cursor);
  return params;
}

/** The same filters without paging and status: what the per-status counts are computed over. */
export function countFilters(filters: ExecutionFilters): ExecutionFilters {
  const { cursor: _cursor, statuses: _statuses, order: _order, ...rest } = filters;
  return rest;
}

export function hasActiveFilters(filters: ExecutionFilters): boolean {
  return Boolean(filters.statuses?.length || filters.functionName || filters.q || filters.from || filters.to);
}

/** The overview's "recent failures" list. */
export const RECENT_FAILURES_FILTER: ExecutionFilters = { statuses: ["FAILED", "TIMED_OUT"] };
