/**
 * One QueryClient factory for server and browser (TanStack's App Router setup): a fresh client
 * per server request, one singleton in the browser. staleTime above zero so data the server
 * rendered is not refetched the moment the page hydrates.
 */
import { QueryClient, defaultShouldDehydrateQuery, isServer } from "@tanstack/react-query";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // One quiet retry; the UI shows the error after that instead of spinning for seconds.
        retry: (failureCount, error) => failureCount < 1 && !(error as { status?: number }).status,
      },
      dehydrate: {
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
