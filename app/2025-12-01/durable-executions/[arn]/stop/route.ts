import { stopDurableExecution } from "@/lib/server/aws/commands/executions";
import { awsRoute } from "@/lib/server/aws/route";

export const dynamic = "force-dynamic";

/** StopDurableExecution (Lambda API). */
export const { GET, POST, PUT, PATCH, DELETE } = awsRoute({ POST: stopDurableExecution });
