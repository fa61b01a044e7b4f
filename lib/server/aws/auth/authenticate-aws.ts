/**
 * Who is calling the Lambda-compatible API, and may they?
 *
 * - From loopback (the socket says so: lib/server/auth/peer), a request is accepted signed or
 *   unsigned, as the AWS tools on this machine send it with whatever credentials they have. A
 *   request signed with a configured access key acts as that key (its role, its name in the
 *   audit log); anything else acts as the local operator.
 * - From anywhere else, the request must carry a valid SigV4 signature of a configured access key
 *   (lib/server/aws/auth/sigv4); otherwise 403 with the error type AWS answers (missing, unknown
 *   key, bad or expired signature), and nothing runs.
 * - A key's role decides as for console users: a viewer may only read (GET), an operator may also
 *   act. A viewer's action is refused 403 AccessDeniedException, and audited as denied.
 */
import "server-only";
import { authConfig, type AuthConfig } from "../../../../shared/auth/config";
import { roleAllows, type Principal } from "../../../../shared/auth/roles";
import { LOCAL_PRINCIPAL, isSafeMethod } from "../../auth/guard";
import { peerOf, type Peer } from "../../auth/peer";
import { SigV4Refusal, verifySigV4, type SigV4ErrorType } from "./sigv4";

export type AwsAuthErrorType = SigV4ErrorType | "AccessDeniedException";

/** A 403 in the service's words: the `x-amzn-ErrorType` and message to answer with. */
export class AwsAuthError extends Error {
  readonly status = 403;
  constructor(
    readonly errorType: AwsAuthErrorType,
    message: string,
    /** Set when the caller was identified but lacks the role (the refusal is audited). */
    readonly principal?: Principal,
  ) {
    super(message);
    this.name = "AwsAuthError";
  }
}

export interface AwsCaller {
  principal: Principal;
  peer: Peer;
}

export interface AwsAuthOptions {
  config?: AuthConfig;
  /** Where the request came from; read from the request gate's stamp by default. */
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
  // The route reads the body again: verification reads a copy.
  const body = new Uint8Array(await request.clone().arrayBuffer());
  const key = await verifySigV4({ method: request.method, target: `${url.pathname}${url.search}`, headers: request.headers, body }, config.accessKeys, now);
  return { name: key.keyId, role: key.role, method: "sigv4" };
}

async function identify(request: Request, peer: Peer, config: AuthConfig, now: number): Promise<Principal> {
  if (peer.kind === "loopback") {
    if (!isSigned(request) || config.accessKeys.length === 0) return LOCAL_PRINCIPAL;
    try {
      return await signedBy(request, config, now);
    } catch (error) {
      // Loopback accepts any signature (the SDK's dummy credentials): only a valid key changes who acts.
      if (error instanceof SigV4Refusal) return LOCAL_PRINCIPAL;
      throw error;
    }
  }
  try {
    return await signedBy(request, config, now);
  } catch (error) {
    if (error instanceof SigV4Refusal) throw new AwsAuthError(error.errorType, error.message);
    throw error;
  }
}

/** The caller of an API request, or an AwsAuthError (403) to answer with. */
export async function authenticateAws(request: Request, options: AwsAuthOptions = {}): Promise<AwsCaller> {
  const config = options.config ?? authConfig();
  const peer = options.peer ?? peerOf(request);
  const principal = await identify(request, peer, config, options.now ?? Date.now());
  if (!isSafeMethod(request.method) && !roleAllows(principal.role, "operator")) {
    throw new AwsAuthError("AccessDeniedException", `${principal.name} has the ${principal.role} role: it may only read`, principal);
  }
  return { principal, peer };
}
