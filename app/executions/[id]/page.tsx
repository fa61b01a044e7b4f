import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ExecutionView } from "@/components/execution/execution-view";
import { ApiError } from "@/lib/server/http";
import { getExecution } from "@/lib/server/queries/executions";
import { getHistory } from "@/lib/server/queries/history";
import { getExecutionSnapshot } from "@/lib/server/queries/execution-snapshot";
import { getOperationDetail } from "@/lib/server/queries/operations";
import { executionKeys, historyKeys } from "@/lib/client/query-options";
import type { ExecutionLiveView } from "@/lib/types";

export const dynamic = "force-dynamic";

/**
 * Above these sizes the first paint does not wait for (or carry in its HTML) the whole operation
 * list or a scan of the history for one operation: the client fetches them after the header shows.
 */
const PREFETCH_MAX_OPERATIONS = 2000;
const PREFETCH_MAX_EVENTS = 10_000;

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** One read per request, shared by the metadata and the page. */
const loadExecution = cache(async (id: string) => {
  try {
    return await getExecution(id);
  } catch (error) {
    if (ApiError.is(error) && error.status === 404) return undefined;
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const execution = await loadExecution(decodeId(id));
  return { title: execution ? `${execution.name} (${execution.functionName})` : "Execution not found" };
}

/** Next hands dynamic segments over percent-encoded for some characters; ids never contain '%'. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Server-renders the execution, its operations and whatever the URL's tab and operation need,
 * into the query cache; the client view then polls while the execution runs.
 */
export default async function ExecutionPage({ params, searchParams }: Props) {
  const id = decodeId((await params).id);
  const query = await searchParams;
  const execution = await loadExecution(id);
  if (!execution) notFound();
  // An ARN (or any other alias) redirects to the id, so every cache key and link uses one form.
  if (id !== execution.executionId) {
    const rest = new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, first(value) ?? ""]])));
    redirect(`/executions/${encodeURIComponent(execution.executionId)}${rest.size ? `?${rest}` : ""}`);
  }

  const queryClient = new QueryClient();
  const tab = first(query.tab);
  const op = first(query.op);
  const [snapshot, history, operation] = await Promise.all([
    execution.operationCount <= PREFETCH_MAX_OPERATIONS ? getExecutionSnapshot(execution.executionId) : undefined,
    tab === "history" ? getHistory(execution.executionId) : undefined,
    op && execution.eventCount <= PREFETCH_MAX_EVENTS ? getOperationDetail(execution.executionId, op).catch(() => undefined) : undefined,
  ]);
  if (snapshot) {
    queryClient.setQueryData<ExecutionLiveView>(executionKeys.detail(id), { ...snapshot, operations: snapshot.operations ?? [] });
  } else {
    // A very large execution paints its header first; marked as stale (updated at 0) so the
    // client reads the snapshot with its operations as soon as it mounts.
    const view: ExecutionLiveView = { execution, readAt: new Date().toISOString() };
    queryClient.setQueryData(executionKeys.detail(id), view, { updatedAt: 0 });
  }
  // The selected operation's details, under the version the panel will ask for.
  const version = snapshot?.execution.version ?? execution.version;
  if (history) queryClient.setQueryData(historyKeys.events(id), { pages: [history], pageParams: [0] });
  if (operation && op) queryClient.setQueryData(executionKeys.operation(id, op, version), operation);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ExecutionView id={id} />
    </HydrationBoundary>
  );
}
