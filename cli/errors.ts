/**
 * How a failed command ends: its machine-readable code (shown with `--json`), its exit code, and a
 * message that names what the user typed (`--from`, `<id|arn>`) rather than the client API's
 * internal field paths (`listExecutions.startedAfter`).
 */
import { DurableClientError } from "../sdk/runtime";
import { StoreNotFoundError, StoreUrlError } from "../sdk/store/open-errors";
import { StoreError } from "../sdk/store/types";
import { failureKindOf, type FailureKind } from "../shared/errors";
import { BundleError } from "../lib/bundle/errors";
import { UsageError } from "./args";
import { ConsoleRefusedError } from "./console";
import { EXIT, type CommandSpec } from "./specs";

/** A failure the CLI itself decides (not the client's or the store's), with its code and exit code. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export interface Failure {
  code: string;
  exitCode: number;
  message: string;
  /** Per-input problems of a VALIDATION_ERROR, by the flag or argument name the user typed. */
  details?: Array<{ name: string; message: string }>;
}

const STORE_HINT = "start one with `durable dev` or `durable worker`";

export function describeFailure(error: unknown, spec?: CommandSpec): Failure {
  if (error instanceof UsageError) return { code: "VALIDATION_ERROR", exitCode: EXIT.usage, message: error.message };
  if (error instanceof CliError) return { code: error.code, exitCode: error.exitCode, message: error.message };
  // A bundle refused (too large, malformed, newer, tampered, wrong types) is bad input: exit 2.
  if (BundleError.is(error)) return { code: error.code, exitCode: error.code === "BUNDLE_NOT_FOUND" ? EXIT.notFound : EXIT.usage, message: error.message, ...(error.details ? { details: error.details.map((d) => ({ name: d.path, message: d.message })) } : {}) };
  if (error instanceof ConsoleRefusedError) return { code: "CONSOLE_REFUSED", exitCode: EXIT.usage, message: error.message };
  if (error instanceof StoreUrlError) return { code: error.code, exitCode: EXIT.usage, message: error.message };
  if (error instanceof StoreNotFoundError) return { code: error.code, exitCode: EXIT.notFound, message: `${error.message}; ${STORE_HINT}` };
  if (DurableClientError.is(error)) {
    if (error.code === "VALIDATION_ERROR" && error.details?.length) {
      const details = error.details.map((d) => ({ name: inputName(d.path, spec), message: d.message }));
      return { code: error.code, exitCode: EXIT.usage, message: details.map((d) => `${d.name}: ${d.message}`).join("; "), details };
    }
    return { code: error.code, exitCode: exitCodeOf(error.code), message: error.message };
  }
  if (StoreError.is(error)) return { code: error.code, exitCode: exitCodeOf(error.code), message: error.message };
  return { code: "INTERNAL_ERROR", exitCode: EXIT.failure, message: error instanceof Error ? error.message : String(error) };
}

const EXIT_BY_KIND: Record<FailureKind, number> = { "invalid-input": EXIT.usage, "not-found": EXIT.notFound, refused: EXIT.conflict };

function exitCodeOf(code: string): number {
  return EXIT_BY_KIND[failureKindOf(code)];
}

/** `listExecutions.startedAfter` -> `--from`: the command's own name for it, else the path without the call's name. */
function inputName(path: string, spec: CommandSpec | undefined): string {
  const names = spec?.inputNames ?? {};
  for (let end = path.length; end > 0; end = path.lastIndexOf(".", end - 1)) {
    const name = names[path.slice(0, end)];
    if (name) return name;
  }
  const dot = path.indexOf(".");
  return dot === -1 ? path : path.slice(dot + 1);
}
