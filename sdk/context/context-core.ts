import { hashOperationId } from "../utils/hash";
import type { Operation, OperationType } from "../types/wire";
import { TERMINAL_OPERATION_STATUSES } from "../types/wire";
import type { LambdaContextLike } from "../types/durable-context";
import type { Serdes } from "../utils/serdes";
import { NonDeterministicExecutionError } from "../errors";
import type { ExecutionState } from "./execution-state";
import type { DurableLogSink, LogOrigin } from "./logger";

/** Who an operation is: its step path ("2-1"), hashed id, parent and what the code asked for. */
export interface OperationIdentity {
  path: string;
  id: string;
  parentId?: string;
  name?: string;
  type: OperationType;
  subType: string;
}

export interface SerdesDefaults {
  defaultSerdes?: Serdes<unknown>;
  defaultCallbackDeserializer?: Serdes<unknown>;
}

/**
 * The engine-side state of one durable context (the root or a child): its place in the
 * operation tree and its own call counter, which is what makes operation ids deterministic.
 */
export class ContextCore {
  #counter = 0;

  constructor(
    readonly state: ExecutionState,
    readonly lambdaContext: LambdaContextLike,
    /** Step path of this context ("" for the root). */
    readonly path: string,
    /** Hashed id of the CONTEXT operation that children are parented to (none for the root). */
    readonly parentId: string | undefined,
    readonly serdes: SerdesDefaults,
    readonly logSink: DurableLogSink,
    /** What this context's logger says its lines come from: the child context's operation, or nothing for the root. */
    readonly logOrigin: LogOrigin = {},
  ) {}

  nextIdentity(type: OperationType, subType: string, name: string | undefined): OperationIdentity {
    this.#counter++;
    const path = this.path === "" ? String(this.#counter) : `${this.path}-${this.#counter}`;
    return { path, id: hashOperationId(path), parentId: this.parentId, name, type, subType };
  }

  /** A child context under `identity`; `virtual` children (FLAT nesting) parent to this context's parent. */
  child(identity: OperationIdentity, virtual = false): ContextCore {
    return new ContextCore(
      this.state,
      this.lambdaContext,
      identity.path,
      virtual ? identity.parentId : identity.id,
      { ...this.serdes },
      this.logSink,
      { operationId: identity.id, ...(identity.name !== undefined ? { operationName: identity.name } : {}) },
    );
  }

  get durableExecutionArn(): string {
    return this.state.durableExecutionArn;
  }

  /**
   * Looks the operation up in the recorded state and checks that the code asks for what was
   * recorded. A mismatch ends the execution with a non-determinism failure; `undefined` is
   * returned for operations not seen before.
   */
  replayed(identity: OperationIdentity): Operation | undefined {
    const stored = this.state.getOperation(identity.id);
    const dryRun = this.state.dryRun;
    if (!stored) {
      this.state.replaying = false;
      if (dryRun) {
        // The recorded history ends here: a dry run does nothing new.
        dryRun.stopped(identity, "NO_RECORD");
        this.state.terminate({ kind: "dry-run-stop" });
        throw new ExecutionHalted();
      }
      return undefined;
    }
    const mismatch = describeMismatch(stored, identity);
    if (mismatch) {
      const error = new NonDeterministicExecutionError(`${mismatch} (operation id ${identity.id})`);
      dryRun?.mismatch(identity, stored, error.message);
      this.state.terminate({
        kind: "fail",
        reason: "NON_DETERMINISM",
        error: { ErrorType: "NonDeterministicExecutionError", ErrorMessage: error.message },
      });
      throw new ExecutionHalted();
    }
    this.state.visit(identity.id);
    dryRun?.replayed(identity);
    if (!TERMINAL_OPERATION_STATUSES.includes(stored.Status)) this.state.replaying = false;
    return stored;
  }
}

/** Thrown inside the engine once the invocation is ending; user code never sees it settle. */
export class ExecutionHalted extends Error {
  constructor() {
    super("The invocation is ending; this operation will continue in a later invocation.");
    this.name = "ExecutionHalted";
  }
}

/** A promise that never settles: what the rest of a handler awaits once the invocation ends. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

/**
 * The official SDK's wording, word for word (tests written for it may match on it), naming the
 * operation by its step path ("2-1") as it does.
 */
function describeMismatch(stored: Operation, identity: OperationIdentity): string | undefined {
  // Checked for every replayed operation: no closure is made unless one differs.
  if (stored.Type !== identity.type) return mismatchMessage(identity, "type", stored.Type, identity.type);
  if ((stored.Name ?? undefined) !== (identity.name ?? undefined)) return mismatchMessage(identity, "name", stored.Name, identity.name);
  if ((stored.SubType ?? undefined) !== identity.subType) return mismatchMessage(identity, "subtype", stored.SubType, identity.subType);
  return undefined;
}

function mismatchMessage(identity: OperationIdentity, what: string, expected: unknown, got: unknown): string {
  return (
    `Non-deterministic execution detected: Operation ${what} mismatch for step "${identity.path}". ` +
    `Expected ${what} "${String(expected)}", but got "${String(got)}". ` +
    "This indicates non-deterministic control flow in your workflow code."
  );
}
