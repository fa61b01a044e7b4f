"use client";
/**
 * "Rerun from here" on a selected operation: a new execution that keeps the checkpoints of every
 * operation that ended before this one and runs from it, with the same input or an edited one.
 * The API replays the carried checkpoints through the code deployed now first; on a mismatch it
 * refuses, and the dialog offers to rerun anyway. On success the new execution opens.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote } from "@/components/ui/empty-state";
import { Field, Textarea } from "@/components/ui/form";
import { ApiCallError, errorMessage } from "@/lib/client/api-client";
import { invalidateAfterAction } from "@/lib/client/mutation-options";
import { resumeMutations } from "@/lib/client/resume-options";
import { useActionGate } from "@/lib/client/session-context";
import { prettyJson } from "@/lib/format";
import type { ExecutionDetail, OperationView } from "@/lib/types";
import { jsonProblem } from "@/components/executions/start-execution-dialog";

export function RerunFromHere({ execution, operation, label }: { execution: ExecutionDetail; operation: OperationView; label: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const gate = useActionGate();
  const inputId = useId();
  const forceId = useId();
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState("");
  const [force, setForce] = useState(false);
  const rerun = useMutation({
    ...resumeMutations.rerun(execution.executionId),
    onSuccess: async (fork) => {
      setOpen(false);
      await invalidateAfterAction(queryClient);
      router.push(`/executions/${encodeURIComponent(fork.executionId)}`);
    },
  });
  const openDialog = () => {
    setInput(prettyJson(execution.input).pretty);
    setForce(false);
    rerun.reset();
    setOpen(true);
  };
  const problem = jsonProblem(input);
  const mismatch = rerun.error instanceof ApiCallError && rerun.error.code === "NON_DETERMINISTIC";
  const original = prettyJson(execution.input).pretty;

  return (
    <>
      <Button size="sm" {...gate.props({ title: "Start a new execution that keeps the checkpoints before this operation and runs from here" })} onClick={openDialog}>
        Rerun from here
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        wide
        title={`Rerun from ${label}`}
        description="A new execution of the same function keeps the checkpoints of every operation that ended before this one, replays them, and runs from here on. The original stays as it is."
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="primary"
              disabled={rerun.isPending || Boolean(problem) || (mismatch && !force)}
              onClick={() =>
                rerun.mutate({
                  fromOperationId: operation.Id,
                  ...(input.trim() !== "" && input !== original ? { input } : {}),
                  ...(force ? { force } : {}),
                })
              }
            >
              {rerun.isPending ? "Starting…" : "Rerun"}
            </Button>
          </>
        }
      >
        <div className="space-y-3">
          <Field label="Input (JSON)" htmlFor={inputId} error={problem}>
            <Textarea id={inputId} rows={8} value={input} onChange={(event) => setInput(event.target.value)} spellCheck={false} />
          </Field>
          {rerun.error ? <ErrorNote title={mismatch ? "The code deployed now does not replay the carried checkpoints" : "Could not rerun"} message={errorMessage(rerun.error)} /> : null}
          {mismatch ? (
            <label htmlFor={forceId} className="flex items-center gap-2 text-sm">
              <input id={forceId} type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
              Rerun anyway
            </label>
          ) : null}
        </div>
      </Dialog>
    </>
  );
}
