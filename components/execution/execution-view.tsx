"use client";
/**
 * The execution page: header (status, timing, payloads, actions), what it is waiting on, and the
 * three tabs. Tab, selected operation and event live in the URL (`tab`, `op`, `event`).
 *
 * Only the execution row is polled (while RUNNING); its parts are keyed by its `version`, so
 * they refetch exactly when a write changed the execution.
 */
import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/api-client";
import { pendingCallbacksOf } from "@/lib/pending-callbacks";
import { executionQueries } from "@/lib/query-options";
import { useUrlState } from "@/lib/use-url-state";
import { EventHistory } from "./event-history";
import { ExecutionHeader } from "./execution-header";
import { ExecutionTabs, parseTab, tabPanelProps } from "./execution-tabs";
import { OperationsPanel } from "./operations-panel";
import { Timeline } from "./timeline";
import { WaitingBanner } from "./waiting-banner";

export function ExecutionView({ id }: { id: string }) {
  const { searchParams } = useUrlState();
  const detail = useQuery(executionQueries.detail(id));
  const execution = detail.data;
  const operations = useQuery({ ...executionQueries.operations(id, execution?.version ?? 0), enabled: Boolean(execution) });
  const tab = parseTab(searchParams.get("tab"));

  if (!execution) {
    return detail.error ? (
      <ErrorNote title="Could not load the execution" message={errorMessage(detail.error)} />
    ) : (
      <Card>
        <EmptyState title="Loading execution…" />
      </Card>
    );
  }

  const ops = operations.data ?? [];
  const pending = pendingCallbacksOf(execution, ops);
  const requestedOp = searchParams.get("op") ?? undefined;
  // With no operation chosen, open what the execution is waiting on: the page answers "why is it stuck?".
  const selectedOp = requestedOp ?? pending[0]?.focusOperationId;

  return (
    <div className="space-y-4">
      <ExecutionHeader execution={execution} banner={pending.length > 0 ? <WaitingBanner pending={pending} /> : undefined} />
      {detail.error ? <ErrorNote title="Refresh failed" message={errorMessage(detail.error)} /> : null}
      <div>
        <ExecutionTabs current={tab} counts={{ operations: ops.filter((op) => op.Type !== "EXECUTION").length, history: execution.eventCount }} />
        <div {...tabPanelProps(tab)} className="pt-4">
          {operations.error ? <ErrorNote title="Could not load operations" message={errorMessage(operations.error)} /> : null}
          {tab === "operations" ? (
            <OperationsPanel execution={execution} operations={ops} selectedId={selectedOp} loading={operations.isPending} />
          ) : tab === "history" ? (
            <EventHistory execution={execution} operations={ops} />
          ) : (
            <Timeline execution={execution} operations={ops} />
          )}
        </div>
      </div>
    </div>
  );
}
