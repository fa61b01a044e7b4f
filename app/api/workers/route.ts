import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listWorkers } from "@/lib/server/queries/stuck";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/workers : every worker's heartbeat row, judged alive or not. */
  GET: defineRoute({}, async () => json({ workers: await listWorkers() })),
});
