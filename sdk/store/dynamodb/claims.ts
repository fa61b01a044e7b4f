/**
 * Claiming due executions on DynamoDB. Due executions are found on the write-sharded timer index
 * (gsi3 `DUE#<shard>`, sorted by wake time), merged across shards; a candidate whose lease is
 * held is passed over. Each claim is a conditional UpdateItem on the execution's `version`: the
 * version the index showed must still be current, so of two claimers racing for one execution
 * exactly one wins (the other's condition fails), and a stale index entry can never hand out an
 * execution that changed meanwhile. Losing a race costs nothing: the claimer moves on to the
 * next candidate.
 */
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ClaimOptions, ExecutionRecord } from "../types";
import { hydrateExecutions, readExecution } from "./execution-reads";
import { IndexStream, mergeStreams } from "./index-streams";
import { EXEC_SK, INDEX, SHARDS, compareBytes, duePartition, executionPk, sortableMs, followUpPartition } from "./keys";
import { withRetry, type Dynamo, type Item } from "./requests";

interface ShardRead {
  /** Due items whose lease is free or expired at `now`, in wake-time order. */
  claimable: Item[];
  /** The shard's earliest wake time, leased or not. */
  earliest?: number;
}

/**
 * One shard of the timer index, from its earliest wake time on, until `want` claimable items or
 * the first item not yet due. The lease test is done here rather than in a filter expression, so
 * the same read also yields the shard's earliest wake time (what `nextWakeAt` asks).
 */
async function readShard(db: Dynamo, shard: number, now: number, want: number): Promise<ShardRead> {
  const read: ShardRead = { claimable: [] };
  let startKey: Item | undefined;
  for (;;) {
    const page = await withRetry(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: INDEX.timers.name,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": INDEX.timers.pk },
          ExpressionAttributeValues: { ":pk": duePartition(shard) },
          Limit: Math.max(want, 8),
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of (page.Items ?? []) as Item[]) {
      const wake = item.nextWakeAt as number;
      read.earliest ??= wake;
      if (wake > now) return read;
      const leaseFree = item.leaseOwner === undefined || (item.leaseExpiresAt as number) <= now;
      if (item.status === "RUNNING" && leaseFree) read.claimable.push(item);
      if (read.claimable.length >= want) return read;
    }
    startKey = page.LastEvaluatedKey as Item | undefined;
    if (!startKey) return read;
  }
}

/** Claimable candidates across the shards in wake-time order, and the earliest wake time of all. */
async function dueCandidates(db: Dynamo, now: number, want: number): Promise<{ candidates: Item[]; earliest?: number }> {
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, shard) => readShard(db, shard, now, want)));
  const candidates = shards
    .flatMap((s) => s.claimable)
    .sort((a, b) => compareBytes(a[INDEX.timers.sk] as string, b[INDEX.timers.sk] as string))
    .slice(0, want);
  const earliest = shards.reduce<number | undefined>((min, s) => (s.earliest !== undefined && (min === undefined || s.earliest < min) ? s.earliest : min), undefined);
  return { candidates, earliest };
}

async function claimOne(db: Dynamo, candidate: Item, options: ClaimOptions): Promise<Item | undefined> {
  try {
    const out = await withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: { pk: executionPk(candidate.executionId as string), sk: EXEC_SK },
          UpdateExpression: "SET #owner = :owner, #expires = :expires, #token = :token, #version = :next",
          ConditionExpression: "#version = :seen AND attribute_not_exists(#purging)",
          ExpressionAttributeNames: {
            "#owner": "leaseOwner",
            "#expires": "leaseExpiresAt",
            "#token": "checkpointToken",
            "#version": "version",
            "#purging": "purging",
          },
          ExpressionAttributeValues: {
            ":owner": options.owner,
            ":expires": options.now + options.leaseMs,
            ":token": options.newToken(),
            ":seen": candidate.version,
            ":next": (candidate.version as number) + 1,
          },
          ReturnValues: "ALL_NEW",
        }),
      ),
    );
    return out.Attributes as Item;
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") return undefined;
    throw error;
  }
}

export interface ClaimResult {
  claimed: ExecutionRecord[];
  /** Earliest wake time among RUNNING executions as this claim saw it (undefined: none). */
  earliest?: number;
}

export async function claimDue(db: Dynamo, options: ClaimOptions): Promise<ClaimResult> {
  const limit = Math.floor(options.limit);
  if (!(limit >= 1)) return { claimed: [] };
  // A few spare candidates: when another worker wins some races, this one still fills its slots.
  const { candidates, earliest } = await dueCandidates(db, options.now, limit + Math.min(limit, 8));
  const claimed: { order: number; item: Item }[] = [];
  let next = 0;
  let inFlight = 0;
  // Up to `limit` claims at once; a lost race frees its slot for the next candidate.
  const worker = async () => {
    while (next < candidates.length && claimed.length + inFlight < limit) {
      const order = next++;
      inFlight++;
      try {
        const item = await claimOne(db, candidates[order]!, options);
        if (item) claimed.push({ order, item });
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, candidates.length) }, worker));
  claimed.sort((a, b) => a.order - b.order);
  return { claimed: await hydrateExecutions(db, claimed.map((c) => c.item)), earliest };
}

/** Earliest wake time among RUNNING executions, leased or not: the head of each due shard. */
export async function nextWakeAt(db: Dynamo): Promise<number | undefined> {
  const heads = await Promise.all(
    Array.from({ length: SHARDS }, (_, shard) => new IndexStream(db, { index: "timers", partition: duePartition(shard), pageSize: 1 }).peek()),
  );
  let min: number | undefined;
  for (const head of heads) {
    const at = head?.nextWakeAt;
    if (typeof at === "number" && (min === undefined || at < min)) min = at;
  }
  return min;
}

/**
 * Ended executions whose follow-up may not be done (`FUP#` shards of the timer index, up
 * to `now`), earliest first. Each is read from the table, which the index may lag behind.
 */
export async function listFollowUpsDue(db: Dynamo, now: number, limit: number): Promise<ExecutionRecord[]> {
  const want = Math.floor(limit);
  if (!(want >= 1)) return [];
  const streams = Array.from(
    { length: SHARDS },
    (_, shard) => new IndexStream(db, { index: "timers", partition: followUpPartition(shard), below: sortableMs(now + 1), pageSize: want }),
  );
  const candidates = await mergeStreams(streams, want);
  const records = await Promise.all(candidates.map((c) => readExecution(db, c.executionId as string)));
  return records.filter(
    (r): r is ExecutionRecord => r !== undefined && r.status !== "RUNNING" && r.followUpAt !== undefined && r.followUpAt <= now,
  );
}
