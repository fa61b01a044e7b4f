/**
 * Who sent an AWS API request, and may they? The one authentication call of every AWS route
 * (lib/server/aws/route). A request from this machine (the socket's loopback address) is the
 * local operator, signed or not, as the console's own API is without authentication. Anything
 * else is refused until access keys and SigV4 verification are configured.
 *
 * Throws AwsError AccessDeniedException (403); nothing is read or changed for a refused request.
 */
import "server-only";
import type { Principal } from "../../../shared/auth/roles";
import { LOCAL_PRINCIPAL } from "../auth/guard";
import { AwsError } from "./errors";
import { isLoopbackAddress, peerAddressOf } from "./peer";

export async function authenticateAwsRequest(request: Request): Promise<Principal> {
  if (isLoopbackAddress(peerAddressOf(request))) return LOCAL_PRINCIPAL;
  throw new AwsError("AccessDeniedException", "Requests from other machines must be signed with an access key configured for durable-console");
}
