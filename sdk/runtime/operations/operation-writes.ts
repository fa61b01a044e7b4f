/**
 * What every type's `apply` does the same way: the operation an update creates, its ended form,
 * storing it, and the history events' Payload wrappers.
 */
import type { OperationRecord } from "../../store/types";
import type { ErrorObject, Operation, OperationStatus, OperationUpdate } from "../../types/wire";
import type { MutationBuilder } from "../mutation-builder";

/** The operation an update names: the stored one, or a new STARTED one built from the update. */
export function baseOperation(b: MutationBuilder, u: OperationUpdate, record: OperationRecord | undefined): Operation {
  if (record) return record.operation;
  const op: Operation = { Id: u.Id, Type: u.Type, StartTimestamp: b.nowIso, Status: "STARTED" };
  if (u.ParentId !== undefined) op.ParentId = u.ParentId;
  if (u.Name !== undefined) op.Name = u.Name;
  if (u.SubType !== undefined) op.SubType = u.SubType;
  return op;
}

export function endedOperation(b: MutationBuilder, base: Operation, status: OperationStatus): Operation {
  return { ...base, Status: status, EndTimestamp: b.nowIso };
}

/** Creates the record (a new operation) or replaces its operation; returns what was stored. */
export function storeOperation(b: MutationBuilder, record: OperationRecord | undefined, op: Operation): OperationRecord {
  if (!record) return b.createOperation(op);
  const next = { ...record, operation: op };
  b.putOperation(next);
  return next;
}

export const payloadOf = (payload: string | undefined) => (payload === undefined ? {} : { Payload: payload });
export const errorOf = (error: ErrorObject | undefined) => (error === undefined ? {} : { Payload: error });

/** A timeout of 0 or less means none (as Lambda reads it). */
export function positiveSeconds(seconds: number | undefined): number | undefined {
  return seconds !== undefined && seconds > 0 ? seconds : undefined;
}
