"use client";
/**
 * The event table, windowed: only the rows in view (plus a margin) are in the DOM, so a history
 * of 100,000 events scrolls like one of 100. Every row has a fixed height and an expanded row a
 * fixed extra height, so row offsets are exact prefix sums (no measuring, no drift) and a deep
 * link can scroll straight to its event.
 */
import { Fragment, useEffect, useRef } from "react";
import { JsonBlock } from "@/components/ui/json-view";
import { Badge } from "@/components/ui/status-badge";
import { useRowOffsets, useWindowedRows } from "@/components/ui/use-windowed-rows";
import { summarizeEvent } from "@/lib/event-summary";
import { formatClock } from "@/lib/format";
import { operationLabel } from "@/lib/operation-tree";
import { eventTone } from "@/lib/status";
import type { HistoryEvent, OperationView } from "@/lib/types";
import { isPlainClick, useUrlState } from "@/lib/client/use-url-state";

const ROW = 36;
const DETAIL = 276;
const th = "sticky top-0 z-10 bg-zinc-50 px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400";

export function HistoryTable({
  events,
  operations,
  open,
  onToggle,
  linkedEvent,
}: {
  events: HistoryEvent[];
  operations: ReadonlyMap<string, OperationView>;
  open: ReadonlySet<number>;
  onToggle: (eventId: number) => void;
  linkedEvent: number | undefined;
}) {
  const { href, update } = useUrlState();
  const offsets = useRowOffsets(events.length, (i) => ROW + (open.has(events[i]!.EventId) ? DETAIL : 0), [events, open]);
  const { scrollerRef, scroller, first, last, before, after } = useWindowedRows(offsets);

  // A deep-linked event scrolls into the middle of the view once it is loaded.
  const linkedIndex = linkedEvent === undefined ? -1 : events.findIndex((event) => event.EventId === linkedEvent);
  const revealPending = useRef(false);
  useEffect(() => {
    if (!scroller || linkedIndex < 0) return;
    // Scroll the table so the row gets rendered; the effect below then brings the page to it.
    scroller.scrollTop = Math.max(0, offsets[linkedIndex]! - scroller.clientHeight / 3);
    revealPending.current = true;
    // Only when the link or its position changes, not on every expand.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scroller, linkedIndex]);

  useEffect(() => {
    if (!revealPending.current || linkedIndex < first || linkedIndex >= last) return;
    revealPending.current = false;
    document.getElementById(`event-${linkedEvent}`)?.scrollIntoView({ block: "center" });
  }, [first, last, linkedIndex, linkedEvent]);

  return (
    <div ref={scrollerRef} className="max-h-[70vh] min-h-40 overflow-auto" tabIndex={-1} data-testid="history-scroller">
      <table className="w-full table-fixed text-sm">
        <caption className="sr-only">Event history</caption>
        <colgroup>
          <col className="w-10" />
          <col className="w-16" />
          <col className="w-32" />
          <col className="w-52" />
          <col className="w-56" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className={th}>
              <span className="sr-only">Details</span>
            </th>
            <th scope="col" className={`${th} text-right`}>#</th>
            <th scope="col" className={th}>Time</th>
            <th scope="col" className={th}>Type</th>
            <th scope="col" className={th}>Operation</th>
            <th scope="col" className={th}>Summary</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr aria-hidden style={{ height: before }} /> : null}
          {events.slice(first, last).map((event, offset) => {
            const index = first + offset;
            const isOpen = open.has(event.EventId);
            const op = event.Id ? operations.get(event.Id) : undefined;
            const linked = event.EventId === linkedEvent;
            const summary = summarizeEvent(event);
            const shade = linked ? "bg-amber-50 dark:bg-amber-400/10" : index % 2 ? "bg-zinc-50/60 dark:bg-zinc-900/40" : "";
            return (
              <Fragment key={event.EventId}>
                <tr
                  id={`event-${event.EventId}`}
                  style={{ height: ROW }}
                  onClick={(e) => {
                    if (!(e.target as HTMLElement).closest("a,button")) onToggle(event.EventId);
                  }}
                  className={`cursor-pointer hover:bg-sky-50/60 dark:hover:bg-sky-400/5 ${shade}`}
                >
                  <td className="px-2">
                    <button
                      type="button"
                      aria-expanded={isOpen}
                      aria-label={`Details of event ${event.EventId}`}
                      onClick={() => onToggle(event.EventId)}
                      className="inline-flex size-5 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700"
                    >
                      <svg aria-hidden viewBox="0 0 16 16" className={`size-3 transition-transform ${isOpen ? "rotate-90" : ""}`} fill="currentColor">
                        <path d="M6 4l4 4-4 4z" />
                      </svg>
                    </button>
                  </td>
                  <td className="px-3 text-right font-mono text-xs text-zinc-500">
                    <a
                      href={href({ event: String(event.EventId) })}
                      onClick={(e) => {
                        if (!isPlainClick(e)) return;
                        e.preventDefault();
                        update({ event: String(event.EventId) });
                      }}
                      className="hover:underline"
                      title="Link to this event"
                    >
                      {event.EventId}
                    </a>
                  </td>
                  <td className="truncate px-3 font-mono text-xs text-zinc-600 dark:text-zinc-400" suppressHydrationWarning>
                    {formatClock(event.EventTimestamp)}
                  </td>
                  <td className="truncate px-3">
                    <Badge tone={eventTone(event.EventType)}>{event.EventType}</Badge>
                  </td>
                  <td className="truncate px-3">
                    {op && op.Type !== "EXECUTION" ? (
                      <a
                        href={href({ tab: null, op: op.Id, event: null, type: null, operation: null })}
                        onClick={(e) => {
                          if (!isPlainClick(e)) return;
                          e.preventDefault();
                          update({ tab: null, op: op.Id, event: null, type: null, operation: null }, { push: true });
                        }}
                        className="text-zinc-800 hover:underline dark:text-zinc-200"
                      >
                        {operationLabel(op)}
                      </a>
                    ) : (
                      <span className="text-zinc-400">{op ? "Execution" : "—"}</span>
                    )}
                  </td>
                  <td className="truncate px-3 text-zinc-600 dark:text-zinc-400" title={summary}>
                    {summary}
                  </td>
                </tr>
                {isOpen ? (
                  <tr style={{ height: DETAIL }} className={shade}>
                    <td colSpan={6} className="px-4 py-2 align-top">
                      <JsonBlock text={JSON.stringify(event)} maxHeight="h-[252px]" />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
          {after > 0 ? <tr aria-hidden style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
