/**
 * Scheduling on SQLite: due executions come from the partial index on next_wake_at (only RUNNING
 * executions with a wake time), follow-ups from the one on follow_up_at.
 *
 * A claim runs inside a write transaction (IMMEDIATE: the file's write lock is held from its
 * first read): select the due rows whose lease is free or expired (and, given the claimer's
 * function names, whose function is one of them) and take their leases, so two claimers never
 * get the same execution. It goes through the group committer, so a claim made while
 * invocations checkpoint shares their commit instead of paying its own; it is answered at that
 * commit, not after its sync (see claimDue below). A claim that finds nothing due ends on a read.
 */
import type { ClaimOptions, ExecutionRecord, SchedulingStore } from "../types";
import type { SqliteContext } from "./context";
import { rowToExecution, type ExecutionRow } from "./rows";
import type { Statements } from "./statements";

function claimInTransaction(s: Statements, { executions, operations }: Pick<SqliteContext, "executions" | "operations">, options: ClaimOptions): ExecutionRecord[] {
  const limit = Math.floor(options.limit);
  const names = options.functionNames;
  const rows = (
    names === undefined
      ? s.selectDue.all({ now: options.now, limit })
      : s.selectDueOfFunctions.all({ now: options.now, limit, functions: JSON.stringify(names) })
  ) as ExecutionRow[];
  const leaseExpiresAt = options.now + options.leaseMs;
  const claimed = rows.map((row) => {
    const token = options.newToken();
    s.takeLease.run(options.owner, leaseExpiresAt, token, row.execution_id);
    const record = rowToExecution(row);
    record.leaseOwner = options.owner;
    record.leaseExpiresAt = leaseExpiresAt;
    record.checkpointToken = token;
    record.version += 1;
    return record;
  });
  // Cached only once every lease is taken: a claim that throws half-way is undone by its savepoint.
  for (const record of claimed) {
    executions.set(record);
    operations.advance(record.executionId, record.version - 1, record.version);
  }
  return claimed;
}

function anyDue(s: Statements, options: ClaimOptions): boolean {
  const names = options.functionNames;
  const found = names === undefined ? s.anyDue.get({ now: options.now }) : s.anyDueOfFunctions.get({ now: options.now, functions: JSON.stringify(names) });
  return found !== undefined;
}

export function sqliteScheduling(ctx: SqliteContext): SchedulingStore {
  return {
    async claimDue(options) {
      if (!(options.limit >= 1)) return [];
      // Most claims of an idle or busy worker find nothing. Such a claim ends on a plain read: in a
      // group commit it would add a write transaction (and a sync) of its own, or turn a lone
      // checkpoint's group of one, synced on the event loop, into a group of two synced on the
      // thread pool (a resumed invocation's prelude, claimed in the same turn, paid ~1-4 ms for it).
      // A row that becomes due after this read is announced by its writer (due-signal.ts).
      if (!anyDue(ctx.s, options)) return [];
      // Answered at its commit, not after its sync: a claim lost to a power cut leaves the execution
      // claimable, as if it had never been claimed, and whatever the claimer then writes under its
      // token is synced after it, and so makes it durable too (the WAL is synced whole, in order).
      return ctx.group.run(() => claimInTransaction(ctx.s, ctx, options), { durable: false });
    },

    async nextWakeAt(query = {}) {
      const names = query.functionNames;
      const next = (
        names === undefined ? ctx.s.nextWakeAt.get() : ctx.s.nextWakeAtOfFunctions.get({ functions: JSON.stringify(names) })
      ) as number | null | undefined;
      return next ?? undefined;
    },

    watchDue: (listener) => ctx.due.watch(listener),

    async followUpsDue(options) {
      const rows = ctx.s.selectFollowUpsDue.all({ now: options.now, limit: Math.max(0, Math.floor(options.limit)) }) as ExecutionRow[];
      return rows.map(rowToExecution);
    },
  };
}
