"use client";
/** Log lines an operation (or the whole execution) wrote, with level, attempt and structured data. */
import { formatClock } from "@/lib/format";
import type { LogEntry } from "@/lib/types";

const levelClass: Record<LogEntry["level"], string> = {
  DEBUG: "text-zinc-500",
  INFO: "text-sky-700 dark:text-sky-300",
  WARN: "text-amber-700 dark:text-amber-300",
  ERROR: "text-red-700 dark:text-red-300",
};

export function LogsTable({ logs }: { logs: LogEntry[] | undefined }) {
  if (!logs) return <p className="text-sm text-zinc-400">Loading…</p>;
  if (logs.length === 0) return <p className="text-sm text-zinc-400 italic">No logs</p>;
  return (
    <div className="max-h-72 overflow-auto rounded-md ring-1 ring-zinc-200 ring-inset dark:ring-zinc-800">
      <table className="w-full font-mono text-xs">
        <caption className="sr-only">Logs</caption>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {logs.map((log) => (
            <tr key={log.seq} className="align-top">
              <td className="px-2 py-1 whitespace-nowrap text-zinc-500" suppressHydrationWarning>
                {formatClock(log.timestamp)}
              </td>
              <td className={`px-2 py-1 font-semibold ${levelClass[log.level]}`}>{log.level}</td>
              <td className="px-2 py-1 whitespace-nowrap text-zinc-400">{log.attempt !== undefined ? `#${log.attempt}` : ""}</td>
              <td className="w-full px-2 py-1 break-all text-zinc-800 dark:text-zinc-200">
                {log.message}
                {log.data ? <span className="ml-2 text-zinc-500 dark:text-zinc-400">{log.data}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
