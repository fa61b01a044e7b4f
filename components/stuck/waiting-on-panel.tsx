"use client";
/**
 * "Why is it waiting, and is it stuck?", at the top of a RUNNING execution's page: each thing it
 * waits on in words, with its deadline and who or what ends it (a link to answer a callback, to
 * open a child execution), then the stuck rules it breaks, each with its reason.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { isPlainClick, useUrlState } from "@/lib/client/use-url-state";
import { stuckQueries } from "@/lib/client/stuck-queries";
import type { WaitItem } from "@/sdk/runtime/diagnosis/types";
import { Sentence } from "./sentence";
import { StuckReasons } from "./stuck-reasons";

export function WaitingOnPanel({ id }: { id: string }) {
  const diagnosis = useQuery(stuckQueries.diagnosis(id));
  const data = diagnosis.data;
  if (!data || data.status !== "RUNNING") return null;
  const stuck = data.stuck.length > 0;
  return (
    <section
      aria-label="What it waits on"
      data-testid="waiting-on"
      className={`rounded-lg border px-4 py-3 text-sm ${
        stuck ? "border-red-200 bg-red-50 text-red-950 dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-100" : "border-sky-200 bg-sky-50 text-sky-950 dark:border-sky-400/25 dark:bg-sky-400/10 dark:text-sky-100"
      }`}
    >
      <h2 className="text-xs font-semibold tracking-wide uppercase opacity-80">{stuck ? "Stuck" : "Waiting on"}</h2>
      <ul className="mt-1.5 space-y-1.5">
        {data.waitingOn.map((item, i) => (
          <WaitLine key={`${item.kind}-${item.operationId ?? i}`} item={item} />
        ))}
      </ul>
      {data.timeoutTimestamp ? (
        <p className="mt-1.5 text-xs opacity-80">
          The execution times out at <Time iso={data.timeoutTimestamp} />.
        </p>
      ) : null}
      {stuck ? (
        <div className="mt-2.5 border-t border-red-200 pt-2 dark:border-red-400/25" data-testid="stuck-reasons">
          <StuckReasons reasons={data.stuck} />
        </div>
      ) : null}
    </section>
  );
}

function WaitLine({ item }: { item: WaitItem }) {
  const { href, update } = useUrlState();
  const open = (op: string) => ({
    href: href({ tab: null, op, event: null }),
    onClick: (event: React.MouseEvent<HTMLAnchorElement>) => {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      update({ tab: null, op, event: null }, { push: true });
    },
  });
  return (
    <li data-wait-kind={item.kind} className="flex flex-wrap items-baseline gap-x-2">
      <span>
        <Sentence text={item.text} />
      </span>
      <span className="text-xs opacity-75">Ended by {item.endedBy}.</span>
      {item.kind === "callback" && item.operationId ? (
        <a {...open(item.operationId)} className="font-medium underline underline-offset-2 hover:no-underline">
          Answer it
        </a>
      ) : null}
      {item.childExecutionId ? (
        <Link href={`/executions/${encodeURIComponent(item.childExecutionId)}`} className="font-medium underline underline-offset-2 hover:no-underline">
          Open the child execution
        </Link>
      ) : null}
    </li>
  );
}
