/**
 * Accumulates one transaction's worth of changes to one execution: operation records, history
 * events (EventIds continuing from the execution's eventCount), logs, callback records and the
 * execution patch. No I/O: the runtime's pure functions write into a builder, and `build()`
 * gives the ExecutionMutation a store `transact` applies atomically.
 */
import type {
  CallbackRecord,
  ExecutionMutation,
  ExecutionPatch,
  ExecutionRecord,
  LogRecord,
  OperationRecord,
} from "../store/types";
import type { EventType, HistoryEvent, Operation } from "../types/wire";
import { isoAt } from "./clock";

/** Log seqs are unique per execution: the version this write creates, times this stride, plus an index. */
export const LOG_SEQ_STRIDE = 100_000;

export class MutationBuilder {
  readonly nowIso: string;
  private readonly ops: Map<string, OperationRecord>;
  private readonly changed = new Map<string, OperationRecord>();
  private readonly events: HistoryEvent[] = [];
  private readonly logs: LogRecord[] = [];
  private readonly callbacks: CallbackRecord[] = [];
  private patch: ExecutionPatch = {};
  private createdOperations = 0;

  constructor(
    /** The execution as read inside the transaction. */
    readonly execution: ExecutionRecord,
    operations: Iterable<OperationRecord> | Map<string, OperationRecord>,
    readonly now: number,
  ) {
    this.nowIso = isoAt(now);
    this.ops = new Map();
    const list = operations instanceof Map ? operations.values() : operations;
    for (const record of list) this.ops.set(record.operation.Id, record);
  }

  get executionId(): string {
    return this.execution.executionId;
  }

  getOperation(id: string): OperationRecord | undefined {
    return this.ops.get(id);
  }

  /** Every operation the builder knows (read in the snapshot or written here), in seq order. */
  operations(): OperationRecord[] {
    return [...this.ops.values()].sort((a, b) => a.seq - b.seq);
  }

  /** A new operation, numbered after every operation the execution has. */
  createOperation(operation: Operation, timers?: OperationRecord["timers"]): OperationRecord {
    this.createdOperations += 1;
    const record: OperationRecord = {
      executionId: this.executionId,
      seq: this.execution.operationCount + this.createdOperations,
      operation,
    };
    if (timers) record.timers = timers;
    this.putOperation(record);
    return record;
  }

  putOperation(record: OperationRecord): void {
    this.ops.set(record.operation.Id, record);
    this.changed.set(record.operation.Id, record);
  }

  /** Appends a history event; `details` goes under `<EventType>Details` with undefined fields dropped. */
  event(type: EventType, operation: Operation | undefined, details: Record<string, unknown>): HistoryEvent {
    const event: HistoryEvent = {
      EventType: type,
      EventId: this.execution.eventCount + this.events.length + 1,
      EventTimestamp: this.nowIso,
    };
    if (operation) {
      if (operation.SubType !== undefined) event.SubType = operation.SubType;
      event.Id = operation.Id;
      if (operation.Name !== undefined) event.Name = operation.Name;
      if (operation.ParentId !== undefined) event.ParentId = operation.ParentId;
    }
    event[`${type}Details`] = compact(details);
    this.events.push(event);
    return event;
  }

  log(entry: Omit<LogRecord, "executionId" | "seq">): void {
    const seq = (this.execution.version + 1) * LOG_SEQ_STRIDE + this.logs.length + 1;
    this.logs.push({ ...entry, executionId: this.executionId, seq });
  }

  get logCount(): number {
    return this.logs.length;
  }

  putCallback(callbackId: string, operationId: string): void {
    this.callbacks.push({ callbackId, executionId: this.executionId, operationId });
  }

  setExecution(patch: ExecutionPatch): void {
    this.patch = { ...this.patch, ...patch };
  }

  /** What the execution patch says so far for a field (undefined = untouched). */
  patched<K extends keyof ExecutionPatch>(key: K): ExecutionPatch[K] {
    return this.patch[key];
  }

  changedOperations(): OperationRecord[] {
    return [...this.changed.values()];
  }

  hasChanges(): boolean {
    return this.changed.size > 0 || this.events.length > 0 || this.logs.length > 0 || Object.keys(this.patch).length > 0;
  }

  build(): ExecutionMutation {
    const execution: ExecutionPatch = { ...this.patch };
    if (this.events.length > 0) execution.eventCount = this.execution.eventCount + this.events.length;
    if (this.createdOperations > 0) execution.operationCount = this.execution.operationCount + this.createdOperations;
    const mutation: ExecutionMutation = {};
    if (Object.keys(execution).length > 0) mutation.execution = execution;
    if (this.changed.size > 0) mutation.putOperations = this.changedOperations();
    if (this.events.length > 0) mutation.events = [...this.events];
    if (this.logs.length > 0) mutation.logs = [...this.logs];
    if (this.callbacks.length > 0) mutation.putCallbacks = [...this.callbacks];
    return mutation;
  }
}

/** Shallow copy without undefined-valued keys (JSON would drop them anyway; tests compare exactly). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
