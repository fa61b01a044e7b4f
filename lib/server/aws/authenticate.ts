/**
 * Who sent an AWS API request: the one authentication call of every AWS route
 * (lib/server/aws/route), which then lets only an operator change state.
 *
 * - From loopback (the socket says so: lib/server/auth/peer), a request is accepted signed or
 *   unsigned, as the AWS tools on this machine send it with whatever credentials they have. A
 *   request signed with a configured access key acts as that key (its role, its name in the
 *   audit log); anything else acts as the local operator.
 * - From anywhere else, the request must carry a valid SigV4 signature of a configured access key
 *   (lib/server/aws/auth/sigv4); otherwise 403 with the error type AWS answers (missing
 *   signature, unknown key, bad or expired signature, malformed), and nothing is read or changed.
 */
import "server-only";
import { authConfig, type AuthConfig } from "../../../shared/auth/config";
import type { Principal } from "../../../shared/auth/roles";
import { LOCAL_PRINCIPAL } from "../auth/guard";
import { peerOf, type Peer } from "../auth/peer";
import { SigV4Refusal, verifySigV4 } from "./auth/sigv4";
import { AwsError } from "./errors";

export interface AwsAuthOptions {
  config?: AuthConfig;
  /** Where the request came from; by default the request gate's stamp. */
  peer?: Peer;
  now?: number;
}

function isSigned(request: Request): boolean {
  if (request.headers.has("authorization")) return true;
  const params = new URL(request.url).searchParams;
  return params.has("X-Amz-Algorithm") || params.has("X-Amz-Signature");
}

async function signedBy(request: Request, config: AuthConfig, now: number): Promise<Principal> {
  const url = new URL(request.url);
  // The route reads the body afterwards: verification reads a copy, cloned before either reads.
  const copy = request.clone();
  const body = async () => new Uint8Array(await copy.arrayBuffer());
  const key = await verifySigV4({ method: request.method, target: `${url.pathname}${url.search}`, headers: request.headers, body }, config.accessKeys, now);
  return { name: key.keyId, role: key.role, method: "sigv4" };
}

/** The caller of an API request, or AwsError 403 to answer with. */
export async function authenticateAwsRequest(request: Request, options: AwsAuthOptions = {}): Promise<Principal> {
  const config = options.config ?? authConfig();
  const peer = options.peer ?? peerOf(request);
  const now = options.now ?? Date.now();
  try {
    if (peer.kind === "loopback" && (!isSigned(request) || config.accessKeys.length === 0)) return LOCAL_PRINCIPAL;
    return await signedBy(request, config, now);
  } catch (error) {
    if (!(error instanceof SigV4Refusal)) throw error;
    // Loopback accepts any signature (the SDK's dummy credentials): only a valid key changes who acts.
    if (peer.kind === "loopback") return LOCAL_PRINCIPAL;
    throw new AwsError(error.errorType, error.message);
  }
}
