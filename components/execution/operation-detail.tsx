"use client";
/**
 * The selected operation: what it is, its timing, how to answer it (pending callbacks), its
 * input, result or error, every attempt, the logs it wrote and its events.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorNote } from "@/components/ui/empty-state";
import { JsonSection } from "@/components/ui/json-view";
import { OperationStatusBadge } from "@/components/ui/status-badge";
import { Time, useNow } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api-client";
import { formatRelative } from "@/lib/format";
import { ENDED_WITH_EXECUTION, operationState } from "@/lib/operation-state";
import { operationLabel, operationPayloads } from "@/lib/operation-tree";
import { isApprovalName, pendingCallbackFor } from "@/lib/pending-callbacks";
import { executionQueries } from "@/lib/client/query-options";
import { executionStatusLabel } from "@/lib/status";
import { useUrlState } from "@/lib/client/use-url-state";
import type { ExecutionDetail, HistoryEvent, OperationView } from "@/lib/types";
import { AttemptsList } from "./attempts-list";
import { CallbackActions } from "./callback-actions";
import { LogsTable } from "./logs-table";
import { OperationDuration } from "./operation-timing";
import { RerunFromHere } from "./rerun-from-here";

export function OperationDetailPanel({
  execution,
  operation,
  operations,
}: {
  execution: ExecutionDetail;
  operation: OperationView;
  operations: OperationView[];
}) {
  const id = execution.executionId;
  const detail = useQuery(executionQueries.operation(id, operation.Id, execution.version));
  const logs = useQuery(executionQueries.logs(id, operation.Id, execution.version));
  const state = operationState(operation, execution);
  const now = useNow(state.live, 5000);
  const callback = pendingCallbackFor(operation, operations, execution);
  const { update } = useUrlState();
  const [answered, setAnswered] = useState<{ operationId: string; label: string; at: string } | undefined>();
  const parent = operation.ParentId ? operations.find((op) => op.Id === operation.ParentId) : undefined;
  const approval = callback ? isApprovalName(callback.Name) || isApprovalName(operation.Name) || isApprovalName(parent?.Name) : false;
  // The list may leave results out (very large executions): the operation's own read has them.
  const full = detail.data?.operation.Id === operation.Id ? detail.data.operation : operation;
  const { result, error } = operationPayloads(full);
  const input = inputOf(full, detail.data?.events ?? []);
  const resultPending = full.PayloadsOmitted === true;
  const shareLink = () => `${window.location.origin}/executions/${encodeURIComponent(id)}?op=${encodeURIComponent(operation.Id)}`;

  return (
    <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
      <section aria-label="Selected operation" className="space-y-2 px-4 py-3">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 className="truncate text-base font-semibold">{operationLabel(operation)}</h2>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {operation.Type}
              {operation.SubType && operation.SubType !== operation.Type ? ` · ${operation.SubType}` : ""}
              {parent ? (
                <>
                  {" "}· in <span className="font-medium">{operationLabel(parent)}</span>
                </>
              ) : null}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-1">
            <OperationStatusBadge operation={operation} execution={execution} />
            <CopyButton value={shareLink} label="Copy link to this operation" />
            {operation.Type !== "EXECUTION" ? <RerunFromHere execution={execution} operation={operation} label={operationLabel(operation)} /> : null}
          </div>
        </div>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
          <Fact label="Operation ID">
            <span className="flex items-center gap-1">
              <span className="truncate font-mono text-xs">{operation.Id}</span>
              <CopyButton value={operation.Id} label="Copy operation id" />
            </span>
          </Fact>
          <Fact label="Started">
            <Time iso={operation.StartTimestamp} />
          </Fact>
          <Fact label="Duration">
            <OperationDuration operation={operation} execution={execution} />
          </Fact>
          {state.end ? (
            <Fact label={state.phase === "ended-with-execution" ? "Cut short" : "Ended"}>
              <Time iso={state.end} />
            </Fact>
          ) : null}
          {operation.StepDetails?.NextAttemptTimestamp && operation.Status === "PENDING" && state.live ? (
            <Fact label="Next attempt">
              <span suppressHydrationWarning>{formatRelative(operation.StepDetails.NextAttemptTimestamp, now)}</span>
            </Fact>
          ) : null}
          {operation.WaitDetails?.ScheduledEndTimestamp ? (
            <Fact label={state.live ? "Wakes" : "Scheduled end"}>
              {state.live ? (
                <span suppressHydrationWarning>{formatRelative(operation.WaitDetails.ScheduledEndTimestamp, now)}</span>
              ) : (
                <Time iso={operation.WaitDetails.ScheduledEndTimestamp} />
              )}
            </Fact>
          ) : null}
          {operation.CallbackDetails?.CallbackId ? (
            <Fact label="Callback ID">
              <span className="flex items-center gap-1">
                <span className="truncate font-mono text-xs">{operation.CallbackDetails.CallbackId}</span>
                <CopyButton value={operation.CallbackDetails.CallbackId} label="Copy callback id" />
              </span>
            </Fact>
          ) : null}
          {operation.CallbackTimeoutAt && state.live ? (
            <Fact label="Times out">
              <span suppressHydrationWarning title={operation.CallbackTimeoutAt}>{formatRelative(operation.CallbackTimeoutAt, now)}</span>
            </Fact>
          ) : null}
          {operation.HeartbeatDeadlineAt && state.live ? (
            <Fact label="Heartbeat due">
              <span suppressHydrationWarning title={operation.HeartbeatDeadlineAt}>{formatRelative(operation.HeartbeatDeadlineAt, now)}</span>
            </Fact>
          ) : null}
          {operation.ChildFunctionName ? <Fact label="Invokes">{operation.ChildFunctionName}</Fact> : null}
          {operation.ChildExecutionId ? (
            <Fact label="Child execution">
              <Link href={`/executions/${encodeURIComponent(operation.ChildExecutionId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                {operation.ChildExecutionId.slice(0, 8)}…
              </Link>
            </Fact>
          ) : null}
        </dl>
        {state.phase === "ended-with-execution" ? (
          <p data-testid="ended-with-execution" className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300">
            {ENDED_WITH_EXECUTION}: it had not finished when the execution ended ({executionStatusLabel[execution.status].toLowerCase()}),
            and never will. A redrive continues the execution from here.
          </p>
        ) : null}
      </section>

      {callback?.CallbackDetails?.CallbackId ? (
        <CallbackActions
          callbackId={callback.CallbackDetails.CallbackId}
          approval={approval}
          name={callback.Name ?? operation.Name}
          answerSchema={callback.AnswerSchema}
          onAnswered={(label) => {
            setAnswered({ operationId: operation.Id, label, at: new Date().toISOString() });
            // Pin the selection: it may have been chosen only because it was pending.
            update({ op: operation.Id });
          }}
        />
      ) : answered?.operationId === operation.Id ? (
        <p role="status" className="bg-emerald-50/60 px-4 py-2.5 text-sm text-emerald-800 dark:bg-emerald-400/5 dark:text-emerald-300">
          {answered.label} at <Time iso={answered.at} />. The worker resumes the execution.
        </p>
      ) : null}

      <section aria-label="Payloads" className="space-y-2 px-4 py-3">
        {input !== undefined ? <JsonSection title="Input" text={input} /> : null}
        {error ? (
          <JsonSection title="Error" text={JSON.stringify(error)} tone="error" />
        ) : (
          <JsonSection
            title="Result"
            text={result}
            empty={resultPending ? "Loading…" : state.live ? "Not finished yet" : state.phase === "ended-with-execution" ? "None: it never finished" : "No result"}
          />
        )}
      </section>

      {operation.Type === "STEP" ? (
        <section aria-label="Attempts" className="px-4 py-3">
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Attempts</h3>
          {detail.error ? (
            <ErrorNote message={errorMessage(detail.error)} />
          ) : (
            <AttemptsList attempts={detail.data?.attempts} operation={operation} execution={execution} />
          )}
        </section>
      ) : null}

      <section aria-label="Logs" className="px-4 py-3">
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Logs</h3>
        {logs.error ? <ErrorNote message={errorMessage(logs.error)} /> : <LogsTable logs={logs.data?.items} />}
      </section>

      <section aria-label="Events" className="px-4 py-3">
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Events</h3>
        <OperationEvents executionId={id} events={detail.data?.events} />
      </section>
    </Card>
  );
}

/** Where an operation's input lives: a chained invoke's started event carries it. */
function inputOf(operation: OperationView, events: HistoryEvent[]): string | undefined {
  if (operation.ExecutionDetails?.InputPayload !== undefined) return operation.ExecutionDetails.InputPayload;
  const started = events.find((event) => event.EventType === "ChainedInvokeStarted");
  const details = started?.ChainedInvokeStartedDetails as { Input?: { Payload?: string } } | undefined;
  return details?.Input?.Payload;
}

function OperationEvents({ executionId, events }: { executionId: string; events: HistoryEvent[] | undefined }) {
  if (!events) return <p className="text-sm text-zinc-400">Loading…</p>;
  if (events.length === 0) return <p className="text-sm text-zinc-400 italic">No events</p>;
  return (
    <ol className="space-y-1 text-sm">
      {events.map((event) => (
        <li key={event.EventId} className="flex items-center gap-2">
          <Link
            href={`/executions/${encodeURIComponent(executionId)}?tab=history&event=${event.EventId}`}
            className="w-10 shrink-0 text-right font-mono text-xs text-sky-700 hover:underline dark:text-sky-300"
            aria-label={`Event ${event.EventId} in the event history`}
          >
            #{event.EventId}
          </Link>
          <span className="font-medium">{event.EventType}</span>
          <span className="text-xs text-zinc-500">
            <Time iso={event.EventTimestamp} />
          </span>
        </li>
      ))}
    </ol>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate">{children}</dd>
    </div>
  );
}
