/**
 * The first write of every execution (started by a client, a replay, or a chained invoke):
 * the execution row, its EXECUTION operation (STARTED, carrying the input) and the
 * ExecutionStarted event, due at once.
 */
import type { ExecutionRecord, NewExecution } from "../store/types";
import type { HistoryEvent, Operation } from "../types/wire";
import { isoAt } from "./clock";
import { executionArn } from "./arns";
import { compact } from "./mutation-builder";

export interface NewExecutionSpec {
  executionId: string;
  functionName: string;
  /** DurableExecutionName; defaults to the execution id. */
  name?: string;
  input?: string;
  executionTimeoutSeconds?: number;
  replayOf?: string;
  parent?: { executionId: string; operationId: string };
  now: number;
}

export function buildNewExecution(spec: NewExecutionSpec): NewExecution {
  const name = spec.name ?? spec.executionId;
  const startTimestamp = isoAt(spec.now);
  const execution: ExecutionRecord = {
    executionId: spec.executionId,
    arn: executionArn(spec.functionName, name, spec.executionId),
    functionName: spec.functionName,
    name,
    status: "RUNNING",
    startTimestamp,
    nextWakeAt: spec.now,
    eventCount: 1,
    operationCount: 1,
    logCount: 0,
    invocationCount: 0,
    redriveCount: 0,
    version: 1,
  };
  if (spec.input !== undefined) execution.inputPayload = spec.input;
  if (spec.executionTimeoutSeconds !== undefined) execution.executionTimeoutSeconds = spec.executionTimeoutSeconds;
  if (spec.replayOf !== undefined) execution.replayOf = spec.replayOf;
  if (spec.parent !== undefined) execution.parent = spec.parent;

  // As the Lambda service: the EXECUTION operation and its events carry no Name (the execution
  // name lives on the execution itself).
  const operation: Operation = {
    Id: spec.executionId,
    Type: "EXECUTION",
    StartTimestamp: startTimestamp,
    Status: "STARTED",
    ExecutionDetails: spec.input === undefined ? {} : { InputPayload: spec.input },
  };
  const event: HistoryEvent = {
    EventType: "ExecutionStarted",
    EventId: 1,
    Id: operation.Id,
    EventTimestamp: startTimestamp,
    ExecutionStartedDetails: compact({
      Input: spec.input === undefined ? {} : { Payload: spec.input },
      ExecutionTimeout: spec.executionTimeoutSeconds,
    }),
  };
  return {
    execution,
    // The EXECUTION operation's own events start with ExecutionStarted (see OperationRecord.eventIds).
    operations: [{ executionId: spec.executionId, seq: 1, operation, eventIds: [event.EventId] }],
    events: [event],
  };
}
