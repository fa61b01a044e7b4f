"use client";
/**
 * Inside the Redrive confirmation: what the redrive will do (the preview, computed by the redrive
 * itself on the records) and whether the code deployed now replays the history (the determinism
 * check: with the console's code, or run by a worker that has it, shown as "checking" until that
 * worker answers). On a mismatch it warns, and the redrive goes ahead only if "Redrive anyway" is ticked
 * (the API refuses it otherwise).
 */
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { ErrorNote } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/client/api-client";
import { resumeQueries } from "@/lib/client/resume-options";
import type { DeterminismAnswer, RedrivePlan, RedrivePreviewOperation } from "@/lib/resume-types";

const PLAN_WORDS: Record<RedrivePlan, string> = {
  REPLAY: "Replays from its checkpoint",
  RUN_AGAIN: "Runs again",
  NEW_CALLBACK_ID: "Waits again under a new callback id",
  CONTINUE: "Goes on waiting",
};

export function RedrivePlanView({ executionId, force, onForceChange }: { executionId: string; force: boolean; onForceChange: (force: boolean) => void }) {
  const plan = useQuery(resumeQueries.redrivePlan(executionId));
  if (plan.isPending) return <p className="text-sm text-zinc-500">Checking what the redrive will do…</p>;
  if (plan.isError) return <ErrorNote title="Could not preview the redrive" message={errorMessage(plan.error)} />;
  const { preview, determinism } = plan.data;
  return (
    <div className="space-y-3">
      <Verdict answer={determinism} force={force} onForceChange={onForceChange} />
      <table className="w-full text-left text-xs" aria-label="Redrive preview">
        <thead className="text-zinc-500 dark:text-zinc-400">
          <tr>
            <th className="py-1 pr-2 font-medium">Operation</th>
            <th className="py-1 pr-2 font-medium">Now</th>
            <th className="py-1 font-medium">On redrive</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {preview.operations.map((op) => (
            <tr key={op.operationId} data-plan={op.plan}>
              <td className="py-1 pr-2 font-medium">{op.name ?? op.operationId}</td>
              <td className="py-1 pr-2 text-zinc-500 dark:text-zinc-400">{op.status}</td>
              <td className={`py-1 ${op.plan === "REPLAY" ? "text-zinc-600 dark:text-zinc-300" : "text-violet-700 dark:text-violet-300"}`}>{planText(op)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function planText(op: RedrivePreviewOperation): string {
  if (op.nextAttempt !== undefined) return `${PLAN_WORDS[op.plan]} (attempt ${op.nextAttempt})`;
  if (op.plan === "NEW_CALLBACK_ID" && op.callbackId) return `${PLAN_WORDS[op.plan]} (${op.callbackId.slice(0, 8)}… closes)`;
  return PLAN_WORDS[op.plan];
}

function Verdict({ answer, force, onForceChange }: { answer: DeterminismAnswer; force: boolean; onForceChange: (force: boolean) => void }) {
  const id = useId();
  if (answer.verdict === "checking") {
    return (
      <p role="status" data-testid="determinism-verdict" className="text-sm text-zinc-500 dark:text-zinc-400">
        {answer.message}
      </p>
    );
  }
  if (answer.verdict === "unavailable") {
    return (
      <p data-testid="determinism-verdict" className="text-sm text-zinc-500 dark:text-zinc-400">
        Not checked against today&apos;s code: {answer.message}
      </p>
    );
  }
  if (answer.verdict === "compatible") {
    return (
      <p data-testid="determinism-verdict" className="text-sm text-emerald-700 dark:text-emerald-300">
        Compatible with the code deployed now: it replays {answer.replayedOperations} of {answer.recordedOperations} recorded operations.
      </p>
    );
  }
  const m = answer.mismatch!;
  const shape = (s: { type: string; name?: string }) => `${s.type}${s.name === undefined ? "" : ` “${s.name}”`}`;
  return (
    <div role="alert" data-testid="determinism-verdict" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <p className="font-medium">The code deployed now does not replay this execution.</p>
      <p>
        At operation {m.path} the history recorded {shape(m.recorded)}; the code now asks for {shape(m.found)}. A redrive would fail with
        NonDeterministicExecutionError.
      </p>
      <label htmlFor={id} className="flex items-center gap-2">
        <input id={id} type="checkbox" checked={force} onChange={(event) => onForceChange(event.target.checked)} />
        Redrive anyway
      </label>
    </div>
  );
}
