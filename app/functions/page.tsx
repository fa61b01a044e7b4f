import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { FunctionsView } from "@/components/functions/functions-view";
import { listFunctionSummaries } from "@/lib/queries/functions";
import { functionKeys } from "@/lib/query-options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Functions" };

export default async function FunctionsPage() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(functionKeys.all, await listFunctionSummaries());
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <FunctionsView />
    </HydrationBoundary>
  );
}
