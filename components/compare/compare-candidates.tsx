"use client";
/**
 * "Compare with…": the runs one might hold a run against, from the same function: the last one
 * that succeeded first, then the most recent ones; or any run by its id or ARN.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, SectionTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/form";
import { ExecutionStatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { executionQueries } from "@/lib/client/query-options";
import type { ExecutionSummary } from "@/lib/types";

const RECENT = 20;

export const compareHref = (a: string, b: string) => `/executions/compare?${new URLSearchParams({ a, b })}`;

export function CompareCandidates({ a, name, functionName }: { a: string; name: string; functionName: string }) {
  const router = useRouter();
  const inputId = useId();
  const [other, setOther] = useState("");
  const lastSucceeded = useQuery(executionQueries.list({ functionName, statuses: ["SUCCEEDED"], limit: 2 }));
  const recent = useQuery(executionQueries.list({ functionName, limit: RECENT + 1 }));
  const succeeded = lastSucceeded.data?.items.find((e) => e.executionId !== a);
  const others = (recent.data?.items ?? []).filter((e) => e.executionId !== a).slice(0, RECENT);

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight">
        Compare <span className="font-mono">{name}</span> with…
      </h1>
      <Card>
        <SectionTitle>Last succeeded run of {functionName}</SectionTitle>
        <div className="px-4 py-3 text-sm">
          {succeeded ? (
            <CandidateLink a={a} execution={succeeded} />
          ) : lastSucceeded.isPending ? (
            "Looking…"
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">No other run of {functionName} has succeeded.</span>
          )}
        </div>
      </Card>
      <Card>
        <SectionTitle>Recent runs of {functionName}</SectionTitle>
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800/70" aria-label="Recent runs">
          {others.map((execution) => (
            <li key={execution.executionId} className="px-4 py-2">
              <CandidateLink a={a} execution={execution} />
            </li>
          ))}
          {others.length === 0 && !recent.isPending ? <li className="px-4 py-3 text-zinc-500 dark:text-zinc-400">No other runs.</li> : null}
        </ul>
      </Card>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (other.trim()) router.push(compareHref(a, other.trim()));
        }}
      >
        <label htmlFor={inputId} className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
          Or any run, by its id or ARN
          <Input id={inputId} value={other} onChange={(event) => setOther(event.target.value)} placeholder="execution id or ARN" />
        </label>
        <Button type="submit" disabled={!other.trim()}>
          Compare
        </Button>
      </form>
    </div>
  );
}

function CandidateLink({ a, execution }: { a: string; execution: ExecutionSummary }) {
  return (
    <Link href={compareHref(a, execution.executionId)} className="flex flex-wrap items-center gap-3 hover:underline">
      <span className="font-medium text-sky-700 dark:text-sky-300">{execution.name}</span>
      <ExecutionStatusBadge status={execution.status} />
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        started <Time iso={execution.startTimestamp} />
      </span>
    </Link>
  );
}
