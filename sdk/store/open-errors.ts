/**
 * Why a store could not be opened, for callers that answer differently to each (the CLI's exit
 * codes, its `--json` error codes): the URL is malformed, or the store it names does not exist and
 * the caller asked not to create it.
 */

/** The store URL cannot be read: an unknown scheme, a bad option, no file or table in it. */
export class StoreUrlError extends Error {
  readonly code = "INVALID_STORE_URL";
  constructor(message: string) {
    super(message);
    this.name = "StoreUrlError";
  }
}

/** Opened with `mustExist` and nothing is there; nothing was created. */
export class StoreNotFoundError extends Error {
  readonly code = "STORE_NOT_FOUND";
  constructor(readonly path: string) {
    super(`no store at ${path}`);
    this.name = "StoreNotFoundError";
  }
}
