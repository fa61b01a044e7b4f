"use client";
/**
 * "Start execution": a function, an optional name (makes the start idempotent) and a JSON input,
 * validated before sending. The chosen function's description is shown, and its sample input
 * (when its worker registered one) fills the input until the person edits it, and can be put back
 * in one click. An input over the size limit is refused here with the words the server would use.
 * On success it opens the new execution.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote } from "@/components/ui/empty-state";
import { Field, Input, Textarea } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api-client";
import { executionMutations, invalidateAfterAction } from "@/lib/client/mutation-options";
import { useActionGate } from "@/lib/client/session-context";
import { executionQueries } from "@/lib/client/query-options";
import { Limits } from "@/sdk/types/wire";
import { payloadTooLargeMessage, utf8ByteLength } from "@/sdk/utils/payload-size";

const EMPTY_INPUT = "{\n  \n}";

/** A sample as registered (compact JSON text), laid out for reading and editing. */
function pretty(sample: string): string {
  try {
    return JSON.stringify(JSON.parse(sample), null, 2);
  } catch {
    return sample;
  }
}

export function jsonProblem(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`;
  }
}

export function StartExecutionButton({ variant = "primary", functionName }: { variant?: ButtonVariant; functionName?: string }) {
  const [open, setOpen] = useState(false);
  const gate = useActionGate();
  return (
    <>
      <Button variant={variant} {...gate.props()} onClick={() => setOpen(true)}>
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5" fill="currentColor">
          <path d="M4.5 3v10l8.5-5z" />
        </svg>
        Start execution
      </Button>
      <StartExecutionDialog open={open} onClose={() => setOpen(false)} initialFunction={functionName} />
    </>
  );
}

function StartExecutionDialog({ open, onClose, initialFunction }: { open: boolean; onClose: () => void; initialFunction?: string }) {
  const ids = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const options = useQuery({ ...executionQueries.startOptions(), enabled: open });
  const [functionName, setFunctionName] = useState(initialFunction ?? "");
  const [name, setName] = useState("");
  // Until the person types in it, the input follows the chosen function's sample.
  const [edited, setEdited] = useState<string | undefined>();
  const chosen = options.data?.find((option) => option.functionName === functionName.trim());
  const sample = chosen?.sampleInput === undefined ? undefined : pretty(chosen.sampleInput);
  const input = edited ?? sample ?? EMPTY_INPUT;
  const bytes = useMemo(() => utf8ByteLength(input), [input]);
  const tooLarge = bytes > Limits.executionInputBytes ? payloadTooLargeMessage("input", bytes, Limits.executionInputBytes) : undefined;
  const inputProblem = tooLarge ?? jsonProblem(input);

  const startBody = () => ({
    functionName: functionName.trim(),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(input.trim() ? { input } : {}),
  });
  const start = useMutation({
    ...executionMutations.start(),
    onSuccess: async (started) => {
      await invalidateAfterAction(queryClient);
      onClose();
      router.push(`/executions/${encodeURIComponent(started.executionId)}`);
    },
  });
  const canStart = Boolean(functionName.trim()) && !inputProblem && !start.isPending;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title="Start execution"
      description="A worker picks it up within a moment. Naming an execution makes the start idempotent."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!canStart} onClick={() => start.mutate(startBody())}>
            {start.isPending ? "Starting…" : "Start"}
          </Button>
        </>
      }
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (canStart) start.mutate(startBody());
        }}
      >
        <Field label="Function" htmlFor={`${ids}-fn`} hint={chosen ? undefined : "A durable function registered with the worker."}>
          <Input
            id={`${ids}-fn`}
            list={`${ids}-fns`}
            value={functionName}
            onChange={(event) => setFunctionName(event.target.value)}
            placeholder="order-processing"
            autoComplete="off"
            aria-describedby={chosen?.description ? `${ids}-about` : undefined}
            required
          />
          <datalist id={`${ids}-fns`}>
            {(options.data ?? []).map((option) => (
              <option key={option.functionName} value={option.functionName} />
            ))}
          </datalist>
        </Field>
        {chosen ? (
          <p id={`${ids}-about`} aria-live="polite" className="rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300">
            {chosen.description ?? "No description registered for this function."}
          </p>
        ) : null}
        <Field label="Name (optional)" htmlFor={`${ids}-name`} hint="Letters, digits, '-' and '_'. Defaults to the execution id.">
          <Input id={`${ids}-name`} value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />
        </Field>
        <Field
          label="Input (JSON)"
          htmlFor={`${ids}-input`}
          error={inputProblem}
          hint={sample === undefined ? undefined : edited === undefined ? "The function's sample input: edit it or start with it." : undefined}
        >
          <Textarea id={`${ids}-input`} rows={8} value={input} onChange={(event) => setEdited(event.target.value)} spellCheck={false} />
        </Field>
        {sample !== undefined && edited !== undefined ? (
          <Button size="sm" variant="ghost" onClick={() => setEdited(undefined)}>
            Use the sample input
          </Button>
        ) : null}
        {start.error ? <ErrorNote title="Could not start" message={errorMessage(start.error)} /> : null}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
