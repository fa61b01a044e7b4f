import { errorJson } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** Any path under /api that no route serves: a JSON 404 with a code, like every other API error. */
function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return errorJson("ROUTE_NOT_FOUND", `No API route at ${path.slice(0, 200)}`);
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
