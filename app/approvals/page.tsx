import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ApprovalsView } from "@/components/approvals/approvals-view";
import { listPendingCallbacks } from "@/lib/server/queries/callbacks";
import { approvalKeys } from "@/lib/client/query-options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(approvalKeys.pending(), { pages: [await listPendingCallbacks()], pageParams: [""] });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ApprovalsView />
    </HydrationBoundary>
  );
}
