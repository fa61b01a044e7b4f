/**
 * Validation of checkpoint updates (the checks Lambda's CheckpointDurableExecution makes before
 * it accepts anything): shapes, sizes, which actions each operation type allows, and which
 * status each action may leave from. A failure throws InvalidCheckpointError and the whole
 * checkpoint is refused (nothing of it is written). What differs by type (its actions and their
 * statuses, its payload limit, what a START requires) comes from the operation table.
 */
import {
  Limits,
  OperationAction,
  OperationType,
  type CheckpointLogEntry,
  type OperationAction as Action,
  type OperationStatus,
  type OperationType as Type,
  type OperationUpdate,
} from "../types/wire";
import { InvalidCheckpointError } from "./errors";
import { allowedFrom, isValidAction } from "./operations/facts";
import { checkSeconds } from "./operations/seconds";
import { behaviourOf } from "./operations/table";
import type { Reject } from "./operations/types";

const OPERATION_ID_MAX = 64;
const SUBTYPE_MAX = 64;
const MAX_LOGS_PER_CHECKPOINT = 10_000;
const MAX_LOG_MESSAGE_BYTES = 256 * 1024;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function fail(index: number, update: unknown, message: string): never {
  const id = typeof update === "object" && update !== null ? (update as { Id?: unknown }).Id : undefined;
  const where = typeof id === "string" ? `update ${index} (Id ${JSON.stringify(id.slice(0, 64))})` : `update ${index}`;
  throw new InvalidCheckpointError(`${where}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Shape and size checks of one update, independent of stored state. */
export function validateUpdateShape(raw: unknown, index: number): asserts raw is OperationUpdate {
  if (!isObject(raw)) fail(index, raw, "must be an object");
  const u = raw;
  const reject: Reject = (message) => fail(index, u, message);
  if (typeof u.Id !== "string" || u.Id.length < 1 || u.Id.length > OPERATION_ID_MAX) {
    fail(index, u, `Id must be a string of 1-${OPERATION_ID_MAX} characters`);
  }
  if (typeof u.Type !== "string" || !Object.hasOwn(OperationType, u.Type)) fail(index, u, `unknown Type ${JSON.stringify(u.Type)}`);
  if (typeof u.Action !== "string" || !Object.hasOwn(OperationAction, u.Action)) fail(index, u, `unknown Action ${JSON.stringify(u.Action)}`);
  const type = u.Type as Type;
  const action = u.Action as Action;
  if (!isValidAction(type, action)) fail(index, u, `action ${action} is not valid for ${type} operations`);
  if (u.ParentId !== undefined && (typeof u.ParentId !== "string" || u.ParentId.length < 1 || u.ParentId.length > OPERATION_ID_MAX)) {
    fail(index, u, `ParentId must be a string of 1-${OPERATION_ID_MAX} characters`);
  }
  if (u.Name !== undefined && (typeof u.Name !== "string" || u.Name.length > Limits.operationNameChars)) {
    fail(index, u, `Name must be a string of at most ${Limits.operationNameChars} characters`);
  }
  if (u.SubType !== undefined && (typeof u.SubType !== "string" || u.SubType.length > SUBTYPE_MAX)) {
    fail(index, u, `SubType must be a string of at most ${SUBTYPE_MAX} characters`);
  }
  if (u.Payload !== undefined) {
    if (typeof u.Payload !== "string") fail(index, u, "Payload must be a string");
    const limit = behaviourOf(type).maxPayloadBytes;
    if (byteLength(u.Payload) > limit) fail(index, u, `Payload is larger than ${limit} bytes`);
  }
  if (u.Error !== undefined) {
    if (!isObject(u.Error)) fail(index, u, "Error must be an ErrorObject");
    if (byteLength(JSON.stringify(u.Error)) > Limits.errorBytes) fail(index, u, `Error is larger than ${Limits.errorBytes} bytes`);
  }
  if (action === "SUCCEED" && u.Error !== undefined) fail(index, u, "a SUCCEED update may not carry an Error");
  if (action === "FAIL" && u.Payload !== undefined) fail(index, u, "a FAIL update may not carry a Payload");
  for (const key of ["ContextOptions", "StepOptions", "WaitOptions", "CallbackOptions", "ChainedInvokeOptions"] as const) {
    if (u[key] !== undefined && !isObject(u[key])) fail(index, u, `${key} must be an object`);
  }
  checkSeconds("StepOptions.NextAttemptDelaySeconds", (u.StepOptions as OperationUpdate["StepOptions"])?.NextAttemptDelaySeconds, reject);
  const callbackOptions = u.CallbackOptions as OperationUpdate["CallbackOptions"];
  checkSeconds("CallbackOptions.TimeoutSeconds", callbackOptions?.TimeoutSeconds, reject);
  checkSeconds("CallbackOptions.HeartbeatTimeoutSeconds", callbackOptions?.HeartbeatTimeoutSeconds, reject);
  // Id, Type, Action and every field's shape are checked above: what is left is the type's own rule.
  behaviourOf(type).checkUpdate(u as unknown as OperationUpdate, reject);
}

/** The status rule: may `action` be applied to an operation whose status is `current`? */
export function checkTransition(index: number, update: OperationUpdate, currentType: Type | undefined, current: OperationStatus | undefined): void {
  if (currentType !== undefined && currentType !== update.Type) {
    fail(index, update, `operation is a ${currentType}, not a ${update.Type}`);
  }
  const allowed = allowedFrom(update.Type, update.Action);
  if (!allowed.includes(current)) {
    const from = current === undefined ? "a new operation" : `an operation in status ${current}`;
    fail(index, update, `${update.Action} is not allowed on ${from}`);
  }
}

export function validateLogs(logs: unknown): asserts logs is CheckpointLogEntry[] | undefined {
  if (logs === undefined) return;
  if (!Array.isArray(logs)) throw new InvalidCheckpointError("Logs must be an array");
  if (logs.length > MAX_LOGS_PER_CHECKPOINT) throw new InvalidCheckpointError(`at most ${MAX_LOGS_PER_CHECKPOINT} logs per checkpoint`);
  logs.forEach((entry: unknown, i) => {
    if (!isObject(entry)) throw new InvalidCheckpointError(`log ${i} must be an object`);
    if (typeof entry.Message !== "string" || byteLength(entry.Message) > MAX_LOG_MESSAGE_BYTES) {
      throw new InvalidCheckpointError(`log ${i}: Message must be a string of at most ${MAX_LOG_MESSAGE_BYTES} bytes`);
    }
    if (!["DEBUG", "INFO", "WARN", "ERROR"].includes(entry.Level as string)) {
      throw new InvalidCheckpointError(`log ${i}: Level must be DEBUG, INFO, WARN or ERROR`);
    }
    if (typeof entry.Timestamp !== "string" || !Number.isFinite(Date.parse(entry.Timestamp))) {
      throw new InvalidCheckpointError(`log ${i}: Timestamp must be an ISO timestamp`);
    }
    if (entry.Data !== undefined && (typeof entry.Data !== "string" || byteLength(entry.Data) > MAX_LOG_MESSAGE_BYTES)) {
      throw new InvalidCheckpointError(`log ${i}: Data must be a string of at most ${MAX_LOG_MESSAGE_BYTES} bytes`);
    }
  });
}
