import type { ExecutionStatus, OperationStatus, OperationType } from "@/sdk/types/wire";
import {
  executionStatusLabel,
  executionStatusTone,
  operationStatusLabel,
  operationTone,
  toneClasses,
  type Tone,
} from "@/lib/status";

export function Badge({ tone, children, title, pulse = false }: { tone: Tone; children: React.ReactNode; title?: string; pulse?: boolean }) {
  const classes = toneClasses[tone];
  return (
    <span
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${classes.badge}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${classes.dot} ${pulse ? "animate-pulse" : ""}`} />
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

export function OperationStatusBadge({ type, status }: { type: OperationType; status: OperationStatus }) {
  return (
    <span data-status={status} className="contents">
      <Badge tone={operationTone(status)} title={status}>
        {operationStatusLabel(type, status)}
      </Badge>
    </span>
  );
}
