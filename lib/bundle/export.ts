/**
 * Writing an incident bundle: one execution with its operations, its whole history and logs
 * (every page), its audit trail and what the store knows of what ran it, read through a
 * redacting DurableClient (lib/redaction/views) so every payload is redacted by the console's
 * rules, then sealed with its digest (./format).
 */
import { gzipSync } from "node:zlib";
import type { DurableClient } from "../../sdk/runtime/client";
import type { AuditRecord, LogRecord } from "../../sdk/store/records";
import type { HistoryEvent } from "../../sdk/types/wire";
import { currentRedactor } from "../redaction/redact";
import { sealBundle, type BundleContent, type IncidentBundle } from "./format";
import { redactedLocations, replaceCallbackIds } from "./redacted-locations";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version";

const PAGE = 1000;

export interface ExportOptions {
  /** The store's kind ("sqlite", "dynamodb"), recorded as what ran the execution. */
  storeKind: string;
  now?: () => Date;
}

/**
 * The bundle of `idOrArn`. `client` must be a redacting view (lib/redaction/views
 * `redactingClient`; the console's `durable().client` is one): the bundle holds what it answers.
 */
export async function exportBundle(client: DurableClient, idOrArn: string, options: ExportOptions): Promise<IncidentBundle> {
  const execution = await client.getExecution(idOrArn);
  const id = execution.executionId;
  const [operations, history, logs, audit, functions, workers] = await Promise.all([
    client.getOperations(id),
    allHistory(client, id),
    allLogs(client, id),
    allAudit(client, id),
    client.listFunctions(),
    client.listWorkers(),
  ]);
  const callbackIds = operations.flatMap((record) => record.operation.CallbackDetails?.CallbackId ?? []);
  const fn = functions.find((f) => f.name === execution.functionName);
  const records = replaceCallbackIds({ execution, operations, history, logs, audit }, callbackIds);
  const content: BundleContent = {
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    producer: { name: PACKAGE_NAME, version: PACKAGE_VERSION, node: process.version },
    runtime: {
      sdkVersion: PACKAGE_VERSION,
      storeKind: options.storeKind,
      ...(fn ? { function: fn } : {}),
      workers: workers
        .filter((w) => w.functions.includes(execution.functionName))
        .map(({ workerId, host, pid, startedTimestamp, lastHeartbeatTimestamp }) => ({ workerId, host, pid, startedTimestamp, lastHeartbeatTimestamp })),
      ...(execution.leaseOwner ? { leaseOwner: execution.leaseOwner } : {}),
    },
    redaction: {
      rules: currentRedactor().paths.map((path) => path.text),
      redacted: redactedLocations(records),
      callbackIdsReplaced: new Set(callbackIds).size,
    },
    ...records,
  };
  return sealBundle(content);
}

/** The file's bytes: indented JSON, gzipped when asked. */
export function encodeBundle(bundle: IncidentBundle, options: { gzip?: boolean } = {}): Buffer {
  const text = Buffer.from(`${JSON.stringify(bundle, null, 2)}\n`, "utf8");
  return options.gzip ? gzipSync(text) : text;
}

/** A file name that says what it holds: `bundle-<function>-<execution id>.json[.gz]`. */
export function bundleFileName(bundle: IncidentBundle, gzip = false): string {
  const { functionName, executionId } = bundle.content.execution;
  return `bundle-${functionName}-${executionId}.json${gzip ? ".gz" : ""}`;
}

async function allHistory(client: DurableClient, id: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (let after = 0; ; ) {
    const page = await client.getHistory(id, { afterEventId: after, limit: PAGE });
    events.push(...page.items);
    const last = page.items.at(-1);
    if (!page.nextCursor || !last) return events;
    after = last.EventId;
  }
}

async function allLogs(client: DurableClient, id: string): Promise<LogRecord[]> {
  const lines: LogRecord[] = [];
  for (let after = 0; ; ) {
    const page = await client.getLogs(id, { afterSeq: after, limit: PAGE });
    lines.push(...page.items);
    const last = page.items.at(-1);
    if (!page.nextCursor || !last) return lines;
    after = last.seq;
  }
}

/** The execution's audit trail, oldest first (the log lists newest first). */
async function allAudit(client: DurableClient, id: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await client.listAudit({ executionId: id, limit: PAGE, ...(cursor ? { cursor } : {}) });
    records.push(...page.items);
    if (!page.nextCursor || page.items.length === 0) return records.reverse();
    cursor = page.nextCursor;
  }
}
