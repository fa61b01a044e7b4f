"use client";
/**
 * Actions on the selected executions: stop (confirmed) or redrive them in one request, then say
 * what happened to each (an execution in the wrong state is skipped with its reason).
 */
import { REDRIVABLE_STATUSES } from "@/sdk/types/wire";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/client/api-client";
import { executionMutations, invalidateAfterAction } from "@/lib/client/mutation-options";
import { useActionGate } from "@/lib/client/session-context";
import type { ExecutionSummary } from "@/lib/types";

export function BulkBar({ selected, onClear }: { selected: ExecutionSummary[]; onClear: () => void }) {
  const queryClient = useQueryClient();
  const gate = useActionGate();
  const [confirming, setConfirming] = useState<"stop" | "redrive" | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const running = selected.filter((e) => e.status === "RUNNING");
  const redrivable = selected.filter((e) => REDRIVABLE_STATUSES.includes(e.status));

  const bulk = useMutation({
    ...executionMutations.bulk(),
    onSuccess: async (result) => {
      const verb = result.action === "stop" ? "Stopped" : "Redrove";
      const problems = result.results.filter((r) => !r.ok).map((r) => r.error?.message ?? r.executionId);
      setOutcome({
        ok: result.failed === 0,
        text: `${verb} ${result.succeeded} execution${result.succeeded === 1 ? "" : "s"}.${problems.length ? ` Not done: ${problems.join("; ")}` : ""}`,
      });
      setConfirming(undefined);
      onClear();
      await invalidateAfterAction(queryClient);
    },
    onError: (error) => {
      setConfirming(undefined);
      setOutcome({ ok: false, text: errorMessage(error) });
    },
  });

  if (selected.length === 0) {
    return outcome ? (
      <p role="status" className={`text-sm ${outcome.ok ? "text-emerald-700 dark:text-emerald-300" : "text-amber-800 dark:text-amber-300"}`}>
        {outcome.text}
      </p>
    ) : null;
  }

  return (
    <div
      role="region"
      aria-label="Selected executions"
      className="flex flex-wrap items-center gap-3 rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-400/25 dark:bg-sky-400/10"
    >
      <span className="font-medium">{selected.length} selected</span>
      <Button
        size="sm"
        variant="danger"
        {...gate.props({
          disabled: running.length === 0 || bulk.isPending,
          title: running.length ? `Stop the ${running.length} running` : "None of the selected executions is running",
        })}
        onClick={() => setConfirming("stop")}
      >
        Stop selected ({running.length})
      </Button>
      <Button
        size="sm"
        {...gate.props({
          disabled: redrivable.length === 0 || bulk.isPending,
          title: redrivable.length ? `Redrive the ${redrivable.length} failed, timed-out or stopped` : "None of the selected executions can be redriven",
        })}
        onClick={() => setConfirming("redrive")}
      >
        Redrive selected ({redrivable.length})
      </Button>
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
      <ConfirmDialog
        open={confirming === "stop"}
        onClose={() => setConfirming(undefined)}
        onConfirm={() => bulk.mutate({ action: "stop", executionIds: running.map((e) => e.executionId) })}
        title={`Stop ${running.length} execution${running.length === 1 ? "" : "s"}?`}
        description="Each ends as STOPPED; its waits, retries and callbacks are abandoned. You can redrive them later."
        pending={bulk.isPending}
        pendingLabel="Stopping…"
        danger
      />
      <ConfirmDialog
        open={confirming === "redrive"}
        onClose={() => setConfirming(undefined)}
        onConfirm={() => bulk.mutate({ action: "redrive", executionIds: redrivable.map((e) => e.executionId) })}
        title={`Redrive ${redrivable.length} execution${redrivable.length === 1 ? "" : "s"}?`}
        description="Each runs again from its checkpoints: completed operations are not repeated, failed steps run again."
        pending={bulk.isPending}
        pendingLabel="Redriving…"
      />
    </div>
  );
}
