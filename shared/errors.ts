/**
 * What a failure's code says about the request that met it, for every surface that reports one:
 * the CLI's exit codes (cli/errors), what the audit log keeps (shared/audit/record, for the
 * console and the CLI alike) and which refused console requests are audited (lib/server/http).
 *
 * - "invalid-input": the input was malformed or past a limit; nothing was looked up or changed.
 * - "not-found": the input named an execution, callback, operation or function that does not exist.
 * - "refused": the target exists, but its state (or a conflict) refused the action.
 */
export type FailureKind = "invalid-input" | "not-found" | "refused";

const INVALID_INPUT_CODES: ReadonlySet<string> = new Set([
  "VALIDATION_ERROR",
  "INVALID_CURSOR",
  "PAYLOAD_TOO_LARGE",
  "BODY_UNREADABLE",
  // An incident bundle refused before anything was imported (lib/bundle/errors).
  "BUNDLE_TOO_LARGE",
  "BUNDLE_MALFORMED",
  "BUNDLE_VERSION_UNSUPPORTED",
  "BUNDLE_TAMPERED",
  "BUNDLE_INVALID",
]);

export function failureKindOf(code: string): FailureKind {
  if (code.endsWith("NOT_FOUND")) return "not-found";
  if (INVALID_INPUT_CODES.has(code)) return "invalid-input";
  return "refused";
}
