"use client";
/**
 * The audit log table: who did what to which execution or callback, when, and how it ended.
 * Refreshes while open; "Show more" follows the keyset cursor; the execution filter is a link.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api-client";
import { auditQueries } from "@/lib/client/query-options";
import type { AuditEntry } from "@/lib/types";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

const ACTION_LABELS: Record<string, string> = {
  "execution.start": "Start",
  "execution.stop": "Stop",
  "execution.redrive": "Redrive",
  "execution.replay": "Replay",
  "execution.bulk": "Bulk action",
  "callback.succeed": "Callback success",
  "callback.fail": "Callback failure",
  "callback.heartbeat": "Callback heartbeat",
  "bundle.import": "Import bundle",
  "bundle.remove": "Remove bundle",
  "auth.login": "Sign in",
  "auth.logout": "Sign out",
};

const OUTCOME_STYLES: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-400/15 dark:text-emerald-200",
  failed: "bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200",
  denied: "bg-red-100 text-red-800 dark:bg-red-400/15 dark:text-red-200",
};

function detailsText(entry: AuditEntry): string | undefined {
  if (!entry.details) return undefined;
  const parts = Object.entries(entry.details)
    .filter(([key]) => key !== "bulk")
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  if (entry.details.bulk) parts.unshift("bulk");
  return parts.length ? parts.join(" · ") : undefined;
}

/** The audit log; its first page comes prefetched from the page (app/audit/page.tsx), with the same query options. */
export function AuditView({ executionId }: { executionId?: string }) {
  const audit = useInfiniteQuery(auditQueries.entries(executionId));
  const items = audit.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
            Every action taken through the console or its API: who, what, on which execution, when, and how it ended. Newest first.
          </p>
          {executionId ? (
            <p className="mt-1 text-sm">
              Execution{" "}
              <Link href={`/executions/${encodeURIComponent(executionId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                {executionId}
              </Link>{" "}
              ·{" "}
              <Link href="/audit" className="text-sky-700 hover:underline dark:text-sky-300">
                show all
              </Link>
            </p>
          ) : null}
        </div>
        <LiveIndicator live fetching={audit.isFetching} updatedAt={audit.dataUpdatedAt} onRefresh={() => void audit.refetch()} />
      </div>
      {audit.error ? <ErrorNote title="Could not load the audit log" message={errorMessage(audit.error)} /> : null}
      <Card className="overflow-hidden">
        {items.length > 0 ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Audit log</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th scope="col" className={th}>When</th>
                  <th scope="col" className={th}>Who</th>
                  <th scope="col" className={th}>Action</th>
                  <th scope="col" className={th}>Execution</th>
                  <th scope="col" className={th}>Outcome</th>
                  <th scope="col" className={th}>Details</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {items.map((entry) => (
                  <tr key={entry.id} className="align-top">
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Time iso={entry.timestamp} />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <span className="font-medium">{entry.actor}</span>
                      {entry.role ? <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">({entry.role})</span> : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{ACTION_LABELS[entry.action] ?? entry.action}</td>
                    <td className="max-w-64 truncate px-3 py-2">
                      {entry.executionId ? (
                        <Link
                          href={`/executions/${encodeURIComponent(entry.executionId)}`}
                          className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300"
                        >
                          {entry.executionId}
                        </Link>
                      ) : (
                        <span className="text-zinc-400">—</span>
                      )}
                      {entry.callbackId ? (
                        <div className="truncate font-mono text-xs text-zinc-500" title={entry.callbackId}>
                          callback {entry.callbackId.slice(0, 16)}…
                        </div>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLES[entry.outcome] ?? ""}`}>{entry.outcome}</span>
                    </td>
                    <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">
                      {entry.errorCode ? <span className="font-mono">{entry.errorCode}</span> : null}
                      {entry.message ? <span>{entry.errorCode ? ": " : ""}{entry.message}</span> : null}
                      {detailsText(entry) ? <div>{detailsText(entry)}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title="No actions recorded yet">
            Starts, stops, redrives, replays, callback answers and sign-ins appear here as they happen.
          </EmptyState>
        )}
      </Card>
      {audit.hasNextPage ? (
        <div className="flex justify-center">
          <Button disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {audit.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
