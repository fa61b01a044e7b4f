"use client";
import { useQuery } from "@tanstack/react-query";
import { ErrorNote } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/api-client";
import { functionQueries } from "@/lib/query-options";
import { FunctionsTable } from "./functions-table";

export function FunctionsView() {
  const functions = useQuery(functionQueries.summaries());
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Functions</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">Functions workers registered in this store or that have executions, and how their runs ended.</p>
      </div>
      {functions.error ? <ErrorNote title="Could not load functions" message={errorMessage(functions.error)} /> : null}
      <FunctionsTable functions={functions.data} loading={functions.isPending} />
    </div>
  );
}
