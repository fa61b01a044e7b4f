"use client";
/**
 * The execution page's Cost panel: the run's compute, waiting and replay time, operations and
 * payload bytes, the warnings for figures near a Lambda limit, and the bill estimate; opened, each
 * figure against its limit and each line of the bill. Read again whenever the execution changes.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, SectionTitle } from "@/components/ui/card";
import { errorMessage } from "@/lib/client/api-client";
import { costQueries } from "@/lib/client/cost-queries";
import { formatBytes, formatLimitValue, formatMoney, formatQuantity, formatRatio } from "@/lib/cost-format";
import { formatDuration } from "@/lib/format";
import type { BillItem, CostWarning, ExecutionCost, LimitCheck, LimitLevel } from "@/sdk/runtime/cost/types";

const BILL_ITEMS: Record<BillItem, string> = {
  requests: "Requests",
  compute: "Compute",
  durableOperations: "Durable operations",
  dataWritten: "Data written",
  dataRetained: "Data retained",
};

export function CostPanel({ id, version }: { id: string; version: number }) {
  const cost = useQuery({ ...costQueries.execution(id, version), placeholderData: (previous) => previous });
  return (
    <section aria-label="Cost" data-testid="cost-panel">
      <Card>
        <SectionTitle aside={cost.data ? <Estimate cost={cost.data} /> : null}>Cost</SectionTitle>
        {cost.data ? (
          <CostBody cost={cost.data} />
        ) : (
          <p className="px-4 py-3 text-sm text-zinc-500">{cost.error ? `Could not read the cost: ${errorMessage(cost.error)}` : "Reading the cost…"}</p>
        )}
      </Card>
    </section>
  );
}

function Estimate({ cost }: { cost: ExecutionCost }) {
  const e = cost.estimate;
  return (
    <span className="text-xs text-zinc-500 dark:text-zinc-400">
      On Lambda about <strong data-testid="cost-estimate" className="font-semibold text-zinc-900 dark:text-zinc-100">{formatMoney(e.total, e.currency)}</strong>
    </span>
  );
}

function CostBody({ cost }: { cost: ExecutionCost }) {
  const f = cost.figures;
  const replayNote = f.invocations > 1 && f.replayMeasuredInvocations < f.invocations - 1 ? ` (measured in ${f.replayMeasuredInvocations} of ${f.invocations})` : "";
  const figures: Array<[string, string, string]> = [
    ["compute", "Compute", formatDuration(f.computeMs)],
    ["waiting", "Waiting (free)", formatDuration(f.waitingMs)],
    ["replay", "Replay", `${formatDuration(f.replayMs)}${replayNote}`],
    ["invocations", "Invocations", formatQuantity(f.invocations)],
    ["operations", "Operations", formatQuantity(f.operations)],
    ["checkpoints", "Checkpoints", formatQuantity(f.checkpoints)],
    ["payload", "Payload stored", formatBytes(f.payloadBytes)],
  ];
  return (
    <div className="space-y-3 px-4 py-3 text-sm">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4 lg:grid-cols-7">
        {figures.map(([key, label, value]) => (
          <div key={key} data-cost-figure={key}>
            <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{value}</dd>
          </div>
        ))}
      </dl>
      {cost.warnings.length > 0 ? <Warnings warnings={cost.warnings} /> : null}
      <details className="group">
        <summary className="cursor-pointer text-xs font-medium text-zinc-600 select-none hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          Against Lambda&apos;s limits, and the estimate
        </summary>
        <div className="mt-2 grid gap-4 lg:grid-cols-2">
          <LimitsTable limits={cost.limits} />
          <BillTable cost={cost} />
        </div>
      </details>
    </div>
  );
}

function Warnings({ warnings }: { warnings: CostWarning[] }) {
  return (
    <ul data-testid="cost-warnings" className="space-y-1">
      {warnings.map((w) => (
        <li
          key={w.limit}
          data-limit={w.limit}
          className={`rounded-md border px-3 py-1.5 text-xs ${
            w.level === "over"
              ? "border-red-200 bg-red-50 text-red-900 dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-100"
              : "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-100"
          }`}
        >
          {w.message}
        </li>
      ))}
    </ul>
  );
}

const BAR: Record<LimitLevel, string> = { ok: "bg-emerald-500", warning: "bg-amber-500", over: "bg-red-500" };

function LimitsTable({ limits }: { limits: LimitCheck[] }) {
  return (
    <table className="w-full text-xs" data-testid="cost-limits">
      <caption className="mb-1 text-left font-semibold text-zinc-700 dark:text-zinc-300">Against Lambda&apos;s limits</caption>
      <tbody>
        {limits.map((l) => (
          <tr key={l.limit} data-limit={l.limit} data-level={l.level} className="border-t border-zinc-100 dark:border-zinc-800">
            <th scope="row" className="py-1 pr-2 text-left font-normal text-zinc-600 dark:text-zinc-400">
              {l.label}
            </th>
            <td className="py-1 pr-2 tabular-nums">
              {formatLimitValue(l, l.value)} <span className="text-zinc-400">of {formatLimitValue(l, l.max)}</span>
            </td>
            <td className="w-28 py-1">
              <div className="h-1.5 rounded-full bg-zinc-100 dark:bg-zinc-800" title={formatRatio(l.ratio)}>
                <div className={`h-1.5 rounded-full ${BAR[l.level]}`} style={{ width: `${Math.min(100, Math.max(l.ratio > 0 ? 2 : 0, l.ratio * 100))}%` }} />
              </div>
            </td>
            <td className="py-1 pl-2 text-right tabular-nums">{formatRatio(l.ratio)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BillTable({ cost }: { cost: ExecutionCost }) {
  const e = cost.estimate;
  return (
    <table className="w-full text-xs" data-testid="cost-bill">
      <caption className="mb-1 text-left font-semibold text-zinc-700 dark:text-zinc-300">
        Estimate on Lambda durable functions ({e.region}, {e.memoryMb} MB, {e.retentionDays} days retained; prices of {e.asOf})
      </caption>
      <tbody>
        {e.lines.map((line) => (
          <tr key={line.item} data-bill-item={line.item} className="border-t border-zinc-100 dark:border-zinc-800">
            <th scope="row" className="py-1 pr-2 text-left font-normal text-zinc-600 dark:text-zinc-400">
              {BILL_ITEMS[line.item]}
            </th>
            <td className="py-1 pr-2 tabular-nums">
              {formatQuantity(line.quantity)} {line.unit}
            </td>
            <td className="py-1 text-right tabular-nums">{formatMoney(line.cost, e.currency)}</td>
          </tr>
        ))}
        <tr className="border-t border-zinc-200 font-semibold dark:border-zinc-700">
          <th scope="row" className="py-1 pr-2 text-left">
            Total
          </th>
          <td />
          <td className="py-1 text-right tabular-nums">{formatMoney(e.total, e.currency)}</td>
        </tr>
      </tbody>
    </table>
  );
}
