/**
 * Every error code the console's HTTP API answers, with its status: one typed table, so a route,
 * a guard, the proxy or the request gate can only name a code that is here, and the status it
 * answers with is decided once. The client API's codes take the statuses the SDK gives them
 * (sdk/runtime/errors HTTP_STATUS_BY_CODE); the store's and the console's own are set here.
 * A code the SDK or the store adds without a status here is a type error.
 */
import "server-only";
import { HTTP_STATUS_BY_CODE, type DurableClientErrorCode } from "@/sdk/runtime/errors";
import type { StoreErrorCode } from "@/sdk/store/types";
import type { BundleErrorCode } from "../bundle/errors";

const STORE_ERROR_STATUS = {
  EXECUTION_NOT_FOUND: 404,
  INVALID_CURSOR: 400,
  CONFLICT: 409,
  // Only a worker presents checkpoint tokens; seeing this here means a bug, but it is a conflict.
  STALE_CHECKPOINT_TOKEN: 409,
} as const satisfies Record<StoreErrorCode, number>;

const CONSOLE_OWN_STATUS = {
  // The request itself
  BODY_UNREADABLE: 400,
  BAD_PATH: 400,
  BAD_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  // What it names
  OPERATION_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  // Who asks, and from where
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CROSS_SITE_REQUEST: 403,
  HOST_NOT_ALLOWED: 403,
  TOO_MANY_ATTEMPTS: 429,
  AUTH_NOT_CONFIGURED: 400,
  // Incident bundles (lib/bundle): refused before anything is imported; an imported one is read-only
  BUNDLE_TOO_LARGE: 413,
  BUNDLE_MALFORMED: 400,
  BUNDLE_VERSION_UNSUPPORTED: 400,
  BUNDLE_TAMPERED: 400,
  BUNDLE_INVALID: 400,
  BUNDLE_NOT_FOUND: 404,
  IMPORTED_READ_ONLY: 409,
  // The console itself
  MISCONFIGURED: 500,
  INTERNAL_ERROR: 500,
} as const;

export const CONSOLE_ERROR_STATUS = {
  ...HTTP_STATUS_BY_CODE,
  ...STORE_ERROR_STATUS,
  ...CONSOLE_OWN_STATUS,
} as const satisfies Record<DurableClientErrorCode | StoreErrorCode | BundleErrorCode, number>;

export type ConsoleErrorCode = keyof typeof CONSOLE_ERROR_STATUS;

export function statusOf(code: ConsoleErrorCode): number {
  return CONSOLE_ERROR_STATUS[code];
}
