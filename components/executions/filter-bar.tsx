"use client";
/**
 * Search (any part of a name or id, in any case), function and start-time range. Every change
 * lands in the URL; the search box waits for a pause in typing so the list is not refetched on
 * every keystroke. A range that starts after it ends is shown as an error under the dates. On a
 * narrow screen every control takes the full width and the dates stack.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { dateRangeProblem, hasActiveFilters, type ExecutionFilters } from "@/lib/filters";
import { executionQueries } from "@/lib/client/query-options";
import { useUrlState } from "@/lib/client/use-url-state";

/** datetime-local speaks local time without a zone; the URL speaks ISO (UTC). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function FilterBar({ filters }: { filters: ExecutionFilters }) {
  const { update } = useUrlState();
  const names = useQuery(executionQueries.functionNames());
  const [q, setQ] = useState(filters.q ?? "");

  // Follow the URL when it changes from elsewhere (back button, "Clear filters").
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);
  useEffect(() => {
    if (q === (filters.q ?? "")) return;
    const timer = setTimeout(() => update({ q: q.trim(), cursor: null }), 300);
    return () => clearTimeout(timer);
  }, [q, filters.q, update]);

  const rangeProblem = dateRangeProblem(filters);
  const functionOptions = [...new Set([...(names.data ?? []), ...(filters.functionName ? [filters.functionName] : [])])].sort();

  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="relative w-full sm:w-72">
        <label htmlFor="filter-q" className="sr-only">
          Search by name or id
        </label>
        <svg aria-hidden viewBox="0 0 16 16" className="pointer-events-none absolute top-2 left-2.5 size-4 text-zinc-400" fill="none" stroke="currentColor" strokeWidth="1.5">
          <circle cx="7" cy="7" r="4.5" />
          <path d="m10.5 10.5 3 3" />
        </svg>
        <Input
          id="filter-q"
          type="search"
          placeholder="Name or execution id…"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") update({ q: q.trim(), cursor: null });
          }}
          className="pl-8"
        />
      </div>
      <div className="w-full sm:w-52">
        <label htmlFor="filter-function" className="sr-only">
          Function
        </label>
        <Select
          id="filter-function"
          value={filters.functionName ?? ""}
          onChange={(event) => update({ function: event.target.value, cursor: null }, { push: true })}
        >
          <option value="">All functions</option>
          {functionOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid w-full grid-cols-[auto_minmax(0,1fr)] items-center gap-x-1.5 gap-y-2 sm:flex sm:w-auto">
        <label htmlFor="filter-from" className="text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
          Started from
        </label>
        <Input
          id="filter-from"
          type="datetime-local"
          value={toLocalInput(filters.from)}
          onChange={(event) => update({ from: fromLocalInput(event.target.value), cursor: null })}
          aria-invalid={rangeProblem ? true : undefined}
          aria-describedby={rangeProblem ? "filter-range-problem" : undefined}
          className="sm:w-48"
        />
        <label htmlFor="filter-to" className="text-right text-xs text-zinc-500 dark:text-zinc-400">
          to
        </label>
        <Input
          id="filter-to"
          type="datetime-local"
          value={toLocalInput(filters.to)}
          onChange={(event) => update({ to: fromLocalInput(event.target.value), cursor: null })}
          aria-invalid={rangeProblem ? true : undefined}
          aria-describedby={rangeProblem ? "filter-range-problem" : undefined}
          className="sm:w-48"
        />
      </div>
      {hasActiveFilters(filters) ? (
        <Button
          variant="ghost"
          onClick={() => update({ status: null, function: null, q: null, from: null, to: null, cursor: null }, { push: true })}
        >
          Clear filters
        </Button>
      ) : null}
      {rangeProblem ? (
        <p id="filter-range-problem" role="alert" className="basis-full text-xs text-red-700 dark:text-red-300">
          The start of the range ({toLocalInput(filters.from).replace("T", " ")}) is later than its end (
          {toLocalInput(filters.to).replace("T", " ")}): no execution can match. Change one of them.
        </p>
      ) : null}
    </div>
  );
}
