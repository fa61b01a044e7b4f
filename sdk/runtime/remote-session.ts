/**
 * The worker's side of an invocation whose handler runs in another process (remote-function.ts).
 *
 * The remote handler checkpoints through the console's Lambda API, presenting the token it was
 * given, and each checkpoint rotates the token in the store. The worker never sees those calls,
 * so it cannot keep the token chain the way the in-process client does. Instead it reads the
 * chain's current link from the store whenever it must write (lease renewal, completion), and
 * adopts it only while the execution still names THIS invocation as the open one (the request id
 * its prelude marked) and this worker as the lease owner. Another worker that claimed the
 * execution after a lapsed lease, a stop, or a completion all replace or clear that mark, so the
 * worker is fenced exactly as the in-process client is; and a handler process that outlived its
 * invocation holds a token that the completion nulls, so its late checkpoints are refused.
 *
 * Outside answers: the in-process client learns of a callback answered while the handler ran
 * from the execution's version. Here every remote checkpoint moves the version too, so instead a
 * callback or chained invoke that ended during this invocation counts as an outside change: the
 * execution is invoked again at once (harmless when the handler had already seen the answer: it
 * replays and suspends on what it still waits for).
 */
import { StoreError, type DurableStore, type OperationRecord } from "../store/types";
import type { Clock } from "./clock";
import { isWaitingOperation } from "./operation-state";
import { openInvocationOf } from "./open-invocation";

export interface RemoteSessionOptions {
  store: DurableStore;
  clock: Clock;
  executionId: string;
  requestId: string;
  owner: string | undefined;
  /** The token the invocation started with (the prelude's). */
  token: string;
  leaseMs: number;
  /** Epoch ms the invocation started. */
  startedAt: number;
}

/** Times a write under the adopted token is tried again after the remote handler rotated it meanwhile. */
const ADOPT_ATTEMPTS = 5;

export class RemoteInvocationSession {
  private token: string;
  private fencedFlag = false;
  private operations: OperationRecord[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RemoteSessionOptions) {
    this.token = options.token;
  }

  /** The token the completion writes under (the remote handler's latest, once `idle()` adopted it). */
  get checkpointToken(): string {
    return this.token;
  }

  /** True once the execution no longer names this invocation (another owner, a stop, an end). */
  get fenced(): boolean {
    return this.fencedFlag;
  }

  /** Pushes the lease forward under the chain's current token. False when the invocation was fenced. */
  renewLease(): Promise<boolean> {
    return this.serialized(async () => {
      for (let attempt = 0; attempt < ADOPT_ATTEMPTS; attempt += 1) {
        if (!(await this.adopt())) return false;
        try {
          await this.options.store.transact(this.options.executionId, { checkpointToken: this.token }, () => ({
            mutation: { execution: { leaseExpiresAt: this.options.clock.now() + this.options.leaseMs } },
            result: undefined,
          }));
          return true;
        } catch (error) {
          // The remote handler checkpointed between the read and the write: read the chain again.
          if (!(StoreError.is(error) && error.code === "STALE_CHECKPOINT_TOKEN")) throw error;
        }
      }
      // The handler rotated the token on every try: it is checkpointing busily, and each of its
      // checkpoints renews the lease itself.
      return true;
    });
  }

  /**
   * Called once the remote handler answered (or the invocation ended otherwise): adopts the
   * chain's last token and reads the operations as the handler left them.
   */
  idle(): Promise<void> {
    return this.serialized(async () => {
      if (!(await this.adopt())) return;
      this.operations = await this.options.store.operations.list(this.options.executionId);
    });
  }

  /** The operations waiting on a timer or an outside answer, as the remote handler left them. */
  waitingOperations(): OperationRecord[] {
    return this.operations.filter((record) => isWaitingOperation(record.operation));
  }

  /**
   * Invoke again at once? Yes when a callback or chained invoke ended during this invocation (the
   * handler may not have seen it), and when the handler started a chained invoke: the API's
   * checkpoint path does not start targets, so the next invocation's prelude does (as it does
   * for one a crash cut off).
   */
  outsideChangeSince(_version?: number): boolean {
    const since = (timestamp: string | undefined) => timestamp !== undefined && Date.parse(timestamp) >= this.options.startedAt;
    return this.operations.some(({ operation: op }) => {
      if (op.Type === "CHAINED_INVOKE" && op.Status === "STARTED") return since(op.StartTimestamp);
      return (op.Type === "CALLBACK" || op.Type === "CHAINED_INVOKE") && since(op.EndTimestamp);
    });
  }

  /** Takes the store's current token if the execution still names this invocation; else fences. */
  private async adopt(): Promise<boolean> {
    if (this.fencedFlag) return false;
    const execution = await this.options.store.executions.get(this.options.executionId);
    const open = execution ? openInvocationOf(execution, undefined) : undefined;
    const ours =
      execution !== undefined &&
      typeof execution.checkpointToken === "string" &&
      open?.requestId === this.options.requestId &&
      (this.options.owner === undefined || execution.leaseOwner === this.options.owner);
    if (!ours) {
      this.fencedFlag = true;
      return false;
    }
    this.token = execution.checkpointToken!;
    return true;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
