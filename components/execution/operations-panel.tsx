"use client";
/**
 * Durable operations: the tree (parallel, map and child contexts nest their children) as a
 * table, and the selected operation's details beside it. Selecting a row sets `op` in the URL,
 * so a link opens the page with that operation selected (its ancestors expanded, its row
 * scrolled into view).
 *
 * The table is windowed (fixed-height rows, only those in view are rendered): a map of 25,000
 * iterations is 50,000 rows and scrolls like 50.
 */
import { useEffect, useMemo, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { OperationStatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { scrollRowIntoView, useRowOffsets, useWindowedRows } from "@/components/ui/use-windowed-rows";
import { isExecutionLive } from "@/lib/operation-state";
import { ancestorIds, buildOperationTree, flattenTree, operationLabel } from "@/lib/operation-tree";
import type { ExecutionDetail, OperationView } from "@/lib/types";
import { isPlainClick, useUrlState } from "@/lib/client/use-url-state";
import { OperationDetailPanel } from "./operation-detail";
import { OperationDuration } from "./operation-timing";

const ROW = 37;
const HEADER = 33;
const th = "sticky top-0 z-10 bg-zinc-50 px-3 py-2 text-left text-xs font-medium text-zinc-500 shadow-[inset_0_-1px_0] shadow-zinc-200 dark:bg-zinc-900 dark:text-zinc-400 dark:shadow-zinc-800";

export function OperationsPanel({
  execution,
  operations,
  selectedId,
  loading,
}: {
  execution: ExecutionDetail;
  operations: OperationView[];
  selectedId: string | undefined;
  loading: boolean;
}) {
  const { href, update } = useUrlState();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const tree = useMemo(() => buildOperationTree(operations), [operations]);
  // A selected operation is never hidden inside a collapsed parent.
  const visibleCollapsed = useMemo(() => {
    if (!selectedId) return collapsed;
    const next = new Set(collapsed);
    for (const id of ancestorIds(selectedId, operations)) next.delete(id);
    return next;
  }, [collapsed, selectedId, operations]);
  const rows = useMemo(() => flattenTree(tree, visibleCollapsed), [tree, visibleCollapsed]);
  const selected = operations.find((op) => op.Id === selectedId);
  const live = isExecutionLive(execution);
  const offsets = useRowOffsets(rows.length, () => ROW, []);
  const visible = useWindowedRows(offsets);
  const { scroller } = visible;

  // A deep link (or a selection made elsewhere, e.g. from the history) brings its row into view.
  const selectedIndex = selectedId ? rows.findIndex((row) => row.operation.Id === selectedId) : -1;
  useEffect(() => {
    if (scroller && selectedIndex >= 0) scrollRowIntoView(scroller, offsets, selectedIndex, HEADER);
    // Only when the selection (or its position) changes, not on every poll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scroller, selectedId, selectedIndex >= 0]);

  const toggle = (id: string) => {
    const collapsing = !visibleCollapsed.has(id);
    // Collapsing the parent of the selected operation moves the selection up to it: a selection
    // keeps its row visible, so otherwise the collapse would not happen.
    if (collapsing && selectedId && ancestorIds(selectedId, operations).includes(id)) update({ op: id }, { push: true });
    setCollapsed((current) => {
      const next = new Set(current);
      if (collapsing) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  if (rows.length === 0) {
    return (
      <Card>
        {loading ? (
          <EmptyState title="Loading operations…" />
        ) : (
          <EmptyState title="No operations yet">
            {live
              ? "The handler has not checkpointed anything yet. If this lasts, check that a worker is running and has this function registered."
              : "This execution finished without running any durable operation."}
          </EmptyState>
        )}
      </Card>
    );
  }

  return (
    <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,0.85fr)]">
      <Card className="overflow-hidden">
        <div ref={visible.scrollerRef} className="max-h-[75vh] overflow-auto" data-testid="operations-scroller">
          <table className="w-full text-sm">
            <caption className="sr-only">Durable operations</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>Name</th>
                <th scope="col" className={th}>Type</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={th}>Started</th>
                <th scope="col" className={`${th} text-right`}>Duration</th>
                <th scope="col" className={`${th} text-right`}>Attempts</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {visible.before > 0 ? <tr aria-hidden style={{ height: visible.before }} /> : null}
              {rows.slice(visible.first, visible.last).map(({ operation, depth, hasChildren, descendantCount }) => {
                const isSelected = operation.Id === selectedId;
                const isCollapsed = visibleCollapsed.has(operation.Id);
                const link = href({ op: operation.Id, tab: null, event: null });
                return (
                  <tr
                    key={operation.Id}
                    data-operation-id={operation.Id}
                    style={{ height: ROW }}
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest("a,button")) return;
                      update({ op: operation.Id }, { push: true });
                    }}
                    className={`cursor-pointer ${isSelected ? "bg-sky-50 dark:bg-sky-400/10" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}`}
                  >
                    <td className="max-w-xs py-1.5 pr-3" style={{ paddingLeft: `${0.75 + Math.min(depth, 12) * 1.1}rem` }}>
                      <div className="flex items-center gap-1">
                        {hasChildren ? (
                          <button
                            type="button"
                            onClick={() => toggle(operation.Id)}
                            aria-expanded={!isCollapsed}
                            aria-label={`${isCollapsed ? "Expand" : "Collapse"} ${operationLabel(operation)}`}
                            className="inline-flex size-5 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
                          >
                            <svg aria-hidden viewBox="0 0 16 16" className={`size-3 transition-transform ${isCollapsed ? "" : "rotate-90"}`} fill="currentColor">
                              <path d="M6 4l4 4-4 4z" />
                            </svg>
                          </button>
                        ) : (
                          <span aria-hidden className="inline-block size-5 shrink-0" />
                        )}
                        <a
                          href={link}
                          aria-current={isSelected ? "true" : undefined}
                          onClick={(event) => {
                            if (!isPlainClick(event)) return;
                            event.preventDefault();
                            update({ op: operation.Id }, { push: true });
                          }}
                          className={`truncate ${operation.Name ? "font-medium text-zinc-900 dark:text-zinc-100" : "text-zinc-500 italic dark:text-zinc-400"} hover:underline`}
                          title={operation.Id}
                        >
                          {operationLabel(operation)}
                        </a>
                        {hasChildren && isCollapsed ? (
                          <span className="shrink-0 text-xs text-zinc-400">+{descendantCount}</span>
                        ) : null}
                      </div>
                    </td>
                    <td className="px-3 py-1.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                      <span className="text-xs">{operation.SubType ?? operation.Type}</span>
                    </td>
                    <td className="px-3 py-1.5">
                      <OperationStatusBadge operation={operation} execution={execution} />
                    </td>
                    <td className="px-3 py-1.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                      <Time iso={operation.StartTimestamp} />
                    </td>
                    <td className="px-3 py-1.5 text-right whitespace-nowrap">
                      <OperationDuration operation={operation} execution={execution} />
                    </td>
                    <td className="px-3 py-1.5 text-right whitespace-nowrap">
                      <Attempts operation={operation} />
                    </td>
                  </tr>
                );
              })}
              {visible.after > 0 ? <tr aria-hidden style={{ height: visible.after }} /> : null}
            </tbody>
          </table>
        </div>
      </Card>
      <div className="xl:sticky xl:top-16">
        {selected ? (
          <OperationDetailPanel execution={execution} operation={selected} operations={operations} />
        ) : (
          <Card>
            <EmptyState title="Select an operation">
              Its input, result or error, every attempt with its retry delay, and the logs it wrote appear here.
            </EmptyState>
          </Card>
        )}
      </div>
    </div>
  );
}

/** Attempt count for steps; "2 retries" reads better than "3" for an operator. */
function Attempts({ operation }: { operation: OperationView }) {
  if (operation.Type !== "STEP") return <span className="text-zinc-300 dark:text-zinc-600">—</span>;
  // StepDetails.Attempt counts the failed attempts so far; a PENDING step is between attempts.
  const prior = operation.StepDetails?.Attempt ?? 0;
  const count = operation.Status === "PENDING" ? prior : prior + 1;
  const retries = Math.max(0, count - 1);
  return (
    <span className={retries > 0 ? "font-medium text-amber-700 dark:text-amber-300" : "text-zinc-600 dark:text-zinc-400"} title={`${count} attempt${count === 1 ? "" : "s"}`}>
      {count}
      {retries > 0 ? <span className="ml-1 text-xs font-normal">({retries} {retries === 1 ? "retry" : "retries"})</span> : null}
    </span>
  );
}
