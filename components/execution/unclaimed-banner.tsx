"use client";
/**
 * Shown above a RUNNING execution that is due and that no worker has claimed (lib/execution-schedule):
 * the page would otherwise look like a healthy run that is merely slow.
 */
import { Time } from "@/components/ui/time";

export function UnclaimedBanner({ since, functionName }: { since: string; functionName: string }) {
  return (
    <div
      role="status"
      data-testid="unclaimed-banner"
      className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-950 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-100"
    >
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <svg aria-hidden viewBox="0 0 16 16" className="size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M8 1.8 15 14H1L8 1.8Z" strokeLinejoin="round" />
          <path d="M8 6.5v3.2M8 11.6v.1" strokeLinecap="round" />
        </svg>
        <span>
          <span className="font-semibold">
            Due since <Time iso={since} />, waiting for a worker to pick it up.
          </span>{" "}
          No running worker may have <span className="font-mono text-xs">{functionName}</span> registered: start one that does, for
          example <code className="font-mono text-xs break-words">durable worker --functions ./my-functions.ts</code>.
        </span>
      </p>
    </div>
  );
}
