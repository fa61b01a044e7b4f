/**
 * Worker heartbeat rows on SQLite: one row per worker in `workers`, the record as JSON (a handful
 * of rows, read whole; nothing sorts or filters on its fields but the id).
 */
import type { WorkerRecord, WorkerStore } from "../types";
import { checkWorkerRecord, workerRecordOf } from "../worker-record";
import type { SqliteContext } from "./context";

export function sqliteWorkers(ctx: SqliteContext): WorkerStore {
  // Prepared on first use: the table exists only once init() applied the schema.
  const statement = (key: string, sql: string) => ctx.cache.get(`workers:${key}`, () => sql);
  const parse = (row: { record: string }) => JSON.parse(row.record) as WorkerRecord;
  const ready = () => void ctx.s; // throws the store's own error before init() or after close()
  return {
    async put(record) {
      checkWorkerRecord(record);
      ready();
      const clean = workerRecordOf(record);
      const put = statement("put", "INSERT OR REPLACE INTO workers (worker_id, record) VALUES (?, ?)");
      // A heartbeat lost to a power cut only shows the worker's beat before it: no sync is waited for.
      await ctx.group.run(() => put.run(clean.workerId, JSON.stringify(clean)), { durable: false });
    },

    async remove(workerId) {
      ready();
      const remove = statement("remove", "DELETE FROM workers WHERE worker_id = ?");
      await ctx.group.run(() => remove.run(workerId));
    },

    async list() {
      ready();
      return (statement("list", "SELECT record FROM workers ORDER BY worker_id").all() as { record: string }[]).map(parse);
    },

    async get(workerId) {
      ready();
      const row = statement("get", "SELECT record FROM workers WHERE worker_id = ?").get(workerId) as { record: string } | undefined;
      return row && parse(row);
    },
  };
}
