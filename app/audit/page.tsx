import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import { listAuditEntries } from "@/lib/server/audit/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The audit log: every action taken through the console, newest first; `?execution=<id>` narrows it to one execution. */
export default async function AuditPage({ searchParams }: Props) {
  const raw = (await searchParams).execution;
  const executionId = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 1024) || undefined;
  const first = await listAuditEntries({ executionId });
  return <AuditView executionId={executionId} first={first} />;
}
