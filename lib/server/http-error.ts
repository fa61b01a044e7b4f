/**
 * The error a route handler (or a guard) throws to answer a 4xx: `{ error: { code, message } }`
 * with its code's status. Its own module, free of server-only imports, so the request proxy and the
 * auth guards can use it without pulling in the store.
 *
 * Recognise it with `ApiError.is()`, not `instanceof`: pages and route handlers are separate
 * module graphs, each with its own copy of this class (sdk/utils/brand).
 */
import "server-only";
import { brandOf, hasBrand } from "@/sdk/utils/brand";
import { statusOf, type ConsoleErrorCode } from "./error-codes";

const API_ERROR = brandOf("ApiError");

export class ApiError extends Error {
  readonly [API_ERROR] = true;

  /** The HTTP status, from the code (lib/server/error-codes). */
  readonly status: number;

  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = statusOf(code);
  }

  static is(error: unknown): error is ApiError {
    return hasBrand(error, API_ERROR);
  }
}
