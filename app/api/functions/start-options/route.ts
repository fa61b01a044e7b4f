import { json, methodNotAllowed, route } from "@/lib/server/http";
import { listStartOptions } from "@/lib/server/queries/functions";

export const dynamic = "force-dynamic";

/**
 * GET /api/functions/start-options : what the Start dialog offers, by name: registered durable
 * functions and any with executions, each with its description and sample input (JSON text)
 * when its worker registered them.
 */
export const GET = route(async () => json(await listStartOptions()));

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
