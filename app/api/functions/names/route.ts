import { json, methodNotAllowed, route } from "@/lib/server/http";
import { listFunctionNamesForConsole } from "@/lib/server/queries/functions";

export const dynamic = "force-dynamic";

/** GET /api/functions/names : registered durable functions and any with executions (filter and start options). */
export const GET = route(async () => json(await listFunctionNamesForConsole()));

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
