import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { HomeView } from "@/components/home/home-view";
import { RECENT_FAILURES_FILTER } from "@/lib/filters";
import { listPendingCallbacks } from "@/lib/server/queries/callbacks";
import { countExecutions, listExecutions } from "@/lib/server/queries/executions";
import { listFunctionSummaries } from "@/lib/server/queries/functions";
import { approvalKeys, executionKeys, functionKeys } from "@/lib/client/query-options";
import { DEFAULT_STATS_RANGE } from "@/lib/stats-range";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const queryClient = new QueryClient();
  const [counts, pending, failures, functions] = await Promise.all([
    countExecutions({}),
    listPendingCallbacks(),
    listExecutions(RECENT_FAILURES_FILTER, 6),
    listFunctionSummaries({ range: DEFAULT_STATS_RANGE }),
  ]);
  queryClient.setQueryData(executionKeys.counts({}), counts);
  queryClient.setQueryData(approvalKeys.pending(), { pages: [pending], pageParams: [""] });
  queryClient.setQueryData(executionKeys.list(RECENT_FAILURES_FILTER), failures);
  queryClient.setQueryData(functionKeys.summaries(DEFAULT_STATS_RANGE), functions);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <HomeView />
    </HydrationBoundary>
  );
}
