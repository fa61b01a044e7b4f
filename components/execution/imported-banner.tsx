"use client";
/**
 * Above an imported incident bundle's execution (lib/bundle): says it is a read-only copy, where
 * it came from (the original execution, when it was exported, by which version) and what its
 * redaction replaced, with a link to the imported bundles.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { bundleQueries } from "@/lib/client/bundle-queries";

export function ImportedBanner({ bundleId }: { bundleId: string }) {
  const { data: bundle } = useQuery(bundleQueries.one(bundleId));
  return (
    <div
      role="note"
      data-testid="imported-banner"
      className="rounded-lg border border-violet-200 bg-violet-50 px-4 py-2.5 text-sm text-violet-950 dark:border-violet-400/25 dark:bg-violet-400/10 dark:text-violet-100"
    >
      <p className="font-semibold">Imported bundle: read-only. Nothing here can be stopped, redriven, replayed, rerun or answered, and no worker runs it.</p>
      {bundle ? (
        <p className="mt-1 text-xs">
          A copy of execution <span className="font-mono">{bundle.originalExecutionId}</span>, exported <Time iso={bundle.exportedAt} /> by{" "}
          {bundle.producer.name} {bundle.producer.version}; {bundle.redaction.redacted.length} value(s) redacted by{" "}
          {bundle.redaction.rules.length ? <span className="font-mono">{bundle.redaction.rules.join(", ")}</span> : "no rule"}.{" "}
          <Link href="/bundles" className="underline">
            Imported bundles
          </Link>
        </p>
      ) : null}
    </div>
  );
}
