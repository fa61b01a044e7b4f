import { bulkBodySchema, runBulkAction } from "@/lib/actions/bulk";
import { json, parseBody, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** POST /api/executions/bulk {action: "stop"|"redrive", executionIds: [...]} : per-execution results. */
export const POST = route(async (request: Request) => json(await runBulkAction(await parseBody(request, bulkBodySchema))));
