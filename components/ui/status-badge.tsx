import type { ExecutionStatus } from "@/sdk/types/wire";
import { operationState, type ExecutionTiming, type OperationTiming } from "@/lib/operation-state";
import { executionStatusLabel, executionStatusTone, toneClasses, type Tone } from "@/lib/status";

/** `hollow`: an outlined dot, for a state that is neither going on nor an outcome (ended with the execution). */
export function Badge({
  tone,
  children,
  title,
  pulse = false,
  hollow = false,
}: {
  tone: Tone;
  children: React.ReactNode;
  title?: string;
  pulse?: boolean;
  hollow?: boolean;
}) {
  const classes = toneClasses[tone];
  return (
    <span
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${classes.badge}`}
    >
      <span
        aria-hidden
        className={`size-1.5 shrink-0 rounded-full ${hollow ? "border border-current bg-transparent" : classes.dot} ${pulse ? "animate-pulse" : ""}`}
      />
      {children}
    </span>
  );
}

export function ExecutionStatusBadge({ status }: { status: ExecutionStatus }) {
  return (
    <span data-status={status} className="contents">
      <Badge tone={executionStatusTone[status]} pulse={status === "RUNNING"}>
        {executionStatusLabel[status]}
      </Badge>
    </span>
  );
}

/** An operation's state as its execution makes it (lib/operation-state): `data-phase` says live, finished or ended with the execution. */
export function OperationStatusBadge({ operation, execution }: { operation: OperationTiming; execution: ExecutionTiming }) {
  const state = operationState(operation, execution);
  return (
    <span data-status={operation.Status} data-phase={state.phase} className="contents">
      <Badge tone={state.tone} title={state.description} hollow={state.phase === "ended-with-execution"}>
        {state.label}
      </Badge>
    </span>
  );
}
