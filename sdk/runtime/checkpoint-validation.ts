/**
 * Validation of checkpoint updates (the checks Lambda's CheckpointDurableExecution makes before
 * it accepts anything): shapes, sizes, which actions each operation type allows, and which
 * status each action may leave from. A failure throws InvalidCheckpointError and the whole
 * checkpoint is refused (nothing of it is written).
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

export const VALID_ACTIONS: Record<Type, readonly Action[]> = {
  STEP: ["START", "RETRY", "SUCCEED", "FAIL"],
  CONTEXT: ["START", "SUCCEED", "FAIL"],
  WAIT: ["START", "CANCEL"],
  CALLBACK: ["START", "CANCEL"],
  CHAINED_INVOKE: ["START", "CANCEL"],
  EXECUTION: ["SUCCEED", "FAIL"],
};

/**
 * From which current status each action may be applied (`undefined` = the operation does not
 * exist yet). Steps: none -> START -> STARTED -> RETRY -> PENDING -> (timer) READY ->
 * START/RETRY/SUCCEED/FAIL; the SDK may also create a step or context already finished.
 */
const ALLOWED_FROM: Record<Type, Partial<Record<Action, ReadonlyArray<OperationStatus | undefined>>>> = {
  STEP: {
    START: [undefined, "READY"],
    RETRY: [undefined, "STARTED", "READY"],
    SUCCEED: [undefined, "STARTED", "READY"],
    FAIL: [undefined, "STARTED", "READY"],
  },
  CONTEXT: {
    START: [undefined],
    SUCCEED: [undefined, "STARTED"],
    FAIL: [undefined, "STARTED"],
  },
  WAIT: { START: [undefined], CANCEL: ["STARTED"] },
  CALLBACK: { START: [undefined], CANCEL: ["STARTED"] },
  CHAINED_INVOKE: { START: [undefined], CANCEL: ["STARTED"] },
  EXECUTION: { SUCCEED: ["STARTED"], FAIL: ["STARTED"] },
};

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

function checkSeconds(index: number, update: unknown, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > Limits.maxExecutionTimeoutSeconds) {
    fail(index, update, `${field} must be a number of seconds between 0 and ${Limits.maxExecutionTimeoutSeconds}`);
  }
}

/** Shape and size checks of one update, independent of stored state. */
export function validateUpdateShape(raw: unknown, index: number): asserts raw is OperationUpdate {
  if (!isObject(raw)) fail(index, raw, "must be an object");
  const u = raw;
  if (typeof u.Id !== "string" || u.Id.length < 1 || u.Id.length > OPERATION_ID_MAX) {
    fail(index, u, `Id must be a string of 1-${OPERATION_ID_MAX} characters`);
  }
  if (typeof u.Type !== "string" || !Object.hasOwn(OperationType, u.Type)) fail(index, u, `unknown Type ${JSON.stringify(u.Type)}`);
  if (typeof u.Action !== "string" || !Object.hasOwn(OperationAction, u.Action)) fail(index, u, `unknown Action ${JSON.stringify(u.Action)}`);
  const type = u.Type as Type;
  const action = u.Action as Action;
  if (!VALID_ACTIONS[type].includes(action)) fail(index, u, `action ${action} is not valid for ${type} operations`);
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
    const limit = type === "EXECUTION" ? Limits.executionResultBytes : Limits.operationPayloadBytes;
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
  checkSeconds(index, u, "StepOptions.NextAttemptDelaySeconds", (u.StepOptions as OperationUpdate["StepOptions"])?.NextAttemptDelaySeconds);
  const callbackOptions = u.CallbackOptions as OperationUpdate["CallbackOptions"];
  checkSeconds(index, u, "CallbackOptions.TimeoutSeconds", callbackOptions?.TimeoutSeconds);
  checkSeconds(index, u, "CallbackOptions.HeartbeatTimeoutSeconds", callbackOptions?.HeartbeatTimeoutSeconds);
  if (type === "WAIT" && action === "START") {
    const seconds = (u.WaitOptions as OperationUpdate["WaitOptions"])?.WaitSeconds;
    if (seconds === undefined) fail(index, u, "WaitOptions.WaitSeconds is required to start a WAIT");
    checkSeconds(index, u, "WaitOptions.WaitSeconds", seconds);
  }
  if (type === "CHAINED_INVOKE" && action === "START") {
    const fn = (u.ChainedInvokeOptions as OperationUpdate["ChainedInvokeOptions"])?.FunctionName;
    if (typeof fn !== "string" || fn.length < 1 || fn.length > 1024) {
      fail(index, u, "ChainedInvokeOptions.FunctionName is required to start a CHAINED_INVOKE");
    }
  }
}

/** The status rule: may `action` be applied to an operation whose status is `current`? */
export function checkTransition(index: number, update: OperationUpdate, currentType: Type | undefined, current: OperationStatus | undefined): void {
  if (currentType !== undefined && currentType !== update.Type) {
    fail(index, update, `operation is a ${currentType}, not a ${update.Type}`);
  }
  const allowed = ALLOWED_FROM[update.Type][update.Action] ?? [];
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
