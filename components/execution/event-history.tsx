"use client";
/**
 * Event history: every event in order, filterable by type and operation (URL `type`, `operation`),
 * each expandable to its full JSON; `event=<id>` opens the page at one event. Export writes the
 * Lambda GetDurableExecutionHistory shape, `{ "Events": [...] }`.
 *
 * The first page of 1,000 events shows at once; the rest load in the background, page by page,
 * and the table renders only the rows in view (see history-table.tsx).
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/form";
import { errorMessage } from "@/lib/api-client";
import { operationLabel } from "@/lib/operation-tree";
import { executionQueries } from "@/lib/query-options";
import type { ExecutionDetail, OperationView } from "@/lib/types";
import { useUrlState } from "@/lib/use-url-state";
import { HistoryTable } from "./history-table";

export function EventHistory({ execution, operations }: { execution: ExecutionDetail; operations: OperationView[] }) {
  const { searchParams, update } = useUrlState();
  const history = useInfiniteQuery(executionQueries.history(execution.executionId, execution.version));
  const events = useMemo(() => history.data?.pages.flatMap((page) => page.events) ?? [], [history.data]);
  const typeFilter = searchParams.get("type") ?? "";
  const operationFilter = searchParams.get("operation") ?? "";
  const linkedEvent = Number(searchParams.get("event") ?? NaN);
  const [open, setOpen] = useState<Set<number>>(() => new Set(Number.isFinite(linkedEvent) ? [linkedEvent] : []));
  const [exporting, setExporting] = useState(false);

  const byId = useMemo(() => new Map(operations.map((op) => [op.Id, op])), [operations]);
  const types = useMemo(() => [...new Set(events.map((event) => event.EventType))].sort(), [events]);
  const eventOperations = useMemo(() => {
    const withEvents = new Set(events.map((event) => event.Id));
    return operations.filter((op) => op.Type !== "EXECUTION" && withEvents.has(op.Id));
  }, [operations, events]);
  const shown = useMemo(
    () =>
      typeFilter || operationFilter
        ? events.filter((event) => (!typeFilter || event.EventType === typeFilter) && (!operationFilter || event.Id === operationFilter))
        : events,
    [events, typeFilter, operationFilter],
  );

  // A deep link to one event opens it (HistoryTable scrolls to it).
  useEffect(() => {
    if (!Number.isFinite(linkedEvent)) return;
    setOpen((current) => (current.has(linkedEvent) ? current : new Set(current).add(linkedEvent)));
  }, [linkedEvent]);

  // Load the rest of a long history in the background, one page after another.
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = history;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  const toggle = (eventId: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(eventId)) next.delete(eventId);
      else next.add(eventId);
      return next;
    });

  async function exportJson() {
    setExporting(true);
    try {
      let result = history;
      while (result.hasNextPage) result = (await result.fetchNextPage()) as typeof history;
      const all = result.data?.pages.flatMap((page) => page.events) ?? events;
      const blob = new Blob([JSON.stringify({ Events: all }, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${execution.name}-history.json`;
      link.click();
      URL.revokeObjectURL(url);
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="w-56">
          <label htmlFor="history-type" className="mb-1 block text-xs text-zinc-500 dark:text-zinc-400">
            Event type
          </label>
          <Select id="history-type" value={typeFilter} onChange={(event) => update({ type: event.target.value, event: null })}>
            <option value="">All types</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-64">
          <label htmlFor="history-operation" className="mb-1 block text-xs text-zinc-500 dark:text-zinc-400">
            Operation
          </label>
          <Select id="history-operation" value={operationFilter} onChange={(event) => update({ operation: event.target.value, event: null })}>
            <option value="">All operations</option>
            {eventOperations.map((op) => (
              <option key={op.Id} value={op.Id}>
                {operationLabel(op)}
              </option>
            ))}
          </Select>
        </div>
        <p className="pb-1.5 text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {shown.length.toLocaleString()} of {execution.eventCount.toLocaleString()} events
          {hasNextPage ? ` · loaded ${events.length.toLocaleString()}…` : ""}
        </p>
        <div className="ml-auto flex gap-2">
          <Button size="sm" onClick={() => setOpen(new Set(open.size ? [] : shown.map((event) => event.EventId)))}>
            {open.size ? "Collapse all" : "Expand all"}
          </Button>
          <Button size="sm" disabled={exporting || events.length === 0} onClick={exportJson}>
            {exporting ? "Exporting…" : "Export JSON"}
          </Button>
        </div>
      </div>

      {history.error ? <ErrorNote title="Could not load the history" message={errorMessage(history.error)} /> : null}

      <Card className="overflow-hidden">
        {shown.length > 0 ? (
          <HistoryTable events={shown} operations={byId} open={open} onToggle={toggle} linkedEvent={Number.isFinite(linkedEvent) ? linkedEvent : undefined} />
        ) : history.isPending ? (
          <p className="px-4 py-8 text-center text-sm text-zinc-500">Loading events…</p>
        ) : (
          <EmptyState title={events.length ? "No events match these filters" : "No events yet"} />
        )}
      </Card>

    </div>
  );
}

