"use client";
/**
 * Imported incident bundles: drop a bundle file (or choose one) to import it read-only, then open
 * its execution (the same page and tabs as a live one, marked imported) or remove it. A refused
 * file says why, with its code (too large, malformed, newer version, tampered, invalid).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, SectionTitle } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { ExecutionStatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { ApiCallError, errorMessage } from "@/lib/client/api-client";
import { bundleKeys, bundleQueries, removeBundle, uploadBundle } from "@/lib/client/bundle-queries";
import { useActionGate } from "@/lib/client/session-context";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

function refusal(error: unknown): string {
  return error instanceof ApiCallError ? `${error.message} (${error.code})` : errorMessage(error);
}

export function BundlesView() {
  const queryClient = useQueryClient();
  const list = useQuery(bundleQueries.list());
  const gate = useActionGate();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: uploadBundle,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bundleKeys.all }),
  });
  const remove = useMutation({
    mutationFn: removeBundle,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bundleKeys.all }),
  });
  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file && !gate.denied) upload.mutate(file);
  };
  const bundles = list.data?.bundles ?? [];

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Imported bundles</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
          An incident bundle is one execution exported to one redacted file (&ldquo;Export bundle&rdquo; on an execution, or{" "}
          <code className="font-mono text-xs">durable bundle export</code>). Imported, it opens read-only, in a store of its own: no action can run on it.
        </p>
      </div>

      <div
        data-testid="bundle-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          take(event.dataTransfer.files);
        }}
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm ${
          dragging ? "border-sky-500 bg-sky-50 dark:bg-sky-400/10" : "border-zinc-300 dark:border-zinc-700"
        }`}
      >
        <p className="font-medium">Drop a bundle file here to import it</p>
        <label htmlFor={inputId} className={buttonClass("secondary", "md", gate.denied ? "pointer-events-none opacity-50" : "cursor-pointer")}>
          {upload.isPending ? "Importing…" : "Import bundle…"}
        </label>
        <input
          id={inputId}
          type="file"
          accept=".json,.gz,application/json,application/gzip"
          className="sr-only"
          disabled={gate.denied || upload.isPending}
          onChange={(event) => {
            take(event.target.files);
            event.target.value = "";
          }}
        />
        {gate.denied ? <p className="text-xs text-zinc-500">Read-only: {gate.reason}</p> : null}
      </div>

      {upload.data ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {upload.data.alreadyImported ? "Already imported: " : "Imported: "}
          <Link href={`/executions/${upload.data.bundle.executionId}`} className="font-medium underline">
            {upload.data.bundle.name} ({upload.data.bundle.functionName})
          </Link>
        </p>
      ) : null}
      {upload.error ? <ErrorNote title="Bundle refused" message={refusal(upload.error)} /> : null}
      {remove.error ? <ErrorNote title="Could not remove" message={refusal(remove.error)} /> : null}

      <Card>
        <SectionTitle>Imported</SectionTitle>
        {list.error ? (
          <div className="p-4">
            <ErrorNote title="Could not list the imported bundles" message={errorMessage(list.error)} />
          </div>
        ) : bundles.length === 0 ? (
          <EmptyState title={list.isPending ? "Loading…" : "No imported bundles"} />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  <th className={th}>Execution</th>
                  <th className={th}>Function</th>
                  <th className={th}>Status</th>
                  <th className={th}>Exported</th>
                  <th className={th}>Imported</th>
                  <th className={th}>Redacted</th>
                  <th className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {bundles.map((bundle) => (
                  <tr key={bundle.bundleId} data-testid="imported-bundle-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                    <td className="px-3 py-2">
                      <Link href={`/executions/${bundle.executionId}`} className="font-medium text-sky-700 hover:underline dark:text-sky-300">
                        {bundle.name}
                      </Link>
                      <div className="font-mono text-xs text-zinc-500">{bundle.originalExecutionId}</div>
                    </td>
                    <td className="px-3 py-2">{bundle.functionName}</td>
                    <td className="px-3 py-2">
                      <ExecutionStatusBadge status={bundle.status} />
                    </td>
                    <td className="px-3 py-2">
                      <Time iso={bundle.exportedAt} />
                    </td>
                    <td className="px-3 py-2">
                      <Time iso={bundle.importedAt} />
                    </td>
                    <td className="px-3 py-2 tabular-nums">{bundle.redaction.redacted.length}</td>
                    <td className="px-3 py-2 text-right">
                      <Button
                        variant="danger"
                        {...gate.props({ disabled: remove.isPending, title: "Remove this imported bundle (the live execution is not affected)" })}
                        onClick={() => remove.mutate(bundle.bundleId)}
                      >
                        Remove
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
