/**
 * The console's incident bundles, browser side: the imported list and one import (TanStack Query
 * options), an upload (the file's bytes as the body, as chosen or dropped) and a removal.
 */
import { queryOptions } from "@tanstack/react-query";
import type { ImportedBundleSummary } from "../bundle/imports";
import type { ApiErrorBody } from "../types";
import { ApiCallError, apiGet } from "./api-client";

export const bundleKeys = { all: ["bundles"] as const, list: () => ["bundles", "list"] as const, one: (bundleId: string) => ["bundles", bundleId] as const };

export const bundleQueries = {
  list: () => queryOptions({ queryKey: bundleKeys.list(), queryFn: ({ signal }) => apiGet<{ bundles: ImportedBundleSummary[] }>("/api/bundles", signal) }),
  one: (bundleId: string) =>
    queryOptions({ queryKey: bundleKeys.one(bundleId), queryFn: ({ signal }) => apiGet<ImportedBundleSummary>(`/api/bundles/${bundleId}`, signal), staleTime: Infinity }),
};

/** The URL that downloads an execution's bundle. */
export function bundleExportUrl(executionId: string): string {
  return `/api/executions/${encodeURIComponent(executionId)}/bundle`;
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => undefined)) as T | ApiErrorBody | undefined;
  if (!response.ok) {
    const error = (body as ApiErrorBody | undefined)?.error;
    throw new ApiCallError(response.status, error?.code ?? "HTTP_ERROR", error?.message ?? `Request failed (${response.status})`);
  }
  return body as T;
}

export async function uploadBundle(file: Blob): Promise<{ bundle: ImportedBundleSummary; alreadyImported: boolean }> {
  return answer(await fetch("/api/bundles", { method: "POST", headers: { "content-type": "application/octet-stream", accept: "application/json" }, body: file }));
}

export async function removeBundle(bundleId: string): Promise<{ removed: ImportedBundleSummary }> {
  return answer(await fetch(`/api/bundles/${bundleId}`, { method: "DELETE", headers: { accept: "application/json" } }));
}
