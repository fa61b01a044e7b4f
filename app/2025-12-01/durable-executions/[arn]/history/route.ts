import { getDurableExecutionHistory } from "@/lib/server/aws/commands/executions";
import { awsRoute } from "@/lib/server/aws/route";

export const dynamic = "force-dynamic";

/** GetDurableExecutionHistory (Lambda API). */
export const { GET, POST, PUT, PATCH, DELETE } = awsRoute({ GET: getDurableExecutionHistory });
