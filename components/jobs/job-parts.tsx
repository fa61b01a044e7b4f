/** Small pieces the jobs pages share: a job's status badge and its query in words. */
import { Badge } from "@/components/ui/status-badge";
import type { Tone } from "@/lib/status";
import type { JobRecord, JobStatus } from "@/sdk/store/types";

const TONE: Record<JobStatus, Tone> = { PENDING: "gray", RUNNING: "blue", SUCCEEDED: "green", FAILED: "red", CANCELLED: "amber" };

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <span data-job-status={status} className="align-middle">
      <Badge tone={TONE[status]} pulse={status === "RUNNING"}>
        {status.charAt(0) + status.slice(1).toLowerCase()}
      </Badge>
    </span>
  );
}

/** "FAILED of order-processing, started 2026-01-31T09:00:00.000Z – 2026-01-31T10:00:00.000Z". */
export function queryText(job: JobRecord): string {
  const q = job.query;
  const parts = [q.statuses?.length ? q.statuses.join(", ") : "any status", q.functionName ? `of ${q.functionName}` : "of any function"];
  if (q.nameOrId) parts.push(`matching “${q.nameOrId}”`);
  if (q.stuck) parts.push("stuck");
  parts.push(`started ${q.startedAfter ?? "any time"} – ${q.startedBefore ?? "now"}`);
  return parts.join(" ");
}
