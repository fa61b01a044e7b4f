import { sendDurableExecutionCallbackHeartbeat } from "@/lib/server/aws/commands/callbacks";
import { awsRoute } from "@/lib/server/aws/route";

export const dynamic = "force-dynamic";

/** SendDurableExecutionCallbackHeartbeat (Lambda API). */
export const { GET, POST, PUT, PATCH, DELETE } = awsRoute({ POST: sendDurableExecutionCallbackHeartbeat });
