import { UnrecoverableInvocationError } from "./unrecoverable-errors";

/**
 * A Serdes threw while storing or reading an operation's value (a BigInt, a cycle, a custom
 * serdes whose backing store is down...). Invocation-scoped like the official SDK: the
 * invocation ends and the runtime may try again; user code never sees a half-written result.
 */
export class SerdesFailedError extends UnrecoverableInvocationError {
  readonly terminationReason = "SERDES_FAILED" as const;

  constructor(
    message: string,
    readonly direction: "serialize" | "deserialize",
    readonly entityId: string,
    originalError?: Error,
  ) {
    super(message, originalError);
    this.name = "SerdesFailedError";
  }
}
