import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import { auditQueries } from "@/lib/client/query-options";
import { listAuditEntries } from "@/lib/server/audit/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The audit log: every action taken through the console, newest first; `?execution=<id>` narrows it to one execution. */
export default async function AuditPage({ searchParams }: Props) {
  const raw = (await searchParams).execution;
  const executionId = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 1024) || undefined;
  const queryClient = new QueryClient();
  // The first page under the client's own query key, so the view paints with it and then polls.
  queryClient.setQueryData(auditQueries.entries(executionId).queryKey, { pages: [await listAuditEntries({ executionId })], pageParams: [""] });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AuditView executionId={executionId} />
    </HydrationBoundary>
  );
}
