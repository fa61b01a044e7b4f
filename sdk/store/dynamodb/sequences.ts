/**
 * History events and logs as runs: the records one transaction appends with consecutive ids
 * share one item `<prefix><first id>` (attributes `first`, `last`, and for logs `opIds`, the set
 * of operation ids in the run, so "logs of one operation" filters whole items). Runs never
 * overlap: an append at or below the highest id written so far is checked against the runs it
 * could collide with, and the execution's version condition keeps that check valid until the
 * write commits.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../../types/wire";
import type { LogRecord } from "../types";
import { blobItems, readBodies, type BlobItems } from "./blobs";
import { EVENT_PREFIX, LOG_PREFIX, executionPk, sequenceSk } from "./keys";
import { withRetry, type Dynamo, type Item } from "./requests";

export const MAX_SEQUENCE_ID = 9_999_999_999;

export interface SequenceKind<T> {
  prefix: string;
  /** The execution item attribute holding the highest id written. */
  maxAttribute: string;
  what: string;
  idOf(record: T): number;
  operationIdOf?(record: T): string | undefined;
}

export const EVENTS: SequenceKind<HistoryEvent> = {
  prefix: EVENT_PREFIX,
  maxAttribute: "maxEventId",
  what: "event",
  idOf: (event) => event.EventId,
};

export const LOGS: SequenceKind<LogRecord> = {
  prefix: LOG_PREFIX,
  maxAttribute: "maxLogSeq",
  what: "log",
  idOf: (log) => log.seq,
  operationIdOf: (log) => log.operationId,
};

/** Runs of consecutive ids, ascending. Ids must be distinct (the caller checks). */
export function runsOf<T>(kind: SequenceKind<T>, records: readonly T[]): T[][] {
  const sorted = [...records].sort((a, b) => kind.idOf(a) - kind.idOf(b));
  const runs: T[][] = [];
  for (const record of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last !== undefined && kind.idOf(record) === kind.idOf(last) + 1) run.push(record);
    else runs.push([record]);
  }
  return runs;
}

export function runItems<T>(kind: SequenceKind<T>, executionId: string, run: T[], gen: number): BlobItems {
  const first = kind.idOf(run[0]!);
  const attributes: Item = { first, last: kind.idOf(run[run.length - 1]!) };
  if (kind.operationIdOf) {
    const ops = new Set(run.map((r) => kind.operationIdOf!(r)).filter((id): id is string => id !== undefined));
    if (ops.size > 0) attributes.opIds = ops;
  }
  return blobItems({ pk: executionPk(executionId), sk: sequenceSk(kind.prefix, first) }, attributes, JSON.stringify(run), gen);
}

async function queryPage(db: Dynamo, input: Record<string, unknown>, startKey: Item | undefined) {
  return withRetry(() => db.doc.send(new QueryCommand({ ...input, TableName: db.table, ExclusiveStartKey: startKey } as never)));
}

/**
 * The first id of `ids` that an existing run already holds, or undefined. Free when every id is
 * above `maxExisting` (the usual append).
 */
export async function findOverlap<T>(
  db: Dynamo,
  kind: SequenceKind<T>,
  executionId: string,
  ids: number[],
  maxExisting: number | undefined,
): Promise<number | undefined> {
  if (ids.length === 0) return undefined;
  const min = Math.min(...ids);
  const max = Math.max(...ids);
  if (maxExisting === undefined || min > maxExisting) return undefined;
  const wanted = new Set(ids);
  let startKey: Item | undefined;
  do {
    const page = await queryPage(
      db,
      {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ":pk": executionPk(executionId), ":lo": sequenceSk(kind.prefix, 0), ":hi": sequenceSk(kind.prefix, max) },
        ProjectionExpression: "#first, #last",
        ExpressionAttributeNames: { "#first": "first", "#last": "last" },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      startKey,
    );
    for (const item of (page.Items ?? []) as Item[]) {
      const first = item.first as number;
      const last = item.last as number;
      // Runs are disjoint and come highest first: once one ends below `min`, all the rest do.
      if (last < min) return undefined;
      for (let id = Math.max(first, min); id <= Math.min(last, max); id++) if (wanted.has(id)) return id;
    }
    startKey = page.LastEvaluatedKey as Item | undefined;
  } while (startKey);
  return undefined;
}

export interface RangeOptions {
  /** Forward: ids greater than this. */
  after?: number;
  /** Reverse: ids smaller than this. */
  before?: number;
  descending: boolean;
  limit: number;
  operationId?: string;
}

/** Up to `limit` records in id order (or reverse), and whether more follow. */
export async function readRange<T>(
  db: Dynamo,
  kind: SequenceKind<T>,
  executionId: string,
  options: RangeOptions,
): Promise<{ records: T[]; more: boolean }> {
  const { limit } = options;
  const records: T[] = [];
  const pk = executionPk(executionId);
  const filter =
    options.operationId === undefined
      ? {}
      : { FilterExpression: "contains(opIds, :op)", extraValues: { ":op": options.operationId } };
  const keep = (record: T, low: number, high: number) => {
    const id = kind.idOf(record);
    if (id < low || id > high) return false;
    return options.operationId === undefined || kind.operationIdOf?.(record) === options.operationId;
  };
  /** Reads runs keyed lo..hi in the given order, adding their records in low..high, until more than `limit`. */
  const collect = async (lo: number, hi: number, low: number, high: number, descending: boolean, onlyOne = false, runsDescending = descending) => {
    if (lo > hi) return;
    let startKey: Item | undefined;
    do {
      const page = await queryPage(
        db,
        {
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
          FilterExpression: filter.FilterExpression,
          ExpressionAttributeValues: { ":pk": pk, ":lo": sequenceSk(kind.prefix, lo), ":hi": sequenceSk(kind.prefix, hi), ...filter.extraValues },
          ScanIndexForward: !descending,
          ConsistentRead: true,
          Limit: onlyOne ? 1 : limit + 1,
        },
        startKey,
      );
      const items = (page.Items ?? []) as Item[];
      const bodies = await readBodies(db, items);
      for (const body of bodies) {
        const run = JSON.parse(body) as T[];
        if (runsDescending) run.reverse();
        for (const record of run) if (keep(record, low, high)) records.push(record);
        if (records.length > limit) return;
      }
      startKey = page.LastEvaluatedKey as Item | undefined;
    } while (startKey && !onlyOne);
  };

  if (options.descending) {
    const high = options.before === undefined ? MAX_SEQUENCE_ID : Math.min(MAX_SEQUENCE_ID, options.before - 1);
    await collect(0, high, 0, high, true);
  } else {
    const low = Math.max(0, (options.after ?? 0) + 1);
    if (low <= MAX_SEQUENCE_ID) {
      // The run holding `low` may start before it: the last run starting at or below `low`.
      await collect(0, low, low, MAX_SEQUENCE_ID, true, true, false);
      if (records.length <= limit) await collect(low + 1, MAX_SEQUENCE_ID, low, MAX_SEQUENCE_ID, false);
    }
  }
  const more = records.length > limit;
  return { records: records.slice(0, limit), more };
}
