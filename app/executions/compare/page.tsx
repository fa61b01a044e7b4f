import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CompareCandidates } from "@/components/compare/compare-candidates";
import { CompareView } from "@/components/compare/compare-view";
import { ErrorNote } from "@/components/ui/empty-state";
import { executionQueries } from "@/lib/client/query-options";
import { idParam } from "@/lib/server/api-schemas";
import { ApiError } from "@/lib/server/http";
import { getRunComparison } from "@/lib/server/queries/compare";
import { getExecution } from "@/lib/server/queries/executions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare runs" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * `/executions/compare?a=…&b=…`: two runs side by side. With only `a`, the runs to compare it
 * with (the same function's last success first).
 */
export default async function ComparePage({ searchParams }: Props) {
  const query = await searchParams;
  const a = first(query.a);
  const b = first(query.b);
  for (const [name, value] of [["a", a], ["b", b]] as const) {
    if (value !== undefined && !idParam.safeParse(value).success) {
      return <ErrorNote title="Cannot compare" message={`${name} must be an execution id or ARN`} />;
    }
  }
  if (!a) notFound();
  if (!b) {
    const execution = await getExecution(a).catch((error: unknown) => {
      if (ApiError.is(error) && error.status === 404) notFound();
      throw error;
    });
    return <CompareCandidates a={execution.executionId} name={execution.name} functionName={execution.functionName} />;
  }
  const queryClient = new QueryClient();
  try {
    queryClient.setQueryData(executionQueries.compare(a, b).queryKey, await getRunComparison(a, b));
  } catch (error) {
    if (ApiError.is(error) && error.status === 404) {
      return <ErrorNote title="Cannot compare" message={error.message} />;
    }
    throw error;
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CompareView a={a} b={b} />
    </HydrationBoundary>
  );
}
