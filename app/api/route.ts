import { errorJson } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** /api itself serves nothing: a JSON 404 with a code, like every other unknown API path. */
function notFound(): Response {
  return errorJson("ROUTE_NOT_FOUND", "No API route at /api; see the README for the endpoints");
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
