/**
 * The console's security checks on the command line, made before anything starts:
 *
 * - `durable dev --host h` and `durable console --host h` refuse a non-loopback host unless
 *   authentication is configured (DURABLE_CONSOLE_TOKEN / DURABLE_CONSOLE_USERS), and refuse
 *   settings they cannot parse (auth variables, DURABLE_REDACT_PATHS); the Next server checks
 *   again at its own startup (instrumentation.ts).
 * - `durable hash-password` reads a password on stdin and prints the `scrypt:` hash to put in
 *   DURABLE_CONSOLE_USERS instead of the password.
 */
import { bindingRefusal } from "../shared/auth/binding";
import { AuthConfigError, readAuthConfig } from "../shared/auth/config";
import { hashPassword } from "../shared/auth/secrets";
import { JsonPathError } from "../lib/redaction/json-path";
import { parseRedactPaths } from "../lib/redaction/redact";

/** A start the console's security settings do not allow (exit code 2, no usage text). */
export class ConsoleRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConsoleRefusedError";
  }
}

/** Throws ConsoleRefusedError when the console may not listen on `host` with this environment. */
export function assertConsoleMayListen(host: string, env: Record<string, string | undefined> = process.env): { authEnabled: boolean } {
  let authEnabled: boolean;
  try {
    authEnabled = readAuthConfig(env).enabled;
    parseRedactPaths(env.DURABLE_REDACT_PATHS);
  } catch (error) {
    if (error instanceof AuthConfigError || error instanceof JsonPathError) throw new ConsoleRefusedError(error.message);
    throw error;
  }
  const refusal = bindingRefusal(host, authEnabled);
  if (refusal) throw new ConsoleRefusedError(refusal);
  return { authEnabled };
}

/** `durable hash-password`: the password from stdin (one line), its hash on stdout. */
export async function runHashPassword(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (password.length < 8) throw new ConsoleRefusedError("the password must have at least 8 characters (send it on stdin)");
  process.stdout.write(`${hashPassword(password)}\n`);
}
