"use client";
/** Every bulk job, newest first, with its progress; polled faster while one is active. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api-client";
import { jobQueries } from "@/lib/client/job-queries";
import { JobStatusBadge, queryText } from "./job-parts";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

export function JobsList() {
  const jobs = useQuery(jobQueries.list());
  const items = jobs.data?.items ?? [];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Jobs</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          Bulk actions over a query (from the executions list&apos;s Bulk action, or <code>durable bulk</code>), run by the workers. Newest first.
        </p>
      </div>
      {jobs.error ? <ErrorNote title="Could not load the jobs" message={errorMessage(jobs.error)} /> : null}
      <Card className="overflow-hidden">
        {items.length > 0 ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Bulk jobs</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th scope="col" className={th}>Job</th>
                  <th scope="col" className={th}>Action</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Progress</th>
                  <th scope="col" className={th}>Query</th>
                  <th scope="col" className={th}>Created</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {items.map((job) => {
                  const { matched, done, skipped, failed } = job.counts;
                  return (
                    <tr key={job.jobId}>
                      <td className="px-3 py-2">
                        <Link href={`/jobs/${encodeURIComponent(job.jobId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                          {job.jobId}
                        </Link>
                      </td>
                      <td className="px-3 py-2">{job.kind}</td>
                      <td className="px-3 py-2">
                        <JobStatusBadge status={job.status} />
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap">
                        {done + skipped + failed}/{matched}
                        {failed ? <span className="ml-1 text-amber-700 dark:text-amber-300">({failed} failed)</span> : null}
                      </td>
                      <td className="max-w-80 truncate px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">{queryText(job)}</td>
                      <td className="px-3 py-2 whitespace-nowrap">
                        <Time iso={job.createdTimestamp} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title="No jobs yet">Filter the executions list and choose Bulk action to act on every match.</EmptyState>
        )}
      </Card>
    </div>
  );
}
