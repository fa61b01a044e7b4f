import { unknownOperationRoute } from "@/lib/server/aws/unknown-operation";

export const dynamic = "force-dynamic";

/** A Lambda API path no command serves: the service's answer to an unknown operation. */
export const { GET, POST, PUT, PATCH, DELETE } = unknownOperationRoute;
