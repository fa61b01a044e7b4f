import type { DurableExecutionClient, DurableExecutionInvocationInput } from "./types/wire";
import type { DryRunObserver } from "./context/dry-run";

/**
 * An invocation payload that carries its own backend client. The class name and
 * `Symbol.toStringTag` match the official SDK's harness-injection class on purpose: a handler
 * wrapped by `@aws/durable-execution-sdk-js` recognises it too, so our runtime can drive
 * handlers written for either SDK through the same seam.
 */
export class DurableExecutionInvocationInputWithClient implements DurableExecutionInvocationInput {
  readonly DurableExecutionArn: string;
  readonly CheckpointToken: string;
  readonly InitialExecutionState: DurableExecutionInvocationInput["InitialExecutionState"];
  readonly UpdatedOperationIds?: string[];

  constructor(
    params: DurableExecutionInvocationInput,
    readonly durableExecutionClient: DurableExecutionClient,
    /** Our extension: replay without doing anything new (see context/dry-run.ts); other SDKs ignore it. */
    readonly dryRun?: DryRunObserver,
  ) {
    this.DurableExecutionArn = params.DurableExecutionArn;
    this.CheckpointToken = params.CheckpointToken;
    this.InitialExecutionState = params.InitialExecutionState;
    this.UpdatedOperationIds = params.UpdatedOperationIds;
  }

  static isInstance(event: unknown): event is DurableExecutionInvocationInputWithClient {
    if (event instanceof DurableExecutionInvocationInputWithClient) return true;
    return (
      typeof event === "object" &&
      event !== null &&
      Object.prototype.toString.call(event) === "[object DurableExecutionInvocationInputWithClient]" &&
      "durableExecutionClient" in event
    );
  }

  get [Symbol.toStringTag](): string {
    return "DurableExecutionInvocationInputWithClient";
  }
}
