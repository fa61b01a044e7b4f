"use client";
/**
 * The approvals inbox's filters, kept in the URL: one function, one callback name, and the order
 * (longest waiting first, or soonest deadline first).
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Input, Select } from "@/components/ui/form";
import { functionQueries } from "@/lib/client/query-options";
import { DEFAULT_STATS_RANGE } from "@/lib/stats-range";
import type { ApprovalsFilter } from "@/lib/types";

export function ApprovalsFilterBar({
  filter,
  names,
  onChange,
}: {
  filter: ApprovalsFilter;
  /** Callback names seen in the inbox, offered as suggestions. */
  names: string[];
  onChange: (filter: ApprovalsFilter) => void;
}) {
  const functions = useQuery(functionQueries.summaries(DEFAULT_STATS_RANGE));
  const functionNames = (functions.data ?? []).map((fn) => fn.functionName);
  if (filter.functionName && !functionNames.includes(filter.functionName)) functionNames.unshift(filter.functionName);
  // The name is typed: it reaches the URL when the field is left or Enter is pressed.
  const [name, setName] = useState(filter.name ?? "");
  useEffect(() => setName(filter.name ?? ""), [filter.name]);
  const commitName = () => {
    if (name.trim() !== (filter.name ?? "")) onChange({ ...filter, name: name.trim() || undefined });
  };
  return (
    <div role="group" aria-label="Filter approvals" className="flex flex-wrap items-end gap-3">
      <div className="space-y-1">
        <label htmlFor="approvals-function" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Function
        </label>
        <Select id="approvals-function" value={filter.functionName ?? ""} onChange={(event) => onChange({ ...filter, functionName: event.target.value || undefined })} className="w-48">
          <option value="">All functions</option>
          {functionNames.map((fn) => (
            <option key={fn} value={fn}>
              {fn}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="approvals-name" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Callback name
        </label>
        <Input
          id="approvals-name"
          list="approvals-names"
          value={name}
          placeholder="Any"
          onChange={(event) => setName(event.target.value)}
          onBlur={commitName}
          onKeyDown={(event) => {
            if (event.key === "Enter") commitName();
          }}
          className="w-48"
        />
        <datalist id="approvals-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </div>
      <div className="space-y-1">
        <label htmlFor="approvals-sort" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Sort
        </label>
        <Select
          id="approvals-sort"
          value={filter.sort ?? "waiting"}
          onChange={(event) => onChange({ ...filter, sort: event.target.value === "deadline" ? "deadline" : undefined })}
          className="w-52"
        >
          <option value="waiting">Longest waiting first</option>
          <option value="deadline">Soonest deadline first</option>
        </Select>
      </div>
    </div>
  );
}
