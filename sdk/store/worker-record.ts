/**
 * Checks a worker heartbeat row before either backend writes it, so both refuse the same bad
 * input the same way (a TypeError naming the field) and store only what they can give back.
 */
import type { WorkerRecord } from "./records";
import { timestampMs } from "./timestamps";

export function checkWorkerRecord(record: WorkerRecord): void {
  if (typeof record?.workerId !== "string" || record.workerId === "") throw new TypeError("worker record workerId must be a non-empty string");
  if (typeof record.host !== "string") throw new TypeError("worker record host must be a string");
  for (const field of ["pid", "heartbeatIntervalMs", "leaseMs", "running"] as const) {
    const value = record[field];
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`worker record ${field} must be a whole number >= 0, got ${String(value)}`);
  }
  if (!Array.isArray(record.functions) || record.functions.some((name) => typeof name !== "string")) {
    throw new TypeError("worker record functions must be an array of names");
  }
  timestampMs("startedTimestamp", record.startedTimestamp);
  timestampMs("lastHeartbeatTimestamp", record.lastHeartbeatTimestamp);
}

/** The record with exactly its own fields, in a fixed order (whatever else the caller's object held). */
export function workerRecordOf(record: WorkerRecord): WorkerRecord {
  return {
    workerId: record.workerId,
    host: record.host,
    pid: record.pid,
    functions: [...record.functions],
    startedTimestamp: record.startedTimestamp,
    lastHeartbeatTimestamp: record.lastHeartbeatTimestamp,
    heartbeatIntervalMs: record.heartbeatIntervalMs,
    leaseMs: record.leaseMs,
    running: record.running,
  };
}
