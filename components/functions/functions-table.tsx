"use client";
/** Each function with executions: counts by status, success rate, and links into the list. */
import Link from "next/link";
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { executionStatusLabel } from "@/lib/status";
import type { FunctionSummary } from "@/lib/types";
import { StatusBar, successRate } from "./status-bar";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

export function FunctionsTable({ functions, loading }: { functions: FunctionSummary[] | undefined; loading: boolean }) {
  const items = functions ?? [];
  return (
    <Card className="overflow-hidden">
      {items.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Functions</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60">
              <tr>
                <th scope="col" className={th}>Function</th>
                <th scope="col" className={`${th} text-right`}>Executions</th>
                {EXECUTION_STATUSES.map((status) => (
                  <th key={status} scope="col" className={`${th} text-right`}>
                    {executionStatusLabel[status]}
                  </th>
                ))}
                <th scope="col" className={`${th} text-right`}>Success rate</th>
                <th scope="col" className={`${th} w-48`}>
                  <span className="sr-only">Outcomes</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {items.map((fn) => {
                const rate = successRate(fn.counts);
                const base = `/executions?function=${encodeURIComponent(fn.functionName)}`;
                return (
                  <tr key={fn.functionName} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <td className="px-3 py-2">
                      <div className="flex items-center gap-2">
                        <Link href={base} className="font-medium whitespace-nowrap hover:text-sky-700 hover:underline dark:hover:text-sky-300">
                          {fn.functionName}
                        </Link>
                        {fn.registered?.kind === "plain" ? (
                          <span className="rounded bg-zinc-100 px-1 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400" title="A plain function: a chained-invoke target">
                            plain
                          </span>
                        ) : null}
                        {!fn.registered ? (
                          <span className="rounded bg-amber-50 px-1 text-[11px] text-amber-800 dark:bg-amber-400/10 dark:text-amber-300" title="No worker has registered this function in this store">
                            not registered
                          </span>
                        ) : null}
                      </div>
                      {fn.registered?.description ? (
                        <p className="max-w-xs truncate text-xs text-zinc-500 dark:text-zinc-400" title={fn.registered.description}>
                          {fn.registered.description}
                        </p>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 text-right font-medium">{fn.total.toLocaleString()}</td>
                    {EXECUTION_STATUSES.map((status) => (
                      <td key={status} className="px-3 py-2 text-right">
                        {fn.counts[status] > 0 ? (
                          <Link href={`${base}&status=${status}`} className="hover:underline">
                            {fn.counts[status].toLocaleString()}
                          </Link>
                        ) : (
                          <span className="text-zinc-300 dark:text-zinc-600">0</span>
                        )}
                      </td>
                    ))}
                    <td className="px-3 py-2 text-right">{rate === undefined ? "—" : `${Math.round(rate * 1000) / 10}%`}</td>
                    <td className="px-3 py-2">
                      <StatusBar counts={fn.counts} total={fn.total} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : loading ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500">Loading…</p>
      ) : (
        <EmptyState title="No functions yet">Functions appear here when a worker registers them or once they have executions.</EmptyState>
      )}
    </Card>
  );
}
