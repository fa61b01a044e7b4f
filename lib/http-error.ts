/**
 * The error a route handler (or a guard) throws to answer a 4xx: `{ error: { code, message } }`
 * with this status. Its own module, free of server-only imports, so the request proxy and the
 * auth guards can use it without pulling in the store.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
