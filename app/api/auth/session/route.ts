import { sessionInfo } from "@/lib/server/auth/server-session";

export const dynamic = "force-dynamic";

/** GET /api/auth/session : whether authentication is on, and who is signed in (never a secret). */
export async function GET(request: Request): Promise<Response> {
  return Response.json(sessionInfo(request.headers), { headers: { "cache-control": "no-store" } });
}
