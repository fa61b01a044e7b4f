import { listDurableExecutionsByFunction } from "@/lib/server/aws/commands/executions";
import { awsRoute } from "@/lib/server/aws/route";

export const dynamic = "force-dynamic";

/** ListDurableExecutionsByFunction (Lambda API). */
export const { GET, POST, PUT, PATCH, DELETE } = awsRoute({ GET: listDurableExecutionsByFunction });
