import type { Metadata } from "next";
import { JobView } from "@/components/jobs/job-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Job" };

type Props = { params: Promise<{ id: string }> };

/** One bulk job: progress, cancel, and its per-execution outcomes (polled by the client view). */
export default async function JobPage({ params }: Props) {
  const { id } = await params;
  return <JobView jobId={id.slice(0, 64)} />;
}
