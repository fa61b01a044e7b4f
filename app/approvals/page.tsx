import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ApprovalsView } from "@/components/approvals/approvals-view";
import { listPendingCallbacks } from "@/lib/server/queries/callbacks";
import { approvalKeys } from "@/lib/client/query-options";
import { approvalsFilterFrom } from "@/lib/approvals-filter";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Approvals" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApprovalsPage({ searchParams }: Props) {
  const filter = approvalsFilterFrom(await searchParams);
  const queryClient = new QueryClient();
  // A filter the API would refuse (a malformed function name) renders the view, which says why.
  const first = await listPendingCallbacks(filter).catch(() => undefined);
  if (first) queryClient.setQueryData(approvalKeys.pending(filter), { pages: [first], pageParams: [""] });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ApprovalsView />
    </HydrationBoundary>
  );
}
