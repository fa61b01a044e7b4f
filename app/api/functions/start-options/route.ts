import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listStartOptions } from "@/lib/server/queries/functions";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/functions/start-options : what the Start dialog offers, by name: registered durable
   * functions and any with executions, each with its description and sample input (JSON text)
   * when its worker registered them.
   */
  GET: defineRoute({}, async () => json(await listStartOptions())),
});
