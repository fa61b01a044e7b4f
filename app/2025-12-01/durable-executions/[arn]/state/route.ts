import { getDurableExecutionState } from "@/lib/server/aws/commands/checkpoint";
import { awsRoute } from "@/lib/server/aws/route";

export const dynamic = "force-dynamic";

/** GetDurableExecutionState (Lambda API 2025-12-01). */
export const { GET, POST, PUT, PATCH, DELETE } = awsRoute({ GET: getDurableExecutionState });
