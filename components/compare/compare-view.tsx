"use client";
/**
 * Two runs compared: who they are, where they part ways (in words, with a link to the operation
 * in each run), how their inputs differ, and their operations side by side. Reads one query,
 * `executionQueries.compare(a, b)`, which the page fills on the server.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, SectionTitle } from "@/components/ui/card";
import { ErrorNote } from "@/components/ui/empty-state";
import { ExecutionStatusBadge } from "@/components/ui/status-badge";
import { Duration, Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api-client";
import { executionQueries } from "@/lib/client/query-options";
import type { RunComparison, RunSummary } from "@/lib/compare/compare-runs";
import type { JsonDiff } from "@/lib/compare/json-diff";
import { CompareOperations } from "./compare-operations";

const executionHref = (id: string, operationId?: string) =>
  `/executions/${encodeURIComponent(id)}${operationId ? `?op=${encodeURIComponent(operationId)}` : ""}`;

export function CompareView({ a, b }: { a: string; b: string }) {
  const query = useQuery(executionQueries.compare(a, b));
  if (query.error) return <ErrorNote title="Could not compare these runs" message={errorMessage(query.error)} />;
  const comparison = query.data;
  if (!comparison) return <p className="text-sm text-zinc-500">Comparing…</p>;
  return (
    <div className="space-y-4">
      <Breadcrumb trail={[{ label: "Executions", href: "/executions" }, { label: "Compare runs" }]} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Compare runs</h1>
        <Link
          href={`/executions/compare?${new URLSearchParams({ a: comparison.b.executionId, b: comparison.a.executionId })}`}
          className="text-sm text-sky-700 hover:underline dark:text-sky-300"
        >
          Swap A and B
        </Link>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <RunCard label="Run A" run={comparison.a} />
        <RunCard label="Run B" run={comparison.b} />
      </div>
      {comparison.sameFunction ? null : (
        <p role="note" className="text-sm text-amber-800 dark:text-amber-200">
          These runs are of different functions: their operation ids rarely line up.
        </p>
      )}
      <Divergence comparison={comparison} />
      <Card>
        <SectionTitle>Input</SectionTitle>
        <JsonDiffTable diff={comparison.input} same="The inputs are the same." label="Input differences" />
      </Card>
      {comparison.result.equal ? null : (
        <Card>
          <SectionTitle>Result</SectionTitle>
          <JsonDiffTable diff={comparison.result} same="" label="Result differences" />
        </Card>
      )}
      <Card className="overflow-hidden">
        <CompareOperations comparison={comparison} />
      </Card>
    </div>
  );
}

function RunCard({ label, run }: { label: string; run: RunSummary }) {
  return (
    <Card>
      <div className="space-y-2 px-4 py-3" aria-label={label} role="group">
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</span>
          <ExecutionStatusBadge status={run.status} />
        </div>
        <Link href={executionHref(run.executionId)} className="block truncate font-medium text-sky-700 hover:underline dark:text-sky-300" title={run.executionId}>
          {run.name}
        </Link>
        <dl className="grid grid-cols-3 gap-2 text-xs">
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Function</dt>
            <dd className="truncate">{run.functionName}</dd>
          </div>
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Started</dt>
            <dd>
              <Time iso={run.startTimestamp} />
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Duration</dt>
            <dd>
              <Duration start={run.startTimestamp} end={run.endTimestamp} live={run.status === "RUNNING"} />
            </dd>
          </div>
        </dl>
        {run.error ? (
          <p className="truncate text-xs text-red-700 dark:text-red-300" title={run.error.ErrorMessage}>
            {run.error.ErrorType ?? "Error"}
            {run.error.ErrorMessage ? `: ${run.error.ErrorMessage}` : ""}
          </p>
        ) : null}
      </div>
    </Card>
  );
}

function Divergence({ comparison }: { comparison: RunComparison }) {
  const divergence = comparison.firstDivergence;
  return (
    <section
      aria-label="First divergence"
      className={`rounded-lg border px-4 py-3 text-sm ${
        divergence
          ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-400/40 dark:bg-amber-400/10 dark:text-amber-100"
          : "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-400/30 dark:bg-emerald-400/10 dark:text-emerald-100"
      }`}
    >
      {divergence ? (
        <>
          <p>
            <span className="font-semibold">First divergence: </span>
            {divergence.message}
          </p>
          {divergence.operationId ? (
            <p className="mt-1 flex gap-3 text-xs">
              <Link href={executionHref(comparison.a.executionId, divergence.operationId)} className="underline">
                Open it in run A
              </Link>
              <Link href={executionHref(comparison.b.executionId, divergence.operationId)} className="underline">
                Open it in run B
              </Link>
            </p>
          ) : null}
        </>
      ) : (
        <p>The runs did the same: the same operations, with the same outcomes and results.</p>
      )}
    </section>
  );
}

const KIND_MARK = { added: "+", removed: "−", changed: "~" } as const;

function JsonDiffTable({ diff, same, label }: { diff: JsonDiff; same: string; label: string }) {
  if (diff.equal) return <p className="px-4 py-3 text-sm text-zinc-500 dark:text-zinc-400">{same}</p>;
  const show = (value: unknown) => (value === undefined ? "" : JSON.stringify(value));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
            <th scope="col" className="px-4 py-2 font-medium">Path</th>
            <th scope="col" className="px-4 py-2 font-medium">Run A</th>
            <th scope="col" className="px-4 py-2 font-medium">Run B</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 font-mono text-xs dark:divide-zinc-800/70">
          {diff.changes.map((change) => (
            <tr key={`${change.kind}:${change.path}`} data-change={change.kind}>
              <td className="px-4 py-1.5 whitespace-nowrap">
                <span aria-label={change.kind} className="mr-1.5 inline-block w-3 text-zinc-400">
                  {KIND_MARK[change.kind]}
                </span>
                {change.path || "(whole document)"}
              </td>
              <td className="max-w-[20rem] truncate px-4 py-1.5 text-red-800 dark:text-red-300" title={show(change.a)}>
                {show(change.a)}
              </td>
              <td className="max-w-[20rem] truncate px-4 py-1.5 text-emerald-800 dark:text-emerald-300" title={show(change.b)}>
                {show(change.b)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.truncated ? <p className="px-4 py-2 text-xs text-zinc-500">Only the first {diff.changes.length} differences are listed.</p> : null}
    </div>
  );
}
