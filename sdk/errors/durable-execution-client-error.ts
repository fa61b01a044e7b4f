/**
 * The error a DurableExecutionClient (transport) throws to say how far a failure reaches:
 * INVOCATION (transient, try again in a new invocation) or EXECUTION (permanent, fail it).
 */

export const DurableExecutionClientErrorScope = {
  /** Transient: timeouts, throttling, connection failures, server errors. */
  INVOCATION: "INVOCATION",
  /** Permanent: rejected request, unknown or finished execution, misconfiguration. */
  EXECUTION: "EXECUTION",
} as const;
export type DurableExecutionClientErrorScope =
  (typeof DurableExecutionClientErrorScope)[keyof typeof DurableExecutionClientErrorScope];

export interface DurableExecutionClientErrorOptions {
  /** Default INVOCATION: when unsure, give the execution another attempt rather than fail it. */
  scope?: DurableExecutionClientErrorScope;
  cause?: unknown;
}

export class DurableExecutionClientError extends Error {
  /** Structural marker: recognised even when the transport bundles another copy of this class. */
  readonly isDurableExecutionClientError = true;
  readonly scope: DurableExecutionClientErrorScope;

  constructor(message: string, options?: DurableExecutionClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "DurableExecutionClientError";
    this.scope = options?.scope ?? DurableExecutionClientErrorScope.INVOCATION;
  }
}

/** Structural check; an unknown scope does not match, so a malformed error gets normal handling. */
export function isDurableExecutionClientError(error: unknown): error is DurableExecutionClientError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<DurableExecutionClientError>;
  return (
    candidate.isDurableExecutionClientError === true &&
    (candidate.scope === DurableExecutionClientErrorScope.INVOCATION ||
      candidate.scope === DurableExecutionClientErrorScope.EXECUTION)
  );
}
