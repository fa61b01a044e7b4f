import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ExecutionsView } from "@/components/executions/executions-view";
import { countFilters, parseFilters, type FilterProblem } from "@/lib/filters";
import { errorCodeOf } from "@/lib/server/http";
import { countExecutions, listExecutions } from "@/lib/server/queries/executions";
import { listFunctionNamesForConsole } from "@/lib/server/queries/functions";
import { executionKeys } from "@/lib/client/query-options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Executions" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Server-renders the first page of executions for the URL's filters into the query cache, so the
 * client view paints with data and then takes over (polling, paging, filtering) with the same keys.
 */
export default async function ExecutionsPage({ searchParams }: Props) {
  // `stuck=1` is the Stuck filter (components/stuck), read by the client view, not a list filter.
  const { stuck: _stuck, ...listParams } = await searchParams;
  const { filters, problems } = parseFilters(listParams);
  const queryClient = new QueryClient();
  const notes: FilterProblem[] = [...problems];
  const [page, counts, names] = await Promise.all([
    listExecutions(filters).catch((error: unknown) => {
      if (errorCodeOf(error) === "INVALID_CURSOR") {
        notes.push({ param: "cursor", message: "is not a cursor of this list; showing the first page" });
        return undefined;
      }
      throw error;
    }),
    countExecutions(countFilters(filters)),
    listFunctionNamesForConsole(),
  ]);
  if (page) queryClient.setQueryData(executionKeys.list(filters), page);
  queryClient.setQueryData(executionKeys.counts(filters), counts);
  queryClient.setQueryData(executionKeys.functionNames(), names);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ExecutionsView problems={notes} />
    </HydrationBoundary>
  );
}
