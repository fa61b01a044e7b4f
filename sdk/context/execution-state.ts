import type { DurableExecutionClient, ErrorObject, Operation, OperationUpdate } from "../types/wire";
import { TERMINAL_OPERATION_STATUSES } from "../types/wire";
import { CheckpointQueue } from "./checkpoint-queue";
import { never } from "./context-core";
import type { DryRunObserver, DryRunOperation } from "./dry-run";

/** Why an invocation ended before its handler did. */
export type Termination =
  | { kind: "suspend"; reason: "WAIT_SCHEDULED" | "RETRY_SCHEDULED" | "CALLBACK_PENDING" | "INVOKE_PENDING" }
  | { kind: "fail"; reason: "NON_DETERMINISM" | "CONTEXT_VALIDATION_ERROR"; error: ErrorObject }
  /** This invocation cannot go on (a serdes failed); a later one may: the handler throws `error`. */
  | { kind: "invocation-error"; error: Error }
  | { kind: "crash"; error: unknown }
  /** A dry run reached its end (see dry-run.ts): nothing new is done, nothing is written. */
  | { kind: "dry-run-stop" };

export type WaitReason = "WAIT" | "RETRY" | "CALLBACK" | "INVOKE";


const SUSPEND_PRIORITY: Record<WaitReason, number> = { RETRY: 0, WAIT: 1, CALLBACK: 2, INVOKE: 3 };
const SUSPEND_REASON = {
  RETRY: "RETRY_SCHEDULED",
  WAIT: "WAIT_SCHEDULED",
  CALLBACK: "CALLBACK_PENDING",
  INVOKE: "INVOKE_PENDING",
} as const;

const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 10_000;

/**
 * Everything one invocation knows: the operation table (loaded once, then merged with what each
 * checkpoint returns), which operations are running user code, which are waiting on the outside
 * world, and the decision to end the invocation early (suspend or fail).
 *
 * Suspension rule (as the official SDK): nothing queued or in flight, no user code running, and
 * at least one awaited operation waiting. If user code is running while something waits, the
 * state is polled instead, so a wait that ends during a long step is noticed.
 */
export class ExecutionState {
  readonly queue: CheckpointQueue;
  readonly termination: Promise<Termination>;

  #replaying: boolean;

  #operations = new Map<string, Operation>();
  /** Recorded operations (the EXECUTION one aside) and which of them this invocation reached. */
  #recordedCount: number;
  #visited = new Set<string>();
  #listeners = new Map<string, Set<() => void>>();
  /** Operations waiting on the outside world, by id, with why. */
  #waiting = new Map<string, WaitReason>();
  /** Operations whose promise user code has awaited. */
  #awaited = new Set<string>();
  #executing = 0;
  #terminated: Termination | undefined;
  #resolveTermination!: (t: Termination) => void;
  #checkScheduled = false;
  #pollTimer: NodeJS.Timeout | undefined;
  #pollDelay = POLL_FIRST_MS;

