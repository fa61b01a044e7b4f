"use client";
/**
 * Event history: every event in order, filterable by type and by operation (URL `type`,
 * `operation`; an operation's filter keeps the events of everything nested in it, so picking a
 * map shows its iterations too), each expandable to its full JSON; `event=<id>` opens the page
 * at one event. Export writes Lambda's GetDurableExecutionHistory shape, `{ "Events": [...] }`.
 *
 * The first 1,000 events show at once; the rest load in the background in large pages, the
 * table renders only the rows in view (history-table.tsx), and a running execution adds only
 * its new events (use-history.ts).
 */
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/form";
import { apiGet, errorMessage } from "@/lib/client/api-client";
import { CONSOLE_HISTORY_PAGE, historyPageUrl, lambdaHistoryDocument } from "@/lib/history-pages";
import { descendantIds } from "@/lib/operation-tree";
import type { ExecutionDetail, HistoryEvent, HistoryPage, OperationView } from "@/lib/types";
import { useUrlState } from "@/lib/client/use-url-state";
import { HistoryTable } from "./history-table";
import { OperationPicker } from "./operation-picker";
import { useExecutionHistory } from "./use-history";

export function EventHistory({ execution, operations }: { execution: ExecutionDetail; operations: OperationView[] }) {
  const { searchParams, update } = useUrlState();
  const history = useExecutionHistory(execution);
  const { events } = history;
  const typeFilter = searchParams.get("type") ?? "";
  const operationFilter = searchParams.get("operation") ?? "";
  const linkedParam = searchParams.get("event");
  const linkedEvent = linkedParam === null ? undefined : Number(linkedParam);
  const linked = linkedEvent !== undefined && Number.isFinite(linkedEvent) ? linkedEvent : undefined;
  // Opened rows; a deep-linked event is open without being added here (so it closes with the link).
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const [closedLink, setClosedLink] = useState<number | undefined>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | undefined>();

  const byId = useMemo(() => new Map(operations.map((op) => [op.Id, op])), [operations]);
  const types = useMemo(() => {
    const seen = new Set<string>();
    for (const event of events) seen.add(event.EventType);
    return [...seen].sort();
  }, [events]);
  const operationIds = useMemo(
    () => (operationFilter ? new Set([operationFilter, ...descendantIds(operationFilter, operations)]) : undefined),
    [operationFilter, operations],
  );
  const shown = useMemo(
    () =>
      typeFilter || operationIds
        ? events.filter((event) => (!typeFilter || event.EventType === typeFilter) && (!operationIds || (event.Id !== undefined && operationIds.has(event.Id))))
        : events,
    [events, typeFilter, operationIds],
  );
  const openRows = useMemo(() => {
    if (linked === undefined || linked === closedLink || open.has(linked)) return open;
    return new Set(open).add(linked);
  }, [open, linked, closedLink]);

  const toggle = (eventId: number) => {
    if (eventId === linked && openRows.has(eventId) && !open.has(eventId)) {
      setClosedLink(eventId);
      return;
    }
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(eventId)) next.delete(eventId);
      else next.add(eventId);
      return next;
    });
  };

  function toggleAll() {
    if (openRows.size > 0) {
      setOpen(new Set());
      setClosedLink(linked);
    } else setOpen(new Set(shown.map((event) => event.EventId)));
  }

  async function exportJson() {
    setExporting(true);
    setExportError(undefined);
    try {
      const all = await readRest(execution.executionId, events);
      const blob = new Blob([JSON.stringify(lambdaHistoryDocument(all), null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${execution.name}-history.json`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(errorMessage(error));
    } finally {
      setExporting(false);
    }
  }

  const loading = !history.complete && !history.error;
  const linkedNotYetLoaded = linked !== undefined && events.length > 0 && linked > events[events.length - 1]!.EventId && loading;
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
          <OperationPicker label="Operation" operations={operations} value={operationFilter} onChange={(id) => update({ operation: id, event: null })} />
        </div>
        <p className="pb-1.5 text-xs text-zinc-500 tabular-nums dark:text-zinc-400" aria-live="polite">
          {shown.length.toLocaleString("en-US")} of {execution.eventCount.toLocaleString("en-US")} events
          {loading && events.length > 0 ? ` · loaded ${events.length.toLocaleString("en-US")}…` : ""}
        </p>
        <div className="ml-auto flex gap-2">
          <Button size="sm" onClick={toggleAll}>
            {openRows.size ? "Collapse all" : "Expand all"}
          </Button>
          <Button size="sm" disabled={exporting || events.length === 0} onClick={exportJson} title="Download the history as JSON in the Lambda GetDurableExecutionHistory format">
            {exporting ? "Exporting…" : "Export JSON"}
          </Button>
        </div>
      </div>

      {history.error ? <ErrorNote title="Could not load the history" message={errorMessage(history.error)} /> : null}
      {exportError ? <ErrorNote title="Export failed" message={exportError} /> : null}
      {linkedNotYetLoaded ? (
        <p role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          Loading up to event {linked.toLocaleString("en-US")}…
        </p>
      ) : null}

      <Card className="overflow-hidden">
        {shown.length > 0 ? (
          <HistoryTable events={shown} operations={byId} open={openRows} onToggle={toggle} linkedEvent={linked} />
        ) : history.isPending ? (
          <p className="px-4 py-8 text-center text-sm text-zinc-500">Loading events…</p>
        ) : (
          <EmptyState title={events.length ? "No events match these filters" : "No events yet"}>
            {events.length ? (
              <Button size="sm" onClick={() => update({ type: null, operation: null, event: null })}>
                Clear filters
              </Button>
            ) : null}
          </EmptyState>
        )}
      </Card>
    </div>
  );
}

/** The whole history for an export: what is held, then whatever is still unread. */
async function readRest(executionId: string, held: HistoryEvent[]): Promise<HistoryEvent[]> {
  const all = [...held];
  let after = held.length ? held[held.length - 1]!.EventId : 0;
  for (;;) {
    const page = await apiGet<HistoryPage>(historyPageUrl(executionId, { after }, CONSOLE_HISTORY_PAGE));
    for (const event of page.events) all.push(event);
    if (page.nextCursor === undefined || page.events.length === 0) return all;
    after = page.nextCursor;
  }
}
