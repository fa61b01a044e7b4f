/**
 * Accumulates one transaction's worth of changes to one execution: operation records, history
 * events (EventIds continuing from the execution's eventCount), logs (seqs continuing from its
 * logCount), callback records and patches, and the execution patch. No I/O: the runtime's pure
 * functions write into a builder, and `build()` gives the ExecutionMutation a store `transact`
 * applies atomically.
 */
import type {
  CallbackPatch,
  CallbackRecord,
  ExecutionMutation,
  ExecutionPatch,
  ExecutionRecord,
  LogRecord,
  OperationRecord,
} from "../store/types";
import type { EventType, HistoryEvent, Operation } from "../types/wire";
import { isoAt } from "./clock";

export class MutationBuilder {
  readonly nowIso: string;
  private readonly ops: Map<string, OperationRecord>;
  private readonly changed = new Map<string, OperationRecord>();
  private readonly events: HistoryEvent[] = [];
  private readonly logs: LogRecord[] = [];
  /** Each callback appears once per transaction (a put or a patch): some backends cannot write one item twice. */
  private readonly callbacks = new Map<string, CallbackRecord>();
  private readonly callbackPatches = new Map<string, CallbackPatch>();
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

  /** Appends a log; seqs run 1, 2, 3... per execution (transactions on one execution are serialized). */
  log(entry: Omit<LogRecord, "executionId" | "seq">): void {
    const seq = this.execution.logCount + this.logs.length + 1;
    this.logs.push({ ...entry, executionId: this.executionId, seq });
  }

  get logCount(): number {
    return this.logs.length;
  }

  /**
   * Records a new pending callback id for a CALLBACK operation. Its inbox name is the
   * operation's own, else its parent CONTEXT's (waitForCallback names the context, not the
   * callback); the parent must be among the builder's operations to be found.
   */
  openCallback(callbackId: string, operation: Operation, deadlines: { timeoutAt?: number; heartbeatDeadlineAt?: number }): void {
    const parent = operation.ParentId === undefined ? undefined : this.ops.get(operation.ParentId)?.operation;
    this.callbacks.set(
      callbackId,
      compact({
        callbackId,
        executionId: this.executionId,
        operationId: operation.Id,
        pending: true,
        functionName: this.execution.functionName,
        name: operation.Name ?? (parent?.Type === "CONTEXT" ? parent.Name : undefined),
        parentOperationId: operation.ParentId,
        createdAt: this.nowIso,
        timeoutAt: deadlines.timeoutAt,
        heartbeatDeadlineAt: deadlines.heartbeatDeadlineAt,
      }),
    );
  }

  /** Changes a callback record (merged with what this builder already writes for it). */
  patchCallback(patch: CallbackPatch): void {
    const opened = this.callbacks.get(patch.callbackId);
    if (opened) {
      const next: CallbackRecord = { ...opened };
      if (patch.pending !== undefined) next.pending = patch.pending;
      if (patch.heartbeatDeadlineAt === null) delete next.heartbeatDeadlineAt;
      else if (patch.heartbeatDeadlineAt !== undefined) next.heartbeatDeadlineAt = patch.heartbeatDeadlineAt;
      this.callbacks.set(patch.callbackId, next);
      return;
    }
    this.callbackPatches.set(patch.callbackId, { ...this.callbackPatches.get(patch.callbackId), ...compact({ ...patch }) });
  }

  /** The callback no longer waits for an answer (answered, timed out, cancelled, or its execution ended). */
  closeCallback(callbackId: string): void {
    this.patchCallback({ callbackId, pending: false });
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
    return (
      this.changed.size > 0 ||
      this.events.length > 0 ||
      this.logs.length > 0 ||
      this.callbacks.size > 0 ||
      this.callbackPatches.size > 0 ||
      Object.keys(this.patch).length > 0
    );
  }

  build(): ExecutionMutation {
    const execution: ExecutionPatch = { ...this.patch };
    if (this.events.length > 0) execution.eventCount = this.execution.eventCount + this.events.length;
    if (this.logs.length > 0) execution.logCount = this.execution.logCount + this.logs.length;
    if (this.createdOperations > 0) execution.operationCount = this.execution.operationCount + this.createdOperations;
    const mutation: ExecutionMutation = {};
    if (Object.keys(execution).length > 0) mutation.execution = execution;
    if (this.changed.size > 0) mutation.putOperations = this.changedOperations();
    if (this.events.length > 0) mutation.events = [...this.events];
    if (this.logs.length > 0) mutation.logs = [...this.logs];
    if (this.callbacks.size > 0) mutation.putCallbacks = [...this.callbacks.values()];
    if (this.callbackPatches.size > 0) mutation.patchCallbacks = [...this.callbackPatches.values()];
    return mutation;
  }
}

/** Shallow copy without undefined-valued keys (JSON would drop them anyway; tests compare exactly). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
