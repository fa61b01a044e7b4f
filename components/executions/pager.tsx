"use client";
/**
 * Cursor paging: forward through `cursor` in the URL; back through the browser history (each
 * page is a history entry), and "First page" from anywhere.
 */
import { Button } from "@/components/ui/button";
import type { ExecutionFilters } from "@/lib/filters";
import { useUrlState } from "@/lib/client/use-url-state";

export function Pager({ filters, nextCursor, shown }: { filters: ExecutionFilters; nextCursor: string | undefined; shown: number }) {
  const { update } = useUrlState();
  if (!filters.cursor && !nextCursor) {
    return shown > 0 ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{shown.toLocaleString()} shown</p> : null;
  }
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {shown.toLocaleString()} shown{filters.cursor ? " (not the first page)" : ""}
      </p>
      <div className="flex gap-2">
        <Button size="sm" disabled={!filters.cursor} onClick={() => update({ cursor: null }, { push: true })}>
          First page
        </Button>
        <Button size="sm" disabled={!filters.cursor} onClick={() => window.history.back()}>
          Previous
        </Button>
        <Button size="sm" disabled={!nextCursor} onClick={() => update({ cursor: nextCursor }, { push: true })}>
          Next page
        </Button>
      </div>
    </nav>
  );
}
