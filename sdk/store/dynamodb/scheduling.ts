/**
 * Scheduling on DynamoDB: claims, the next wake time and the follow-ups due.
 *
 * Claiming due executions: Due executions are found on the write-sharded timer index
 * (gsi3 `DUE#<shard>`, sorted by wake time; see due-reads.ts), merged across shards; a candidate
 * whose lease is held, or whose function the claimer does not run, is passed over. Each claim is
 * a conditional UpdateItem on the execution's `version`: the version the index showed must still
 * be current, so of two claimers racing for one execution exactly one wins (the other's condition
 * fails), and a stale index entry can never hand out an execution that changed meanwhile. Losing
 * a race costs nothing: the claimer moves on to the next candidate.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ClaimOptions, ExecutionRecord, SchedulingStore, WakeQuery } from "../types";
import { CLAIM_LOOKAHEAD_MS, functionFilter, readShard, type DueReadState, type FunctionFilter } from "./due-reads";
import { hydrateExecutions, readExecution } from "./execution-reads";
import { IndexStream, mergeStreams } from "./index-streams";
import { EXEC_SK, INDEX, SHARDS, compareBytes, executionPk, sortableMs, sortableMsBack, followUpPartition } from "./keys";
import { withRetry, type Dynamo, type Item } from "./requests";
import { DueSignal } from "../due-signal";

/**
 * Claimable candidates across the shards in wake-time order, and the earliest wake time of the
 * claimer's executions (leased or not) as far as the reads saw, or a lower bound of it (see
 * ShardRead.earliest): a shard read from a resume position counts as due now, since entries
 * before that position may be due.
 */
async function dueCandidates(
  db: Dynamo,
  state: DueReadState,
  options: ClaimOptions,
  filter: FunctionFilter | undefined,
  want: number,
): Promise<{ candidates: Item[]; earliest?: number }> {
  const { now } = options;
  const shards = await Promise.all(
    Array.from({ length: SHARDS }, async (_, shard) => {
      // A resume position past `now` (a clock set back) would fall outside the range read.
      const resumeAt = state.resumeKey(filter, shard);
      const from = resumeAt && sortableMsBack(resumeAt[INDEX.timers.sk] as string) <= now ? resumeAt : undefined;
      const below = now + CLAIM_LOOKAHEAD_MS;
      const read = await readShard(db, state, { shard, now, want, filter, below, from, firstPageSize: Math.max(want, 8) });
      state.setResumeKey(filter, shard, read.cutAt);
      const earliest = from && (read.earliest === undefined || read.earliest > now) ? now : read.earliest;
      return { claimable: read.claimable, earliest };
    }),
  );
  const candidates = shards
    .flatMap((s) => s.claimable)
    .sort((a, b) => compareBytes(a[INDEX.timers.sk] as string, b[INDEX.timers.sk] as string))
    .slice(0, want);
  return { candidates, earliest: earliestOf(shards.map((s) => s.earliest)) };
}

function earliestOf(times: (number | undefined)[]): number | undefined {
  return times.reduce<number | undefined>((min, t) => (t !== undefined && (min === undefined || t < min) ? t : min), undefined);
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
  /**
   * Earliest wake time among the claimer's RUNNING executions as this claim saw it, or a lower
   * bound of it (undefined: none).
   */
  earliest?: number;
}

export async function claimDue(db: Dynamo, state: DueReadState, options: ClaimOptions): Promise<ClaimResult> {
  const limit = Math.floor(options.limit);
  const filter = functionFilter(options.functionNames);
  if (!(limit >= 1) || filter?.names.size === 0) return { claimed: [] };
  // A few spare candidates: when another worker wins some races, this one still fills its slots.
  const { candidates, earliest } = await dueCandidates(db, state, options, filter, limit + Math.min(limit, 8));
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

/**
 * Earliest wake time among RUNNING executions of the filter's functions, leased or not: the first
 * own entry of each due shard (a lower bound where a shard's read stopped at its budget).
 */
export async function nextWakeAt(db: Dynamo, state: DueReadState, filter: FunctionFilter | undefined): Promise<number | undefined> {
  if (filter?.names.size === 0) return undefined;
  const heads = await Promise.all(
    Array.from({ length: SHARDS }, (_, shard) =>
      // now = -Infinity: every entry is "after now", so the read stops at the first own one. One
      // entry first (the head is almost always the answer); pages grow while they hold none.
      readShard(db, state, { shard, now: -Infinity, want: 0, filter, firstPageSize: 1 }),
    ),
  );
  return earliestOf(heads.map((h) => h.earliest));
}

/**
 * Ended executions whose follow-up may not be done (`FUP#` shards of the timer index, up
 * to `now`), earliest first. Each is read from the table, which the index may lag behind.
 */
async function followUpsDue(db: Dynamo, now: number, limit: number): Promise<ExecutionRecord[]> {
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

/** How long the earliest wake time seen by a claim answers nextWakeAt (see WakeHint). */
const WAKE_HINT_MS = 50;

/**
 * A worker asks nextWakeAt right after a claim that found nothing to do; the claim has just read
 * the head of every due shard, so its answer is reused for a few milliseconds (8 queries saved per
 * idle poll). Any write through the store drops it (`clear`). The claim read no further than a
 * second past its `now` (due-reads.ts), so its answer may be a lower bound: a worker sleeps less
 * than that between polls anyway.
 */
export class WakeHint {
  /** Writes through this store object that made an execution due (types.ts: watchDue). */
  readonly due = new DueSignal();
  private hint?: { value: number | undefined; readAt: number; filterKey: string };

  remember(value: number | undefined, filter: FunctionFilter | undefined): void {
    this.hint = { value, readAt: Date.now(), filterKey: filter?.key ?? "*" };
  }

  /** The remembered answer for this filter while fresh, else "unknown". */
  recall(filter: FunctionFilter | undefined): { value: number | undefined } | "unknown" {
    const hint = this.hint;
    if (hint && hint.filterKey === (filter?.key ?? "*") && Date.now() - hint.readAt <= WAKE_HINT_MS) return { value: hint.value };
    return "unknown";
  }

  clear(): void {
    this.hint = undefined;
  }
}

export function dynamoScheduling(db: Dynamo, dueReads: DueReadState, wakeHint: WakeHint): SchedulingStore {
  return {
    async claimDue(options: ClaimOptions) {
      const { claimed, earliest } = await claimDue(db, dueReads, options);
      wakeHint.remember(earliest, functionFilter(options.functionNames));
      return claimed;
    },

    async nextWakeAt(query: WakeQuery = {}) {
      const filter = functionFilter(query.functionNames);
      const hint = wakeHint.recall(filter);
      if (hint !== "unknown") return hint.value;
      return nextWakeAt(db, dueReads, filter);
    },

    followUpsDue: (options) => followUpsDue(db, options.now, options.limit),

    watchDue: (listener) => wakeHint.due.watch(listener),
  };
}
