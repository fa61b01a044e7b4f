/**
 * The shape every operation type's behaviour must fill in. The runtime never asks "which type
 * is this?" in a switch: it looks the type up in the table (`./table.ts`), which is typed
 * `{ [K in OperationType]: OperationBehaviour<K> }`, so a new type that forgets a part, or a
 * part that forgets a type, does not compile. Temporal's `ActivationHandler` is the model.
 *
 * `OperationFacts` is the data part (valid actions, waiting and due statuses) that the console
 * also reads; `OperationBehaviour` adds the runtime's functions. One module per type declares
 * both. This file holds types only, so importing it costs nothing anywhere.
 */
import type { OperationRecord } from "../../store/types";
import type { OperationAction, Operation, OperationStatus, OperationType, OperationUpdate } from "../../types/wire";
import type { MutationBuilder } from "../mutation-builder";
import type { ChainedInvokeState } from "../operation-state";

/** An operation of type K (the wire shape is one interface; this ties its Type to the module). */
export type OperationOf<K extends OperationType> = Operation & { readonly Type: K };
export type UpdateOf<K extends OperationType> = OperationUpdate & { readonly Type: K };
export type RecordOf<K extends OperationType> = OperationRecord & { operation: OperationOf<K> };

/** The statuses an action may leave from; `undefined` stands for "the operation does not exist yet". */
export type FromStatuses = ReadonlyArray<OperationStatus | undefined>;

/** What a type is, as data: safe for the browser (the console reads it). */
export interface OperationFacts<K extends OperationType> {
  readonly type: K;
  /** Its valid actions (the keys) and, for each, the statuses it may be applied from. */
  readonly transitions: Readonly<Partial<Record<OperationAction, FromStatuses>>>;
  /**
   * The statuses in which it waits on something outside the handler: a timer (wait end, retry
   * time, callback deadline) or an answer (callback, chained invoke). The invocation client
   * watches exactly these operations; the console calls a STARTED one "Waiting".
   */
  readonly waitingStatuses: readonly OperationStatus[];
  /** The statuses in which it is due at once, with no timer left to fire: the next invocation runs it. */
  readonly dueNowStatuses: readonly OperationStatus[];
}

export interface CheckpointDeps {
  newCallbackId: () => string;
  newExecutionId: () => string;
  /**
   * What a chained invoke's target is: a durable function (a child execution), a plain function
   * (called in-process) or unknown (the invoke fails at once). Without a resolver every target is
   * treated as durable.
   */
  resolveTarget?: (functionName: string) => "durable" | "plain" | undefined;
  plainInvokeTimeoutMs?: number;
}

export interface ChainedInvokeStart {
  operationId: string;
  state: ChainedInvokeState;
}

export interface AppliedUpdates {
  /** Chained invokes this checkpoint started: the caller starts their targets after commit. */
  chainedInvokeStarts: ChainedInvokeStart[];
  /** Child executions of chained invokes this checkpoint cancelled: the caller stops them. */
  cancelledChildExecutionIds: string[];
  /** Set when the SDK checkpointed the execution's own outcome (the large-result path). */
  executionOutcome?: "SUCCEEDED" | "FAILED";
}

/** Refuses the update being validated with a message (the caller adds which update it was). */
export type Reject = (message: string) => never;

/** A timer the runtime fires, as pure functions of the stored record and `now`. */
export interface OperationTimer<K extends OperationType> {
  /** When it fires (epoch ms). Only asked while the operation waits (see waitingStatuses). */
  dueAt(record: RecordOf<K>): number | undefined;
  /** Fires it: what the operation becomes, and the history event that says so. */
  fire(b: MutationBuilder, record: RecordOf<K>, dueAt: number): void;
}

/** How a redrive (a FAILED, TIMED_OUT or STOPPED execution run again) treats one operation. */
export interface RedriveBehaviour<K extends OperationType> {
  /** It was still open when the execution ended: make it answerable again (or nothing to do). */
  reopen(b: MutationBuilder, record: RecordOf<K>): void;
  /**
   * It ended unsuccessfully and the code did not get past it: re-arm it so the replay runs it
   * again. False when it stays as recorded (nothing of this type runs again).
   */
  rerun(b: MutationBuilder, record: RecordOf<K>, deps: Pick<CheckpointDeps, "newCallbackId" | "newExecutionId">): boolean;
}

/** Everything the runtime does with an operation of type K, in one place. */
export interface OperationBehaviour<K extends OperationType> extends OperationFacts<K> {
  /** The largest Payload an update of this type may carry (bytes). */
  readonly maxPayloadBytes: number;
  /** Checks beyond the common ones, for a well-formed update of this type (e.g. what a START requires). */
  checkUpdate(update: UpdateOf<K>, reject: Reject): void;
  /** Applies a validated update: the operation record it leaves, the history event, side records. */
  apply(b: MutationBuilder, update: UpdateOf<K>, record: RecordOf<K> | undefined, deps: CheckpointDeps, applied: AppliedUpdates): void;
  /** Its timer, or null for a type that never fires one (it waits for the handler alone). */
  readonly timer: OperationTimer<K> | null;
  readonly redrive: RedriveBehaviour<K>;
}

/** The table's type: one behaviour per operation type, each for its own type. */
export type OperationBehaviours = { readonly [K in OperationType]: OperationBehaviour<K> };
