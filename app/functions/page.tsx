import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { FunctionsView } from "@/components/functions/functions-view";
import { listFunctionSummaries } from "@/lib/server/queries/functions";
import { functionKeys } from "@/lib/client/query-options";
import { parseStatsRange } from "@/lib/stats-range";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Functions" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function FunctionsPage({ searchParams }: Props) {
  const raw = (await searchParams).range;
  const range = parseStatsRange(Array.isArray(raw) ? raw[0] : raw);
  const queryClient = new QueryClient();
  queryClient.setQueryData(functionKeys.summaries(range), await listFunctionSummaries({ range }));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <FunctionsView />
    </HydrationBoundary>
  );
}