  constructor(
    readonly durableExecutionArn: string,
    token: string,
    operations: Operation[],
    private readonly client: DurableExecutionClient,
    /** Set for a dry run: nothing is checkpointed and no step body runs (see dry-run.ts). */
    readonly dryRun?: DryRunObserver,
  ) {
    for (const op of operations) this.#operations.set(op.Id, op);
    this.#recordedCount = operations.filter((op) => op.Type !== "EXECUTION").length;
    this.#replaying = this.#recordedCount > 0;
    this.termination = new Promise((resolve) => (this.#resolveTermination = resolve));
    this.queue = new CheckpointQueue(client, durableExecutionArn, token, {
      onOperations: (ops) => this.#merge(ops),
      onIdle: () => this.scheduleSuspendCheck(),
      onFailure: (error) => this.terminate({ kind: "crash", error }),
    });
  }

  /** True while the code re-runs recorded operations (logging is muted meanwhile). */
  get replaying(): boolean {
    return this.#replaying;
  }

  /**
   * Replay ends once, never to start again. A backend that measures what replay costs is told
   * when (the `replayEnded` extension of the client); a dry run is nothing but replay, so it is not.
   */
  set replaying(value: boolean) {
    if (value || !this.#replaying) return;
    this.#replaying = false;
    if (!this.dryRun) this.client.replayEnded?.();
  }

  get terminated(): boolean {
    return this.#terminated !== undefined;
  }

  getOperation(id: string): Operation | undefined {
    return this.#operations.get(id);
  }

  /**
   * The code reached a recorded operation. Replay mode (which mutes logging) ends once every
   * recorded operation has been reached, or earlier at the first one that is not finished.
   */
  visit(id: string): void {
    this.#visited.add(id);
    if (this.#visited.size >= this.#recordedCount) this.replaying = false;
  }

  executionOperation(): Operation | undefined {
    for (const op of this.#operations.values()) if (op.Type === "EXECUTION") return op;
    return undefined;
  }

  /** Children of a context operation, in the order they were recorded. */
  childrenOf(parentId: string): Operation[] {
    return [...this.#operations.values()].filter((op) => op.ParentId === parentId);
  }

  /** Queue an update and resolve when it is committed. */
  checkpoint(update: OperationUpdate): Promise<void> {
    // A dry run writes nothing: the update is dropped, and the run ends before it would matter.
    if (this.dryRun) return Promise.resolve();
    return this.queue.enqueue(update);
  }

  /**
   * Runs user code (a step body, a condition check), counting it as executing so the invocation
   * does not suspend under it. A dry run ends here instead: `operation` is what would have run.
   */
  async runUserCode<T>(fn: () => Promise<T>, operation?: DryRunOperation): Promise<T> {
    if (this.dryRun) {
      if (operation) this.dryRun.stopped(operation, "WOULD_RUN_USER_CODE");
      this.terminate({ kind: "dry-run-stop" });
      return never<T>();
    }
    this.#executing++;
    try {
      return await fn();
    } finally {
      this.#executing--;
      this.scheduleSuspendCheck();
    }
  }

  /**
   * Resolves with the operation once `isDone` holds for it. Meanwhile the operation counts as
   * waiting; it only allows suspension once awaited (retries always count: they are the
   * operation's own work).
   */
  waitFor(id: string, reason: WaitReason, isDone: (op: Operation | undefined) => boolean): Promise<Operation> {
    const current = this.#operations.get(id);
    if (isDone(current)) return Promise.resolve(current as Operation);
    this.#waiting.set(id, reason);
    this.scheduleSuspendCheck();
    return new Promise<Operation>((resolve) => {
      const listener = () => {
        const op = this.#operations.get(id);
        if (!isDone(op)) return;
        this.#listeners.get(id)?.delete(listener);
        this.#waiting.delete(id);
        resolve(op as Operation);
      };
      let set = this.#listeners.get(id);
      if (!set) this.#listeners.set(id, (set = new Set()));
      set.add(listener);
    });
  }

  /** User code awaited the operation's promise. */
  markAwaited(id: string): void {
    this.#awaited.add(id);
    this.scheduleSuspendCheck();
  }

  terminate(termination: Termination): void {
    if (this.#terminated) return;
    this.#terminated = termination;
    this.#stopPolling();
    this.#resolveTermination(termination);
  }

  /** Stops timers so an abandoned invocation holds nothing. */
  dispose(): void {
    this.#stopPolling();
    this.#listeners.clear();
    this.#waiting.clear();
    this.#awaited.clear();
  }

  scheduleSuspendCheck(): void {
    if (this.#checkScheduled || this.#terminated) return;
    this.#checkScheduled = true;
    // setImmediate runs after the microtasks that user code continues in, so an operation that
    // just finished has had the chance to start the next one before we look.
    setImmediate(() => {
      this.#checkScheduled = false;
      this.#checkSuspend();
    });
  }

  #checkSuspend(): void {
    if (this.#terminated) return;
    const awaited = [...this.#waiting].filter(([id, reason]) => reason === "RETRY" || this.#awaited.has(id));
    if (awaited.length === 0) {
      this.#stopPolling();
      return;
    }
    if (this.#executing === 0 && this.queue.isIdle) {
      const reasons = awaited.map(([, reason]) => reason);
      const first = reasons.sort((a, b) => SUSPEND_PRIORITY[a] - SUSPEND_PRIORITY[b])[0];
      this.terminate({ kind: "suspend", reason: SUSPEND_REASON[first] });
      return;
    }
    this.#startPolling();
  }

  #startPolling(): void {
    if (this.#pollTimer) return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = undefined;
      if (this.#terminated) return;
      this.#pollDelay = Math.min(this.#pollDelay * 2, POLL_MAX_MS);
      this.queue.poll().then(
        () => this.scheduleSuspendCheck(),
        () => undefined,
      );
    }, this.#pollDelay);
    this.#pollTimer.unref?.();
  }

  #stopPolling(): void {
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#pollDelay = POLL_FIRST_MS;
  }

  #merge(ops: Operation[]): void {
    for (const op of ops) this.#operations.set(op.Id, op);
    for (const op of ops) {
      const listeners = this.#listeners.get(op.Id);
      if (listeners) for (const listener of [...listeners]) listener();
    }
  }
}

export function isTerminalStatus(op: Operation | undefined): boolean {
  return op !== undefined && TERMINAL_OPERATION_STATUSES.includes(op.Status);
}
