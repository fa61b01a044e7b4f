"use client";
/**
 * One bulk job: what it does to which query, its progress bar (executions processed of those
 * matched), its counts, a cancel button while it is active, and what it did to each execution,
 * in order (polled while the job runs; "Show more" pages on).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api-client";
import { cancelJob, jobKeys, jobQueries } from "@/lib/client/job-queries";
import { useActionGate } from "@/lib/client/session-context";
import type { JobRecord } from "@/sdk/store/types";
import { JobStatusBadge, queryText } from "./job-parts";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

export function JobProgress({ job }: { job: JobRecord }) {
  const { matched, done, skipped, failed } = job.counts;
  const processed = done + skipped + failed;
  const percent = matched === 0 ? 100 : Math.min(100, Math.round((processed / matched) * 100));
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label="Job progress"
        aria-valuemin={0}
        aria-valuemax={matched}
        aria-valuenow={processed}
        className="h-3 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-sky-600 transition-[width] dark:bg-sky-400" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="job-progress-text">
        {processed} of {matched} processed ({percent}%): {done} done, {skipped} skipped, {failed} failed
      </p>
    </div>
  );
}

export function JobView({ jobId }: { jobId: string }) {
  const queryClient = useQueryClient();
  const gate = useActionGate();
  const [confirming, setConfirming] = useState(false);
  const job = useQuery(jobQueries.one(jobId));
  const live = job.data?.status === "PENDING" || job.data?.status === "RUNNING";
  const outcomes = useInfiniteQuery(jobQueries.outcomes(jobId, live));
  const cancel = useMutation({
    mutationFn: () => cancelJob(jobId),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
  const items = outcomes.data?.pages.flatMap((page) => page.items) ?? [];
  const j = job.data;
  // The outcomes stop polling when the job ends: read them once more then, for its last batch.
  const ended = j !== undefined && !live;
  useEffect(() => {
    if (ended) void queryClient.invalidateQueries({ queryKey: jobKeys.outcomes(jobId) });
  }, [ended, jobId, queryClient]);

  return (
    <div className="space-y-4">
      <Breadcrumb trail={[{ label: "Jobs", href: "/jobs" }, { label: jobId }]} />
      {job.error ? <ErrorNote title="Could not load the job" message={errorMessage(job.error)} /> : null}
      {j ? (
        <>
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h1 className="text-xl font-semibold tracking-tight">
                Bulk {j.kind} <JobStatusBadge status={j.status} />
              </h1>
              <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
                {queryText(j)} · created <Time iso={j.createdTimestamp} /> by {j.createdBy.actor}
                {j.cancelRequested && live ? " · cancel requested: it stops after the current batch" : ""}
              </p>
            </div>
            {live ? (
              <Button variant="danger" {...gate.props({ disabled: cancel.isPending || j.cancelRequested === true })} onClick={() => setConfirming(true)}>
                Cancel job
              </Button>
            ) : null}
          </div>
          <Card className="p-4">
            <JobProgress job={j} />
            {j.error ? <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">{j.error}</p> : null}
          </Card>
          <ConfirmDialog
            open={confirming}
            onClose={() => setConfirming(false)}
            onConfirm={() => cancel.mutate()}
            title="Cancel this job?"
            description="Executions already acted on stay as they are; the rest are left alone."
            pending={cancel.isPending}
            pendingLabel="Cancelling…"
            error={cancel.error ? errorMessage(cancel.error) : undefined}
            danger
          />
        </>
      ) : null}
      <Card className="overflow-hidden">
        {items.length > 0 ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">What the job did to each execution</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th scope="col" className={th}>#</th>
                  <th scope="col" className={th}>Execution</th>
                  <th scope="col" className={th}>Outcome</th>
                  <th scope="col" className={th}>Why / details</th>
                  <th scope="col" className={th}>When</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {items.map((o) => (
                  <tr key={o.seq} data-testid="job-outcome">
                    <td className="px-3 py-2 text-zinc-500">{o.seq}</td>
                    <td className="px-3 py-2">
                      <Link href={`/executions/${encodeURIComponent(o.executionId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                        {o.executionId}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{o.status}</td>
                    <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">
                      {o.reason ?? (o.details && Object.keys(o.details).length ? JSON.stringify(o.details) : "")}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Time iso={o.timestamp} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title="Nothing done yet">Each execution the job acts on or skips is listed here, in order.</EmptyState>
        )}
      </Card>
      {outcomes.hasNextPage ? (
        <div className="flex justify-center">
          <Button disabled={outcomes.isFetchingNextPage} onClick={() => void outcomes.fetchNextPage()}>
            {outcomes.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
