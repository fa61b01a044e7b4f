import { invoke } from "@/lib/server/aws/commands/invoke";
import { awsRoute } from "@/lib/server/aws/route";

export const dynamic = "force-dynamic";

/** Invoke (Lambda API). */
export const { GET, POST, PUT, PATCH, DELETE } = awsRoute({ POST: invoke });
