import { z } from "zod";
import { json, methodNotAllowed, parseQuery, route } from "@/lib/server/http";
import { listFunctionSummaries } from "@/lib/server/queries/functions";

export const dynamic = "force-dynamic";

const querySchema = z.object({ range: z.enum(["1h", "24h", "7d"]).optional() });

/**
 * GET /api/functions?range=1h|24h|7d : each function with counts per status (all time) and its
 * recent window (success rate, duration p50/p95, executions over time; default 24h).
 */
export const GET = route(async (request: Request) => json(await listFunctionSummaries(parseQuery(request, querySchema))));

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
