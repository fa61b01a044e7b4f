/**
 * Engine-level failures that end an invocation or a whole execution, as opposed to operation
 * failures (DurableOperationError) that user code can catch. The engine terminates with the
 * error's `terminationReason`; the markers let it classify errors without `instanceof`.
 */

/** Why the engine stopped running the handler (the official SDK's TerminationReason values). */
export type TerminationReasonName =
  | "NON_DETERMINISM"
  | "CONTEXT_VALIDATION_ERROR"
  | "CONFIG_VALIDATION_ERROR"
  | "CHECKPOINT_FAILED"
  | "SERDES_FAILED"
  | "CUSTOM";

/** Base of fatal engine errors. */
export abstract class UnrecoverableError extends Error {
  abstract readonly terminationReason: TerminationReasonName;
  readonly isUnrecoverable = true;

  constructor(
    message: string,
    readonly originalError?: Error,
  ) {
    super(message, originalError === undefined ? undefined : { cause: originalError });
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

/** The execution cannot continue: it ends FAILED. The message is prefixed as the official SDK's. */
export abstract class UnrecoverableExecutionError extends UnrecoverableError {
  readonly isUnrecoverableExecution = true;
  constructor(message: string, originalError?: Error) {
    super(`[Unrecoverable Execution] ${message}`, originalError);
  }
}

/**
 * This invocation cannot continue, but a new invocation may succeed (the runtime retries it).
 * The message is prefixed as the official SDK's.
 */
export abstract class UnrecoverableInvocationError extends UnrecoverableError {
  readonly isUnrecoverableInvocation = true;
  constructor(message: string, originalError?: Error) {
    super(`[Unrecoverable Invocation] ${message}`, originalError);
  }
}

export function isUnrecoverableError(error: unknown): error is UnrecoverableError {
  return error instanceof Error && (error as Partial<UnrecoverableError>).isUnrecoverable === true;
}

export function isUnrecoverableExecutionError(error: unknown): error is UnrecoverableExecutionError {
  return isUnrecoverableError(error) && (error as Partial<UnrecoverableExecutionError>).isUnrecoverableExecution === true;
}

export function isUnrecoverableInvocationError(error: unknown): error is UnrecoverableInvocationError {
  return isUnrecoverableError(error) && (error as Partial<UnrecoverableInvocationError>).isUnrecoverableInvocation === true;
}

/**
 * Replay found a recorded operation whose Type, Name or SubType differs from what the code now
 * asks for at the same position: the handler's code changed under a running execution. The
 * message is the official SDK's (see nonDeterminismMessage), then the operation's id.
 */
export class NonDeterministicExecutionError extends UnrecoverableExecutionError {
  readonly terminationReason = "NON_DETERMINISM" as const;
  constructor(message: string) {
    super(message);
    this.name = "NonDeterministicExecutionError";
  }
}
