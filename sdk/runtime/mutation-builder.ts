/**
 * Accumulates one transaction's worth of changes to one execution: operation records, history
 * events (EventIds continuing from the execution's eventCount), logs (seqs continuing from its
 * logCount), callback records and patches, and the execution patch. No I/O: the runtime's pure
 * functions write into a builder, and `build()` gives the ExecutionMutation a store `transact`
 * applies atomically.
 *
 * Every event naming an operation is also appended to that operation's `eventIds`, so the
 * store can read one operation's events by key. The builder owns those lists: whatever a caller
 * puts, the written record carries the list it had when the builder first saw it plus the
 * events added here. An operation that gets events but no put is rewritten with its longer list
 * (every event producer puts its operation anyway, so this adds no write on the hot path).
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
  /**
   * Each operation's eventIds as the builder first saw it (snapshot or first put). A known
   * operation mapped to undefined predates the lists: it stays without one (a partial list
   * would hide its older events from readers, who fall back to filtering the history instead).
   */
  private readonly baseEventIds = new Map<string, number[] | undefined>();
  /** EventIds of the events this builder added, per operation id. */
  private readonly addedEventIds = new Map<string, number[]>();

  constructor(
    /** The execution as read inside the transaction. */
    readonly execution: ExecutionRecord,
    operations: Iterable<OperationRecord> | Map<string, OperationRecord>,
    readonly now: number,
  ) {
    this.nowIso = isoAt(now);
    this.ops = new Map();
    const list = operations instanceof Map ? operations.values() : operations;
    for (const record of list) {
      this.ops.set(record.operation.Id, record);
      this.baseEventIds.set(record.operation.Id, record.eventIds);
    }
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
  createOperation(operation: Operation, runtime?: OperationRecord["runtime"]): OperationRecord {
    this.createdOperations += 1;
    const record: OperationRecord = {
      executionId: this.executionId,
      seq: this.execution.operationCount + this.createdOperations,
      operation,
    };
    if (runtime) record.runtime = runtime;
    this.baseEventIds.set(operation.Id, []);
    this.putOperation(record);
    return record;
  }

  putOperation(record: OperationRecord): void {
    if (!this.baseEventIds.has(record.operation.Id)) this.baseEventIds.set(record.operation.Id, record.eventIds);
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
    if (event.Id !== undefined) {
      const added = this.addedEventIds.get(event.Id);
      if (added) added.push(event.EventId);
      else this.addedEventIds.set(event.Id, [event.EventId]);
    }
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
  openCallback(callbackId: string, operation: Operation, deadlines: { timeoutAt?: number; heartbeatDeadlineAt?: number }, answerSchema?: string): void {
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
        createdTimestamp: this.nowIso,
        timeoutAt: deadlines.timeoutAt,
        heartbeatDeadlineAt: deadlines.heartbeatDeadlineAt,
        answerSchema,
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

  /** The operations this transaction writes, each with its final eventIds. */
  changedOperations(): OperationRecord[] {
    for (const id of this.addedEventIds.keys()) {
      // Events of an operation nobody put: rewrite it so its list stays whole (when it has one).
      const known = this.ops.get(id);
      if (known && !this.changed.has(id) && this.baseEventIds.get(id) !== undefined) this.changed.set(id, known);
    }
    return [...this.changed.values()].map((record) => this.withEventIds(record));
  }

  private withEventIds(record: OperationRecord): OperationRecord {
    const id = record.operation.Id;
    const base = this.baseEventIds.get(id);
    const { eventIds: _given, ...rest } = record;
    if (base === undefined) return rest;
    const added = this.addedEventIds.get(id);
    return { ...rest, eventIds: added ? [...base, ...added] : base };
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
    const operations = this.changedOperations();
    if (operations.length > 0) mutation.putOperations = operations;
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
