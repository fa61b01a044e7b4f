/**
 * Is a worker alive? Judged from its heartbeat row alone, so the console, the CLI and every
 * worker give the same answer: alive while its last heartbeat is younger than a few intervals
 * (a beat can be late under load; three in a row missed means the process is gone or stalled).
 */
import type { WorkerRecord } from "../../store/types";
import { msOf } from "../clock";
import type { WorkerView } from "./types";

/** Heartbeats a worker may miss before it counts as dead. */
export const MISSED_BEATS_FOR_DEAD = 3;

export function workerView(record: WorkerRecord, now: number): WorkerView {
  const last = msOf(record.lastHeartbeatTimestamp) ?? 0;
  const silentForMs = Math.max(0, now - last);
  return { ...record, alive: silentForMs <= MISSED_BEATS_FOR_DEAD * Math.max(1, record.heartbeatIntervalMs), silentForMs };
}

/** The workers by id, and the functions that at least one live worker has. */
export interface WorkerIndex {
  byId: Map<string, WorkerView>;
  liveFunctions: Set<string>;
  aliveCount: number;
}

export function indexWorkers(views: WorkerView[]): WorkerIndex {
  const liveFunctions = new Set<string>();
  let aliveCount = 0;
  for (const view of views) {
    if (!view.alive) continue;
    aliveCount += 1;
    for (const name of view.functions) liveFunctions.add(name);
  }
  return { byId: new Map(views.map((view) => [view.workerId, view])), liveFunctions, aliveCount };
}
