/**
 * Browser-side fetch helpers for the console's JSON API. A non-2xx answer becomes an ApiCallError
 * carrying the server's `{ error: { code, message } }`, so the UI can say what went wrong.
 */
import type { ApiErrorBody } from "../types";

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiCallError";
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as ApiErrorBody | undefined)?.error;
    throw new ApiCallError(response.status, error?.code ?? "HTTP_ERROR", error?.message ?? `Request failed (${response.status})`);
  }
  return body as T;
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return parse<T>(await fetch(path, { signal, headers: { accept: "application/json" } }));
}

export async function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return parse<T>(
    await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
