/**
 * The client a handler is given, with a switch the runtime can throw: once an invocation has
 * crashed (an uncaught exception in its code), its code may well keep running (timers, the
 * awaited chain), but Lambda would have killed it, so nothing it does may reach the store again.
 * Calls are passed on one at a time; each checks the switch just before it goes through, so after
 * `close()` at most the call already in flight lands, and the invocation's completion waits for
 * that one (`InvocationClient.idle()`) before it writes the invocation's end.
 */
import { DurableExecutionClientError } from "../errors/durable-execution-client-error";
import type {
  CheckpointRequest,
  CheckpointResponse,
  DurableExecutionClient,
  GetExecutionStateRequest,
  GetExecutionStateResponse,
} from "../types/wire";

export class FencedInvocationClient implements DurableExecutionClient {
  private closedReason?: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: DurableExecutionClient) {}

  get maxUpdatesPerCheckpoint(): number | undefined {
    return this.inner.maxUpdatesPerCheckpoint;
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Refuses every call from now on (the ones queued behind the call in flight included). */
  close(reason: string): void {
    this.closedReason ??= reason;
  }

  getExecutionState(request: GetExecutionStateRequest): Promise<GetExecutionStateResponse> {
    return this.pass(() => this.inner.getExecutionState(request));
  }

  checkpoint(request: CheckpointRequest): Promise<CheckpointResponse> {
    return this.pass(() => this.inner.checkpoint(request));
  }

  private pass<T>(call: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      // Invocation scope: the SDK ends the invocation (not the execution), as for a stale token.
      if (this.closedReason !== undefined) throw new DurableExecutionClientError(this.closedReason, { scope: "INVOCATION" });
      return call();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}
