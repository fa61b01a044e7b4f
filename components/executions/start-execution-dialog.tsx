"use client";
/**
 * "Start execution": a function, an optional name (makes the start idempotent) and a JSON input,
 * validated before sending. On success it opens the new execution.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote } from "@/components/ui/empty-state";
import { Field, Input, Textarea } from "@/components/ui/form";
import { apiPost, errorMessage } from "@/lib/api-client";
import { useActionGate } from "@/lib/auth/session-context";
import { executionKeys, executionQueries } from "@/lib/query-options";

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
  const names = useQuery({ ...executionQueries.functionNames(), enabled: open });
  const [functionName, setFunctionName] = useState(initialFunction ?? "");
  const [name, setName] = useState("");
  const [input, setInput] = useState("{\n  \n}");
  const inputProblem = jsonProblem(input);

  const start = useMutation({
    mutationFn: () =>
      apiPost<{ executionId: string; alreadyExisted: boolean }>("/api/executions", {
        functionName: functionName.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(input.trim() ? { input } : {}),
      }),
    onSuccess: async (started) => {
      await queryClient.invalidateQueries({ queryKey: executionKeys.all });
      onClose();
      router.push(`/executions/${encodeURIComponent(started.executionId)}`);
    },
  });

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
          <Button
            variant="primary"
            disabled={!functionName.trim() || Boolean(inputProblem) || start.isPending}
            onClick={() => start.mutate()}
          >
            {start.isPending ? "Starting…" : "Start"}
          </Button>
        </>
      }
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (functionName.trim() && !inputProblem) start.mutate();
        }}
      >
        <Field label="Function" htmlFor={`${ids}-fn`} hint="A durable function registered with the worker.">
          <Input
            id={`${ids}-fn`}
            list={`${ids}-fns`}
            value={functionName}
            onChange={(event) => setFunctionName(event.target.value)}
            placeholder="order-processing"
            autoComplete="off"
            required
          />
          <datalist id={`${ids}-fns`}>
            {(names.data ?? []).map((fn) => (
              <option key={fn} value={fn} />
            ))}
          </datalist>
        </Field>
        <Field label="Name (optional)" htmlFor={`${ids}-name`} hint="Letters, digits, '-' and '_'. Defaults to the execution id.">
          <Input id={`${ids}-name`} value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />
        </Field>
        <Field label="Input (JSON)" htmlFor={`${ids}-input`} error={inputProblem}>
          <Textarea id={`${ids}-input`} rows={8} value={input} onChange={(event) => setInput(event.target.value)} spellCheck={false} />
        </Field>
        {start.error ? <ErrorNote title="Could not start" message={errorMessage(start.error)} /> : null}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
