"use client";
/**
 * "Bulk action" on the executions list: one action (stop, redrive, replay, answer pending
 * callbacks) on every execution the current filters match, not only the checked rows. The dialog
 * shows the preview (how many match, what happens to each status) for the chosen action, asks to
 * confirm, then stores the job (a worker runs it) and opens its page.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote } from "@/components/ui/empty-state";
import { Field, Input, Select, Textarea } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api-client";
import { createJob, jobQueryOf, previewJob, type BulkActionName, type BulkJobRequest } from "@/lib/client/job-queries";
import { useActionGate } from "@/lib/client/session-context";
import type { ExecutionFilters } from "@/lib/filters";

const ACTIONS: Array<{ value: BulkActionName; label: string }> = [
  { value: "redrive", label: "Redrive" },
  { value: "stop", label: "Stop" },
  { value: "replay", label: "Replay" },
  { value: "answer", label: "Answer pending callbacks" },
];

export function BulkActionButton({ filters, stuck }: { filters: ExecutionFilters; stuck: boolean }) {
  const gate = useActionGate();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<BulkActionName>("redrive");
  const [outcome, setOutcome] = useState<"succeed" | "fail">("succeed");
  const [result, setResult] = useState("");
  const [errorMessageText, setErrorMessageText] = useState("");
  const request: BulkJobRequest = {
    action,
    query: jobQueryOf(filters, stuck),
    ...(action === "answer"
      ? { answer: outcome === "succeed" ? { outcome, ...(result ? { result } : {}) } : { outcome, error: { ErrorType: "CallbackFailure", ErrorMessage: errorMessageText || "Failed by a bulk job" } } }
      : {}),
  };
  const preview = useQuery({
    queryKey: ["jobs", "preview", request],
    queryFn: () => previewJob(request),
    enabled: open,
    staleTime: 0,
  });
  const create = useMutation({
    mutationFn: () => createJob(request),
    onSuccess: ({ job }) => router.push(`/jobs/${encodeURIComponent(job.jobId)}`),
  });
  const p = preview.data?.preview;

  return (
    <>
      <Button {...gate.props({ title: "Act on every execution these filters match" })} onClick={() => setOpen(true)}>
        Bulk action
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        wide
        title="Bulk action on every match"
        description="Runs as a job: stored, rate-limited, resumable after a restart, with progress and a cancel button."
        footer={
          <>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant={action === "stop" ? "danger" : "primary"}
              disabled={!p || p.willAct === 0 || create.isPending}
              onClick={() => create.mutate()}
            >
              {create.isPending ? "Starting…" : p ? `Run on ${p.willAct} execution${p.willAct === 1 ? "" : "s"}` : "Run"}
            </Button>
          </>
        }
      >
        <div className="space-y-4">
          <Field label="Action" htmlFor="bulk-action">
            <Select id="bulk-action" value={action} onChange={(event) => setAction(event.target.value as BulkActionName)}>
              {ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </Select>
          </Field>
          {action === "answer" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Answer" htmlFor="bulk-outcome">
                <Select id="bulk-outcome" value={outcome} onChange={(event) => setOutcome(event.target.value as "succeed" | "fail")}>
                  <option value="succeed">Succeed</option>
                  <option value="fail">Fail</option>
                </Select>
              </Field>
              {outcome === "succeed" ? (
                <Field label="Result (raw text, usually JSON)" htmlFor="bulk-result">
                  <Textarea id="bulk-result" rows={2} value={result} onChange={(event) => setResult(event.target.value)} />
                </Field>
              ) : (
                <Field label="Error message" htmlFor="bulk-error">
                  <Input id="bulk-error" value={errorMessageText} onChange={(event) => setErrorMessageText(event.target.value)} />
                </Field>
              )}
            </div>
          ) : null}
          <section aria-label="Preview" className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-700">
            {preview.error ? <ErrorNote title="Could not preview" message={errorMessage(preview.error)} /> : null}
            {p ? (
              <>
                <p className="font-medium" data-testid="bulk-preview-summary">
                  {p.matched} execution{p.matched === 1 ? "" : "s"} match: {p.willAct} → {action}, {p.willSkip} skipped
                </p>
                <ul className="mt-2 space-y-1">
                  {p.groups.map((g) => (
                    <li key={g.status} className={g.act ? "" : "text-zinc-500 dark:text-zinc-400"}>
                      {g.count} {g.status} → {g.act ? g.does : `skipped: ${g.reason}`}
                    </li>
                  ))}
                </ul>
              </>
            ) : preview.isFetching ? (
              <p className="text-zinc-500">Counting the matches…</p>
            ) : null}
          </section>
          {create.error ? <ErrorNote title="Could not start the job" message={errorMessage(create.error)} /> : null}
        </div>
      </Dialog>
    </>
  );
}
