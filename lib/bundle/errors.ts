/**
 * Why a bundle was refused. Each code names one kind of bad input, so the CLI (exit 2) and the
 * HTTP API (4xx, lib/server/error-codes) can say the same thing; a refused bundle changes nothing.
 * Recognise it with `BundleError.is()`: pages and route handlers are separate module graphs.
 */
import { brandOf, hasBrand } from "../../sdk/utils/brand";

export const BUNDLE_ERROR_CODES = [
  /** Past the size limit (the file, or what it unzips to), found while reading: nothing was parsed. */
  "BUNDLE_TOO_LARGE",
  /** Not JSON, truncated, or a broken gzip stream. */
  "BUNDLE_MALFORMED",
  /** Written by a newer format version than this console reads. */
  "BUNDLE_VERSION_UNSUPPORTED",
  /** The content does not match its sha-256 digest: the file was edited or damaged. */
  "BUNDLE_TAMPERED",
  /** Not an incident bundle, or one whose fields have the wrong type or whose records do not fit together. */
  "BUNDLE_INVALID",
  /** No imported bundle with this id. */
  "BUNDLE_NOT_FOUND",
] as const;
export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

const BUNDLE_ERROR = brandOf("BundleError");

export class BundleError extends Error {
  readonly [BUNDLE_ERROR] = true;

  constructor(
    readonly code: BundleErrorCode,
    message: string,
    /** For BUNDLE_INVALID: each field that is wrong, by its path in the file. */
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "BundleError";
  }

  static is(error: unknown): error is BundleError {
    return hasBrand(error, BUNDLE_ERROR);
  }
}
