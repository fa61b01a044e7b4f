import { json, route } from "@/lib/http";
import { listFunctionSummaries } from "@/lib/queries/functions";

export const dynamic = "force-dynamic";

/** GET /api/functions : each function with executions, with counts per status. */
export const GET = route(async () => json(await listFunctionSummaries()));
