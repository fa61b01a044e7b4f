/**
 * The client API's writes that create or steer an execution as a whole: start (and replay, which
 * starts anew), stop and redrive. Kept beside the client, which validates input and shows the
 * records it answers (toExecutionView); each write here is one store transaction, or a create, and
 * wakes the workers in this process.
 */
import { StoreError, type DurableStore, type ExecutionRecord } from "../store/types";
import type { ErrorObject } from "../types/wire";
import type { Clock } from "./clock";
import { DurableClientError } from "./errors";
import { buildNewExecution } from "./execution-factory";
import { afterExecutionEnded } from "./follow-up";
import { newCallbackId, newExecutionId } from "./ids";
import { stopExecutionNow } from "./lifecycle";
import { MutationBuilder } from "./mutation-builder";
import { applyRedrive } from "./redrive";
import { assertRedrivable } from "./redrive-preview";
import type { FunctionRegistry } from "./registry";
import type { ResumeActions } from "./resume";

export interface StartOptions {
  name?: string;
  executionTimeoutSeconds?: number;
  replayOf?: string;
}

export class Steering {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
    /** The functions of this process, when it has any; else the store's registered ones decide. */
    private readonly registry: FunctionRegistry | undefined,
    private readonly resume: ResumeActions,
    private readonly onWake: () => void,
  ) {}

  async start(functionName: string, input: string | undefined, options: StartOptions): Promise<{ execution: ExecutionRecord; alreadyExisted: boolean }> {
    let timeout = options.executionTimeoutSeconds;
    const notFound = () => new DurableClientError("FUNCTION_NOT_FOUND", `no durable function named ${functionName} is registered`);
    if (this.registry) {
      const fn = this.registry.get(functionName);
      if (fn?.kind !== "durable") throw notFound();
      timeout ??= fn.options.executionTimeoutSeconds;
    } else {
      // No registry in this process (the console, the CLI): the functions workers registered in
      // the store decide. While the store has none at all (a new store whose worker has not
      // started yet, or a worker from before functions were registered), any name is accepted:
      // refusing would make starting impossible until a worker ran. An execution of a name no
      // worker has stays RUNNING and due, unclaimed, until a worker that has it starts.
      const fn = await this.store.functions.get(functionName);
      if (fn) {
        if (fn.kind !== "durable") throw notFound();
        timeout ??= fn.executionTimeoutSeconds;
      } else if ((await this.store.functions.list()).length > 0) {
        throw notFound();
      }
    }
    const { execution, created } = await this.store.executions.create(
      buildNewExecution({
        executionId: newExecutionId(),
        functionName,
        name: options.name,
        input,
        executionTimeoutSeconds: timeout,
        replayOf: options.replayOf,
        now: this.clock.now(),
      }),
    );
    if (!created) {
      if (execution.inputPayload !== input) {
        throw new DurableClientError(
          "EXECUTION_ALREADY_STARTED",
          `an execution named ${options.name} of ${functionName} already exists with a different input`,
        );
      }
      return { execution, alreadyExisted: true };
    }
    this.onWake();
    return { execution, alreadyExisted: false };
  }

  /**
   * Stops a RUNNING execution: STOPPED + ExecutionStopped, its token nulled (a running
   * invocation's next checkpoint is refused), its running chained child executions stopped.
   */
  async stop(executionId: string, error: ErrorObject | undefined): Promise<ExecutionRecord> {
    const { execution, children } = await stopExecutionNow(this.store, this.clock, executionId, error);
    await afterExecutionEnded(this.store, this.clock, execution, children, this.onWake);
    return execution;
  }

  /**
   * Runs a FAILED, TIMED_OUT or STOPPED execution again from its checkpoints (see redrive.ts),
   * refused (NON_DETERMINISTIC) unless `force` when the code replays the history differently.
   */
  async redrive(executionId: string, options: { force?: boolean }): Promise<ExecutionRecord> {
    // Redrive is rare and needs the whole operation tree (to re-arm what failed under contexts
    // that did not succeed), so every operation is read in the transaction.
    const operations = await this.store.operations.list(executionId);
    if (options.force !== true) {
      const execution = await this.store.executions.get(executionId);
      if (!execution) throw new DurableClientError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
      assertRedrivable(execution, operations);
      await this.resume.refuseMismatch(execution, operations, "redrive");
    }
    const now = this.clock.now();
    try {
      const { execution } = await this.store.transact(executionId, { readOperationIds: operations.map((r) => r.operation.Id) }, (snapshot) => {
        assertRedrivable(snapshot.execution, snapshot.operations.values());
        const b = new MutationBuilder(snapshot.execution, snapshot.operations, now);
        applyRedrive(b, { newCallbackId, newExecutionId });
        return { mutation: b.build() };
      });
      this.onWake();
      return execution;
    } catch (error) {
      if (StoreError.is(error) && error.code === "EXECUTION_NOT_FOUND") {
        throw new DurableClientError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
      }
      throw error;
    }
  }
}
