import { awsErrorJson } from "@/lib/server/aws/errors";

export const dynamic = "force-dynamic";

/** A Lambda API path no command serves: the service's answer to an unknown operation. */
async function unknownOperation(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return awsErrorJson("UnknownOperationException", `No operation at ${path.slice(0, 200)}`);
}

export const GET = unknownOperation;
export const POST = unknownOperation;
export const PUT = unknownOperation;
export const PATCH = unknownOperation;
export const DELETE = unknownOperation;
