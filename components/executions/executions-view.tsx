"use client";
/**
 * The executions list: status counts, filters, the table and cursor paging, all driven by the
 * URL (`status`, `function`, `q`, `from`, `to`, `order`, `cursor`, and `stuck=1` for the Stuck
 * filter), so every view is a link.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ErrorNote } from "@/components/ui/empty-state";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { errorMessage } from "@/lib/client/api-client";
import { dateRangeProblem, parseFilters, type FilterProblem } from "@/lib/filters";
import { executionQueries } from "@/lib/client/query-options";
import { useUrlState } from "@/lib/client/use-url-state";
import { BulkBar } from "./bulk-bar";
import { BulkActionButton } from "@/components/jobs/bulk-action-button";
import { ExecutionsTable } from "./executions-table";
import { FilterBar } from "./filter-bar";
import { Pager } from "./pager";
import { StartExecutionButton } from "./start-execution-dialog";
import { StuckList, StuckToggle } from "@/components/stuck/stuck-list";
import { StatusFilter } from "./status-filter";

export function ExecutionsView({ problems }: { problems: FilterProblem[] }) {
  const { searchParams, update } = useUrlState();
  const { filters } = parseFilters(searchParams);
  // The "Stuck" filter: the stuck executions and their reasons instead of the store's list.
  const stuckOnly = searchParams.get("stuck") === "1";
  // A reversed time range is an error in the filter bar; nothing is asked of the server meanwhile.
  const rangeOk = dateRangeProblem(filters) === undefined;
  const list = useQuery({ ...executionQueries.list(filters), enabled: rangeOk });
  const counts = useQuery({ ...executionQueries.counts(filters), enabled: rangeOk });
  const live = list.data?.items.some((execution) => execution.status === "RUNNING") ?? false;
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  // Selection is of what is shown: it follows the rows, so a refresh or a filter drops what left.
  const selected = useMemo(() => (list.data?.items ?? []).filter((e) => selectedIds.has(e.executionId)), [list.data, selectedIds]);
  const onSelect = (ids: string[], on: boolean) =>
    setSelectedIds((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  // A cursor the server could not read is dropped, so the page shows its first page.
  const badCursor = problems.some((problem) => problem.param === "cursor");
  useEffect(() => {
    if (badCursor) update({ cursor: null });
  }, [badCursor, update]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Executions</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">Every run of every durable function, newest first.</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <LiveIndicator
            live={live}
            fetching={list.isFetching}
            updatedAt={list.dataUpdatedAt}
            onRefresh={() => {
              void list.refetch();
              void counts.refetch();
            }}
          />
          <BulkActionButton filters={filters} stuck={stuckOnly} />
          <StartExecutionButton />
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <StatusFilter counts={rangeOk ? counts.data : undefined} selected={filters.statuses ?? []} />
        <StuckToggle on={stuckOnly} />
      </div>
      <FilterBar filters={filters} />

      {problems.length > 0 ? (
        <ErrorNote
          title="Some filters were ignored"
          message={problems.map((problem) => `${problem.param} ${problem.message}`).join("; ")}
        />
      ) : null}
      {list.error ? <ErrorNote title="Could not load executions" message={errorMessage(list.error)} /> : null}

      {stuckOnly ? (
        <StuckList functionName={filters.functionName} />
      ) : (
        <>
          <BulkBar selected={selected} onClear={() => setSelectedIds(new Set())} />
          <ExecutionsTable
            page={rangeOk ? list.data : { items: [] }}
            filters={filters}
            loading={rangeOk && list.isPending}
            selected={new Set(selected.map((e) => e.executionId))}
            onSelect={onSelect}
          />
          <Pager filters={filters} nextCursor={rangeOk ? list.data?.nextCursor : undefined} shown={rangeOk ? (list.data?.items.length ?? 0) : 0} />
        </>
      )}
    </div>
  );
}
