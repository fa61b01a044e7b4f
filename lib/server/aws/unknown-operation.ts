/**
 * What a Lambda API path no command serves answers, whatever the method: the service's
 * UnknownOperationException. Both API versions' catch-all routes export these handlers.
 */
import "server-only";
import { awsErrorJson } from "./errors";

async function unknownOperation(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return awsErrorJson("UnknownOperationException", `No operation at ${path.slice(0, 200)}`);
}

export const unknownOperationRoute = {
  GET: unknownOperation,
  POST: unknownOperation,
  PUT: unknownOperation,
  PATCH: unknownOperation,
  DELETE: unknownOperation,
};
