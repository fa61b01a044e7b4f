"use client";
/**
 * Stop and Redrive (each confirmed in the same dialog first) and Replay. Each shows its outcome
 * next to the buttons and refreshes the page's data; Replay opens the new execution. A button that
 * cannot apply says why.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote } from "@/components/ui/empty-state";
import { Field, Input, Textarea } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api-client";
import { bundleExportUrl } from "@/lib/client/bundle-queries";
import { executionMutations, invalidateAfterAction } from "@/lib/client/mutation-options";
import { useActionGate } from "@/lib/client/session-context";
import { prettyJson } from "@/lib/format";
import type { ExecutionDetail } from "@/lib/types";
import { jsonProblem } from "@/components/executions/start-execution-dialog";
import { REDRIVABLE_STATUSES } from "@/sdk/types/wire";
import { RedrivePlanView } from "./redrive-plan";

export function ExecutionActions({ execution }: { execution: ExecutionDetail }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [dialog, setDialog] = useState<"stop" | "redrive" | "replay" | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const [force, setForce] = useState(false);

  useEffect(() => {
    if (!outcome?.ok) return;
    const timer = setTimeout(() => setOutcome(undefined), 8000);
    return () => clearTimeout(timer);
  }, [outcome]);

  const refresh = () => invalidateAfterAction(queryClient);

  const stop = useMutation({
    ...executionMutations.stop(execution.executionId),
    onSuccess: async () => {
      setDialog(undefined);
      setOutcome({ ok: true, text: "Execution stopped." });
      await refresh();
    },
  });
  const redrive = useMutation({
    ...executionMutations.redrive(execution.executionId),
    onSuccess: async () => {
      setDialog(undefined);
      setOutcome({ ok: true, text: "Redriven: the worker continues it from its last checkpoints." });
      await refresh();
    },
  });
  const replay = useMutation({
    ...executionMutations.replay(execution.executionId),
    onSuccess: async (started) => {
      setDialog(undefined);
      await refresh();
      router.push(`/executions/${encodeURIComponent(started.executionId)}`);
    },
  });

  const running = execution.status === "RUNNING";
  const redrivable = REDRIVABLE_STATUSES.includes(execution.status);
  // A viewer sees the actions disabled, each saying why.
  const gate = useActionGate();

  return (
    <div className="flex flex-col items-end gap-1.5">
      <div className="flex gap-2">
        <Button
          variant="danger"
          {...gate.props({
            disabled: !running || stop.isPending,
            title: running ? "Stop this execution" : "Only a running execution can be stopped",
          })}
          onClick={() => {
            stop.reset();
            setDialog("stop");
          }}
        >
          Stop
        </Button>
        <Button
          {...gate.props({
            disabled: !redrivable || redrive.isPending,
            title: redrivable
              ? "Run it again from its checkpoints: completed steps are not repeated"
              : "Only a failed, timed-out or stopped execution can be redriven",
          })}
          onClick={() => {
            redrive.reset();
            setForce(false);
            setDialog("redrive");
          }}
        >
          {redrive.isPending ? "Redriving…" : "Redrive"}
        </Button>
        <Button
          {...gate.props({ title: "Start a new execution of this function with the same input, or an edited one" })}
          onClick={() => {
            replay.reset();
            setDialog("replay");
          }}
        >
          Replay
        </Button>
      </div>
      {gate.denied ? <p className="max-w-72 text-right text-xs text-zinc-500 dark:text-zinc-400">Read-only: {gate.reason}</p> : null}
      <div className="flex gap-3 text-xs">
        <Link
          href={`/executions/compare?a=${encodeURIComponent(execution.executionId)}`}
          className="text-sky-700 hover:underline dark:text-sky-300"
        >
          Compare with…
        </Link>
        <Link
          href={`/audit?execution=${encodeURIComponent(execution.executionId)}`}
          className="text-zinc-500 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-200"
        >
          Audit trail
        </Link>
        {/* A download, not a page: one JSON file with the execution, redacted (lib/bundle). */}
        <a
          href={bundleExportUrl(execution.executionId)}
          download
          title="Download one file with this execution, its operations, history, logs and audit trail, redacted"
          className="text-zinc-500 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-200"
        >
          Export bundle
        </a>
      </div>
      {outcome ? (
        <p role="status" className={`text-xs ${outcome.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
          {outcome.text}
        </p>
      ) : null}

      <StopDialog
        open={dialog === "stop"}
        onClose={() => setDialog(undefined)}
        onConfirm={(reason) => stop.mutate(reason)}
        pending={stop.isPending}
        error={stop.error ? errorMessage(stop.error) : undefined}
        name={execution.name}
      />
      <ConfirmDialog
        open={dialog === "redrive"}
        onClose={() => setDialog(undefined)}
        onConfirm={() => redrive.mutate(force)}
        title="Redrive this execution?"
        description={
          <>
            <span className="font-medium">{execution.name}</span> runs again from its checkpoints: completed operations are not repeated,
            failed steps run again. Fix the cause first, or it fails the same way.
          </>
        }
        pending={redrive.isPending}
        pendingLabel="Redriving…"
        error={redrive.error ? errorMessage(redrive.error) : undefined}
        errorTitle="Could not redrive"
      >
        {dialog === "redrive" ? <RedrivePlanView executionId={execution.executionId} force={force} onForceChange={setForce} /> : null}
      </ConfirmDialog>
      <ReplayDialog
        open={dialog === "replay"}
        onClose={() => setDialog(undefined)}
        original={execution.input}
        onConfirm={(input) => replay.mutate(input)}
        pending={replay.isPending}
        error={replay.error ? errorMessage(replay.error) : undefined}
      />
    </div>
  );
}

function StopDialog(props: { open: boolean; onClose: () => void; onConfirm: (reason: string) => void; pending: boolean; error?: string; name: string }) {
  const id = useId();
  const [reason, setReason] = useState("");
  return (
    <ConfirmDialog
      open={props.open}
      onClose={props.onClose}
      onConfirm={() => props.onConfirm(reason)}
      title="Stop this execution?"
      description={
        <>
          <span className="font-medium">{props.name}</span> ends as STOPPED: its waits, retries and callbacks are abandoned and running
          chained executions are stopped too. You can redrive it later.
        </>
      }
      pending={props.pending}
      pendingLabel="Stopping…"
      error={props.error}
      errorTitle="Could not stop"
      danger
    >
      <Field label="Reason (optional)" htmlFor={id} hint="Recorded as the error message of the ExecutionStopped event.">
        <Input id={id} value={reason} onChange={(event) => setReason(event.target.value)} placeholder="e.g. duplicate order" />
      </Field>
    </ConfirmDialog>
  );
}

function ReplayDialog(props: {
  open: boolean;
  onClose: () => void;
  original: string | undefined;
  onConfirm: (input: string | undefined) => void;
  pending: boolean;
  error?: string;
}) {
  const id = useId();
  const [input, setInput] = useState(() => prettyJson(props.original).pretty);
  useEffect(() => {
    if (props.open) setInput(prettyJson(props.original).pretty);
  }, [props.open, props.original]);
  const problem = jsonProblem(input);
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      wide
      title="Replay execution"
      description="Starts a new execution of the same function. Edit the input to try a fix; the original stays as it is."
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={props.pending || Boolean(problem)}
            onClick={() => props.onConfirm(input.trim() === "" || input === prettyJson(props.original).pretty ? undefined : input)}
          >
            {props.pending ? "Starting…" : "Confirm"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Input (JSON)" htmlFor={id} error={problem}>
          <Textarea id={id} rows={10} value={input} onChange={(event) => setInput(event.target.value)} spellCheck={false} />
        </Field>
        {props.error ? <ErrorNote title="Could not replay" message={props.error} /> : null}
      </div>
    </Dialog>
  );
}
