"use client";
/** "What is it waiting on?": each pending callback, since when, until when, with a link to answer it. */
import { Time } from "@/components/ui/time";
import { formatRelative } from "@/lib/format";
import type { PendingCallback } from "@/lib/types";
import { isPlainClick, useUrlState } from "@/lib/client/use-url-state";
import { useNow } from "@/components/ui/time";

export function WaitingBanner({ pending }: { pending: PendingCallback[] }) {
  const { href, update } = useUrlState();
  const now = useNow(true, 5000);
  return (
    <div data-testid="waiting-banner" className="rounded-lg border border-violet-200 bg-violet-50 px-4 py-2.5 text-sm text-violet-900 dark:border-violet-400/25 dark:bg-violet-400/10 dark:text-violet-100">
      {pending.map((callback) => {
        const link = href({ tab: null, op: callback.focusOperationId, event: null });
        return (
          <div key={callback.callbackId} className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <svg aria-hidden viewBox="0 0 16 16" className="size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.5">
              <circle cx="8" cy="8" r="6" />
              <path d="M8 4.5V8l2.5 1.5" />
            </svg>
            <span>
              Waiting for callback <span className="font-semibold">{callback.name ?? callback.operationId.slice(0, 8)}</span> since{" "}
              <Time iso={callback.startedAt} />
              {callback.timeoutAt ? <span suppressHydrationWarning> · times out {formatRelative(callback.timeoutAt, now)}</span> : null}
            </span>
            <a
              href={link}
              onClick={(event) => {
                if (!isPlainClick(event)) return;
                event.preventDefault();
                update({ tab: null, op: callback.focusOperationId, event: null }, { push: true });
              }}
              className="font-medium underline underline-offset-2 hover:no-underline"
            >
              Answer it
            </a>
          </div>
        );
      })}
    </div>
  );
}
