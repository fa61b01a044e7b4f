"use client";
/**
 * The execution's summary: name and status, the actions, the facts an operator checks first
 * (function, id, timing, invocations, redrives, lineage), the error, and input / result.
 */
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { JsonSection } from "@/components/ui/json-view";
import { ExecutionStatusBadge } from "@/components/ui/status-badge";
import { Duration, Time } from "@/components/ui/time";
import type { ExecutionDetail } from "@/lib/types";
import { ExecutionActions } from "./execution-actions";

export function ExecutionHeader({ execution, banner }: { execution: ExecutionDetail; banner?: React.ReactNode }) {
  const errorText = execution.error ? JSON.stringify(execution.error) : undefined;
  return (
    <div className="space-y-4">
      <Breadcrumb
        trail={[
          { label: "Executions", href: "/executions" },
          { label: execution.functionName, href: `/executions?function=${encodeURIComponent(execution.functionName)}` },
        ]}
      />

      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-center gap-3">
          <h1 className="truncate text-xl font-semibold tracking-tight" title={execution.name}>
            {execution.name}
          </h1>
          <ExecutionStatusBadge status={execution.status} />
        </div>
        <ExecutionActions execution={execution} />
      </div>

      {banner}

      <Card>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 px-4 py-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
          <Fact label="Function">
            <Link href={`/executions?function=${encodeURIComponent(execution.functionName)}`} className="hover:underline">
              {execution.functionName}
            </Link>
          </Fact>
          <Fact label="Execution ID" wide>
            <span className="flex min-w-0 items-center gap-1">
              <span className="truncate font-mono text-xs" title={execution.executionId}>
                {execution.executionId}
              </span>
              <CopyButton value={execution.executionId} label="Copy execution id" />
              <CopyButton value={execution.arn} label="Copy execution ARN" />
            </span>
          </Fact>
          <Fact label="Started">
            <Time iso={execution.startTimestamp} />
          </Fact>
          <Fact label="Ended">
            <Time iso={execution.endTimestamp} />
          </Fact>
          <Fact label="Duration">
            <Duration start={execution.startTimestamp} end={execution.endTimestamp} live={execution.status === "RUNNING"} />
          </Fact>
          <Fact label="Invocations">{execution.invocationCount.toLocaleString()}</Fact>
          <Fact label="Operations">{Math.max(0, execution.operationCount - 1).toLocaleString()}</Fact>
          <Fact label="Events">{execution.eventCount.toLocaleString()}</Fact>
          {execution.redriveCount > 0 ? <Fact label="Redrives">{execution.redriveCount}</Fact> : null}
          {execution.replayOf ? (
            <Fact label="Replay of">
              <Link href={`/executions/${encodeURIComponent(execution.replayOf)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                {execution.replayOf.slice(0, 8)}…
              </Link>
            </Fact>
          ) : null}
          {execution.parent ? (
            <Fact label="Started by">
              <Link
                href={`/executions/${encodeURIComponent(execution.parent.executionId)}?op=${encodeURIComponent(execution.parent.operationId)}`}
                className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300"
              >
                {execution.parent.executionId.slice(0, 8)}… (invoke)
              </Link>
            </Fact>
          ) : null}
          {execution.executionTimeoutSeconds ? <Fact label="Timeout">{execution.executionTimeoutSeconds.toLocaleString()} s</Fact> : null}
        </dl>

        {execution.error ? (
          <div className="border-t border-red-100 bg-red-50/60 px-4 py-3 dark:border-red-500/20 dark:bg-red-500/5">
            <p className="text-sm text-red-800 dark:text-red-200">
              <span className="font-semibold">{execution.error.ErrorType ?? "Error"}</span>
              {execution.error.ErrorMessage ? `: ${execution.error.ErrorMessage}` : null}
            </p>
          </div>
        ) : null}

        <div className="grid gap-4 border-t border-zinc-100 px-4 py-3 md:grid-cols-2 dark:border-zinc-800">
          <JsonSection title="Input" text={execution.input} empty="No input" maxHeight="max-h-56" />
          {execution.error ? (
            <JsonSection title="Error" text={errorText} tone="error" maxHeight="max-h-56" />
          ) : (
            <JsonSection
              title="Result"
              text={execution.result}
              empty={execution.status === "RUNNING" ? "Not finished yet" : "No result"}
              maxHeight="max-h-56"
            />
          )}
        </div>
      </Card>
    </div>
  );
}

function Fact({ label, children, wide = false }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? "col-span-2" : ""}`}>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}
