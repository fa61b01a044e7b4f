"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/client/query-client";

export function Providers({ children }: { children: React.ReactNode }) {
  // Not useState: the browser client is a module singleton, so a suspense boundary that throws
  // away this component's state cannot throw away the cache.
  const queryClient = getQueryClient();
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
