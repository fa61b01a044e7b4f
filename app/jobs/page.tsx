import type { Metadata } from "next";
import { JobsList } from "@/components/jobs/jobs-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

/** Bulk jobs, newest first (the list is fetched and polled by the client view). */
export default function JobsPage() {
  return <JobsList />;
}
