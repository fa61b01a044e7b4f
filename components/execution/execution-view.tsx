"use client";
/**
 * The execution page: header (status, timing, payloads, actions), what it is waiting on, and the
 * three tabs. Tab, selected operation and event live in the URL (`tab`, `op`, `event`).
 *
 * Everything here renders from one cached snapshot (`executionQueries.live`): the execution row
 * and its operations read together, polled while the execution runs. Header, banners and rows
 * therefore always describe the same moment; see lib/client/query-options.ts.
 */
import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/client/api-client";
import { unclaimedSince } from "@/lib/execution-schedule";
import { pendingCallbacksOf } from "@/lib/pending-callbacks";
import { executionQueries } from "@/lib/client/query-options";
import { useUrlState } from "@/lib/client/use-url-state";
import { ActionLockProvider } from "@/lib/client/session-context";
import { bundleIdOfExecution } from "@/lib/bundle/ids";
import { EventHistory } from "./event-history";
import { ExecutionHeader } from "./execution-header";
import { ExecutionTabs, parseTab, tabPanelProps } from "./execution-tabs";
import { ImportedBanner } from "./imported-banner";
import { OperationsPanel } from "./operations-panel";
import { Timeline } from "./timeline";
import { UnclaimedBanner } from "./unclaimed-banner";
import { CostPanel } from "./cost-panel";
import { WaitingOnPanel } from "@/components/stuck/waiting-on-panel";
import { WaitingBanner } from "./waiting-banner";

const NO_OPERATIONS: never[] = [];

const IMPORTED_REASON = "This is an imported incident bundle: it is read-only";

export function ExecutionView({ id }: { id: string }) {
  const { searchParams } = useUrlState();
  const live = useQuery(executionQueries.live(id));
  const view = live.data;
  const tab = parseTab(searchParams.get("tab"));

  if (!view) {
    return live.error ? (
      <ErrorNote title="Could not load the execution" message={errorMessage(live.error)} />
    ) : (
      <Card>
        <EmptyState title="Loading execution…" />
      </Card>
    );
  }

  const { execution } = view;
  const ops = view.operations ?? NO_OPERATIONS;
  const pending = pendingCallbacksOf(execution, ops);
  // An imported bundle's execution (lib/bundle) is a copy no worker runs: no "waiting on" or "due" banners, no actions.
  const bundleId = bundleIdOfExecution(id);
  const unclaimed = bundleId ? undefined : unclaimedSince(execution, view.readAt);
  const requestedOp = searchParams.get("op") ?? undefined;
  // With no operation chosen, open what the execution is waiting on: the page answers "why is it stuck?".
  const selectedOp = requestedOp ?? pending[0]?.focusOperationId;
  const banners =
    execution.status === "RUNNING" || unclaimed || pending.length > 0 ? (
      <>
        {execution.status === "RUNNING" && !bundleId ? <WaitingOnPanel id={id} /> : null}
        {unclaimed ? <UnclaimedBanner since={unclaimed} functionName={execution.functionName} /> : null}
        {pending.length > 0 ? <WaitingBanner pending={pending} /> : null}
      </>
    ) : undefined;

  return (
    <ActionLockProvider reason={bundleId ? IMPORTED_REASON : undefined}>
      <div className="space-y-4">
        {bundleId ? <ImportedBanner bundleId={bundleId} /> : null}
        <ExecutionHeader execution={execution} banner={banners} />
        {live.error ? <ErrorNote title="Refresh failed" message={errorMessage(live.error)} /> : null}
        <div>
          <ExecutionTabs current={tab} counts={{ operations: ops.filter((op) => op.Type !== "EXECUTION").length, history: execution.eventCount }} />
          <div {...tabPanelProps(tab)} className="pt-4">
            {tab === "operations" ? (
              <OperationsPanel execution={execution} operations={ops} selectedId={selectedOp} loading={view.operations === undefined} />
            ) : tab === "history" ? (
              <EventHistory execution={execution} operations={ops} />
            ) : (
              <Timeline execution={execution} operations={ops} />
            )}
          </div>
        </div>
        {/* Below the tabs: its figures arrive after the page, and must not push a deep-linked row out of view. */}
        <CostPanel id={id} version={execution.version} />
      </div>
    </ActionLockProvider>
  );
}
