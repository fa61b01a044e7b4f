/**
 * Set-up shared by the console tests that drive the real route handlers in-process over a real
 * SQLite file (`DURABLE_STORE` points at it): answering the console's own `fetch` with a route,
 * and closing both stores (the console's and the test's) and the file afterwards.
 */
import { rmSync } from "node:fs";
import type { DurableStore } from "@/sdk/store/types";

/** Closes the console's store and the test's, then removes the directory holding the file. */
export async function closeConsoleFixture(store: DurableStore, dir: string): Promise<void> {
  const { durable } = await import("@/lib/server/durable");
  await (await durable()).raw.store.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Answers every `fetch` with the real history route handler, logging each request as
 * `history?<query>` in `requests`; `around` may wrap each answer (delay it, count it). Returns
 * the function that puts the real `fetch` back.
 */
export async function answerFetchWithHistoryRoute(
  requests: string[],
  around: (answer: () => Promise<Response>) => Promise<Response> = (answer) => answer(),
): Promise<() => void> {
  const realFetch = globalThis.fetch;
  const { GET } = await import("@/app/api/executions/[id]/history/route");
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://console.test");
    requests.push(`${url.pathname.split("/").at(-1)}?${url.searchParams}`);
    const id = decodeURIComponent(url.pathname.split("/")[3]!);
    return around(() => GET(new Request(url), { params: Promise.resolve({ id }) }));
  }) as typeof fetch;
  return () => {
    globalThis.fetch = realFetch;
  };
}
