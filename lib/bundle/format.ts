/**
 * The incident bundle's file format: one JSON document (optionally gzipped) that carries one
 * execution with everything the console shows of it, already redacted.
 *
 *   { format, formatVersion, digest: { algorithm: "sha-256", value }, content: { ... } }
 *
 * `digest.value` is the sha-256 of `content` in canonical JSON (object keys sorted at every
 * depth, no whitespace), so re-indenting the file keeps it valid while changing any value, or
 * adding or removing one, is found. The digest detects damage and casual edits; it is not a
 * signature (whoever edits the content can recompute it).
 *
 * A reader refuses a newer `formatVersion` rather than guess what its new fields mean; a field
 * added without changing what existing ones mean does not need a new version.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { EVENT_TYPES, EXECUTION_STATUSES, NAME_PATTERN, OperationStatus, OperationType } from "../../sdk/types/wire";
import type { ExecutionView } from "../../sdk/runtime/client";
import type { AuditRecord, FunctionRecord, LogRecord, OperationRecord } from "../../sdk/store/records";
import type { HistoryEvent } from "../../sdk/types/wire";

export const BUNDLE_FORMAT = "durable-console/incident-bundle";
export const BUNDLE_FORMAT_VERSION = 1;
export const DIGEST_ALGORITHM = "sha-256";

/** A worker the store knew of that registered the execution's function (its heartbeat row, at export). */
export interface BundleWorker {
  workerId: string;
  host: string;
  pid: number;
  startedTimestamp: string;
  lastHeartbeatTimestamp: string;
}

/** One value redaction replaced: where in the bundle (`operations[2].operation.StepDetails.Result`) and at which path of that payload. */
export interface RedactedLocation {
  location: string;
  path: string;
}

export interface BundleContent {
  exportedAt: string;
  /** What wrote the bundle: this package (SDK, runtime and console ship as one) and its version. */
  producer: { name: string; version: string; node: string };
  /** What the store records of what ran the execution. */
  runtime: {
    /** The SDK and runtime that ran it: the version of this package in the process that exported it (the store keeps no per-run version). */
    sdkVersion: string;
    storeKind: string;
    function?: FunctionRecord;
    /** Worker rows that registered the function when the bundle was written (alive or not). */
    workers: BundleWorker[];
    /** The worker holding the execution's lease at export, if one did. */
    leaseOwner?: string;
  };
  redaction: {
    /** The configured rules (DURABLE_REDACT_PATHS) the payloads were redacted by. */
    rules: string[];
    /** Every value that was replaced by "[REDACTED]". */
    redacted: RedactedLocation[];
    /** Callback ids are capabilities (whoever holds one may answer it): each was replaced by a stand-in. */
    callbackIdsReplaced: number;
  };
  execution: ExecutionView;
  operations: OperationRecord[];
  history: HistoryEvent[];
  logs: LogRecord[];
  audit: AuditRecord[];
}

export interface IncidentBundle {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  digest: { algorithm: typeof DIGEST_ALGORITHM; value: string };
  content: BundleContent;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(node).sort()) sorted[key] = (node as Record<string, unknown>)[key];
    return sorted;
  });
}

export function contentDigest(content: unknown): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

export function sealBundle(content: BundleContent): IncidentBundle {
  return { format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, digest: { algorithm: DIGEST_ALGORITHM, value: contentDigest(content) }, content };
}

// ---- what a reader accepts -------------------------------------------------------------------

const isoTime = z.string().min(1).refine((text) => !Number.isNaN(Date.parse(text)), "must be an ISO-8601 time");
const count = z.number().int().min(0);
const errorObject = z.looseObject({ ErrorType: z.string().optional(), ErrorMessage: z.string().optional(), ErrorData: z.string().optional() });

/** The envelope, read before the digest and the content are trusted. */
export const envelopeSchema = z.looseObject({
  format: z.string(),
  formatVersion: z.number().int().min(1),
  digest: z.looseObject({ algorithm: z.literal(DIGEST_ALGORITHM), value: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 hex digits") }),
  content: z.record(z.string(), z.unknown()),
});

const executionSchema = z.looseObject({
  executionId: z.string().regex(NAME_PATTERN, "must be an execution id"),
  arn: z.string().min(1),
  functionName: z.string().regex(NAME_PATTERN, "must be a function name"),
  name: z.string().min(1),
  status: z.enum(EXECUTION_STATUSES),
  inputPayload: z.string().optional(),
  result: z.string().optional(),
  error: errorObject.optional(),
  startTimestamp: isoTime,
  endTimestamp: isoTime.optional(),
  eventCount: count,
  operationCount: count,
  logCount: count,
  invocationCount: count,
  redriveCount: count,
  version: count,
});

const operationSchema = z.looseObject({
  executionId: z.string(),
  seq: z.number().int().min(1),
  operation: z.looseObject({
    Id: z.string().min(1),
    Type: z.enum(Object.values(OperationType)),
    Status: z.enum(Object.values(OperationStatus)),
    StartTimestamp: isoTime,
  }),
  runtime: z.record(z.string(), z.unknown()).optional(),
  eventIds: z.array(z.number().int().min(1)).optional(),
});

const eventSchema = z.looseObject({ EventType: z.enum(EVENT_TYPES), EventId: z.number().int().min(1), EventTimestamp: isoTime });

const logSchema = z.looseObject({
  executionId: z.string(),
  seq: z.number().int().min(1),
  timestamp: isoTime,
  level: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]),
  message: z.string(),
  data: z.string().optional(),
});

const auditSchema = z.looseObject({
  id: z.string().min(1),
  timestamp: isoTime,
  actor: z.string(),
  authMethod: z.string(),
  action: z.string(),
  outcome: z.enum(["succeeded", "failed", "denied"]),
  executionId: z.string().optional(),
});

export const contentSchema = z.looseObject({
  exportedAt: isoTime,
  producer: z.looseObject({ name: z.string(), version: z.string(), node: z.string() }),
  runtime: z.looseObject({ sdkVersion: z.string(), storeKind: z.string(), workers: z.array(z.looseObject({ workerId: z.string() })) }),
  redaction: z.looseObject({
    rules: z.array(z.string()),
    redacted: z.array(z.looseObject({ location: z.string(), path: z.string() })),
    callbackIdsReplaced: count,
  }),
  execution: executionSchema,
  operations: z.array(operationSchema),
  history: z.array(eventSchema),
  logs: z.array(logSchema),
  audit: z.array(auditSchema),
});
