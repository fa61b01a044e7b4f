"use client";
/** An operation's duration as every view shows it: counting while live, stopped at its end or its execution's (lib/operation-state). */
import { Duration } from "@/components/ui/time";
import { operationState, type ExecutionTiming } from "@/lib/operation-state";
import type { OperationView } from "@/lib/types";

export function OperationDuration({ operation, execution }: { operation: OperationView; execution: ExecutionTiming }) {
  const state = operationState(operation, execution);
  return <Duration start={operation.StartTimestamp} end={state.end} live={state.live} />;
}
