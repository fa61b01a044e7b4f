/**
 * Identifiers minted by the runtime. Execution ids are UUIDs; callback ids and checkpoint tokens
 * are opaque random strings that carry no guessable data (a callback id is a capability: whoever
 * holds it may answer the callback). Names and ARNs, which the browser needs too, are in ./arns.
 */
import { randomBytes, randomUUID } from "node:crypto";

export function newExecutionId(): string {
  return randomUUID();
}

export function newRequestId(): string {
  return randomUUID();
}

/**
 * 24 random bytes, base64url: 32 characters, never starting with "-". One id in 64 would
 * otherwise, and a command line reads `durable callback succeed -Xy...` as an unknown flag. A draw
 * that starts with "-" is drawn again (the ids stay uniform over the ones that do not).
 */
export function newCallbackId(): string {
  for (;;) {
    const id = randomBytes(24).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/**
 * A fencing token is minted on every checkpoint, so it must be cheap: randomUUID draws from
 * node's buffered entropy (122 random bits) where randomBytes makes a system call each time.
 */
export function newCheckpointToken(): string {
  return randomUUID();
}
