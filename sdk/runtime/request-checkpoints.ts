/**
 * GetDurableExecutionState and CheckpointDurableExecution from a request alone: what a handler
 * running in another process (the official SDK's `DurableExecutionApiClient`, over HTTP) sends
 * carries nothing but the execution's ARN and a checkpoint token. The token is the capability:
 * it must be the one the store holds for the execution now (the token of the invocation a worker
 * claimed and handed to the handler, or the token the last checkpoint returned).
 *
 * There is one checkpoint processor. Each request is served by an `InvocationClient` (the
 * in-process handlers' client) built from the store for that token: the same fencing (the store
 * transaction is conditioned on the token), the same validation, the same one transaction per
 * checkpoint, the same token rotation and lease renewal. A client is kept between requests while
 * its token is the current one, so a handler's run of checkpoints costs what in-process
 * checkpoints cost (no re-read of every operation per request).
 *
 * What a checkpoint sets off is started here, as the worker starts it for its own handlers: a
 * chained invoke of a durable function becomes its child execution (which a worker that has the
 * function runs), a cancelled invoke stops its child. A plain function can only run inside a
 * worker: its invoke is started by the worker's next invocation of the caller, as after a crash.
 *
 * ClientToken: a checkpoint retried with the same ClientToken within 15 minutes (the client did
 * not see the answer, say a dropped connection) gets the answer of the first attempt instead of a
 * stale-token refusal; the same ClientToken with another request is refused. The memory is this
 * process's: retries go to the server that served the first attempt.
 */
import { createHash } from "node:crypto";
import type { DurableStore } from "../store/types";
import type { CheckpointRequest, CheckpointResponse, GetExecutionStateRequest, GetExecutionStateResponse } from "../types/wire";
import type { CheckpointDeps } from "./checkpoint-processor";
import { systemClock, type Clock } from "./clock";
import { DurableClientError } from "./errors";
import { newCallbackId, newExecutionId, newRequestId, parseExecutionArn } from "./ids";
import { dispatchChainedInvoke } from "./chained-invoke";
import { DEFAULT_PLAIN_INVOKE_TIMEOUT_MS } from "./checkpoint-processor";
import { afterExecutionEnded } from "./follow-up";
import { FunctionDirectory } from "./function-directory";
import { DEFAULT_LEASE_MS, InvocationClient, staleTokenError, type CommittedEffects } from "./invocation-client";
import { stopExecutionNow } from "./lifecycle";
import { FunctionRegistry } from "./registry";
import { pruneFinishedContextChildren } from "./visible-operations";

/** How long a ClientToken's answer is kept (Lambda's idempotency window for checkpoints). */
export const CLIENT_TOKEN_TTL_MS = 15 * 60 * 1000;
/** Most answers kept at once; past it the oldest go first (a retry comes seconds after, not hours). */
const MAX_REMEMBERED_ANSWERS = 10_000;
/** Most executions whose live client is kept between requests. */
const MAX_LIVE_CLIENTS = 1_000;

export interface RequestCheckpointsOptions {
  store: DurableStore;
  clock?: Clock;
  /** How far each checkpoint pushes the invocation's lease (as the worker's own checkpoints do). */
  leaseMs?: number;
}

interface RememberedAnswer {
  fingerprint: string;
  expiresAt: number;
  answer: Promise<CheckpointResponse>;
}

export class RequestCheckpoints {
  private readonly store: DurableStore;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  /** executionId -> the client of the token last used on it (Map order: least recently used first). */
  private readonly live = new Map<string, InvocationClient>();
  /** `${executionId} ${ClientToken}` -> the answer (Map order: oldest first). */
  private readonly answers = new Map<string, RememberedAnswer>();
  /** The durable functions workers published (no handler runs in this process: its registry is empty). */
  private readonly directory: FunctionDirectory;
  /** Chained-invoke starts and child stops still running (tests and shutdown wait for them). */
  private readonly effects = new Set<Promise<unknown>>();

  constructor(options: RequestCheckpointsOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.directory = new FunctionDirectory(this.store, new FunctionRegistry(), this.clock);
  }

  /** Resolves when what committed checkpoints set off (child executions started or stopped) is done. */
  async settled(): Promise<void> {
    while (this.effects.size > 0) await Promise.allSettled([...this.effects]);
  }

  /** The invocation's view of the execution's operations, paged, for the current token only. */
  async getExecutionState(request: GetExecutionStateRequest): Promise<GetExecutionStateResponse> {
    // Always from the store: the first page of a new invocation must see every operation as it is now.
    const client = await this.clientFromStore(request.DurableExecutionArn, request.CheckpointToken);
    return client.getExecutionState(request);
  }

  checkpoint(request: CheckpointRequest): Promise<CheckpointResponse> {
    if (request.ClientToken === undefined) return this.checkpointNow(request);
    const executionId = this.executionIdOf(request.DurableExecutionArn);
    const key = `${executionId} ${request.ClientToken}`;
    const now = this.clock.now();
    this.forgetExpired(now);
    const fingerprint = fingerprintOf(request);
    const remembered = this.answers.get(key);
    if (remembered) {
      if (remembered.fingerprint !== fingerprint) {
        return Promise.reject(
          new DurableClientError("VALIDATION_ERROR", `ClientToken ${request.ClientToken.slice(0, 64)} was already used for a different checkpoint request`),
        );
      }
      return remembered.answer;
    }
    const answer = this.checkpointNow(request);
    this.answers.set(key, { fingerprint, expiresAt: now + CLIENT_TOKEN_TTL_MS, answer });
    if (this.answers.size > MAX_REMEMBERED_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
    // Only what committed is an answer to repeat: a refused request may be sent again and judged again.
    answer.catch(() => {
      if (this.answers.get(key)?.answer === answer) this.answers.delete(key);
    });
    return answer;
  }

  private async checkpointNow(request: CheckpointRequest): Promise<CheckpointResponse> {
    const executionId = this.executionIdOf(request.DurableExecutionArn);
    const cached = this.live.get(executionId);
    const client =
      cached && cached.arn === request.DurableExecutionArn && cached.checkpointToken === request.CheckpointToken && !cached.fenced
        ? cached
        : await this.clientFromStore(request.DurableExecutionArn, request.CheckpointToken);
    const response = await client.checkpoint(request);
    this.keepLive(client);
    return response;
  }

  /** A client for the invocation that holds `token` now, built from the store; refused when the token is not current. */
  private async clientFromStore(arn: string, token: string): Promise<InvocationClient> {
    const executionId = this.executionIdOf(arn);
    const execution = await this.store.executions.get(executionId);
    if (!execution || execution.arn !== arn) throw new DurableClientError("EXECUTION_NOT_FOUND", `durable execution ${arn.slice(0, 300)} not found`);
    if (execution.status !== "RUNNING" || !execution.checkpointToken || execution.checkpointToken !== token) {
      throw staleTokenError(executionId);
    }
    const records = await this.store.operations.list(executionId);
    const resolveTarget = await this.targetResolver();
    const deps: CheckpointDeps = { newCallbackId, newExecutionId, resolveTarget };
    const client = new InvocationClient({
      store: this.store,
      clock: this.clock,
      execution,
      operations: records,
      visibleOperations: pruneFinishedContextChildren(records.map((record) => record.operation)),
      // Logs are tagged with the invocation the worker opened for this handler, when there is one.
      requestId: execution.openInvocation?.requestId ?? newRequestId(),
      leaseMs: this.leaseMs,
      deps,
      onCommitted: (effects) => this.carryOut(effects),
    });
    this.keepLive(client);
    return client;
  }

  private carryOut(effects: CommittedEffects): void {
    const deps = {
      store: this.store,
      clock: this.clock,
      registry: new FunctionRegistry(),
      directory: this.directory,
      plainInvokeTimeoutMs: DEFAULT_PLAIN_INVOKE_TIMEOUT_MS,
      // Workers poll for due executions; nothing in this process runs them.
      onWake: () => undefined,
    };
    for (const start of effects.chainedInvokeStarts) {
      if (start.state.kind !== "durable") continue;
      this.track(this.directory.refresh(true).then(() => dispatchChainedInvoke(deps, effects.executionId, start)));
    }
    for (const childId of effects.cancelledChildExecutionIds) {
      const error = { ErrorType: "ChainedInvokeCancelled", ErrorMessage: "The calling operation was cancelled" };
      this.track(
        stopExecutionNow(this.store, this.clock, childId, error).then((stopped) =>
          afterExecutionEnded(this.store, this.clock, stopped.execution, stopped.children, () => undefined),
        ),
      );
    }
  }

  /**
   * Keeps `work` until it settles. A failure is not the checkpoint's (it committed): the caller's
   * next invocation starts its open invokes again, and a follow-up sweep stops what is left.
   */
  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.effects.delete(tracked));
    this.effects.add(tracked);
  }

  /**
   * What kind of target a chained invoke names, from the functions workers published (the
   * checkpoint decides it inside its transaction, so the list is read first). The worker that
   * holds the invocation starts the target, as for its in-process handlers.
   */
  private async targetResolver(): Promise<(name: string) => "durable" | "plain" | undefined> {
    const published = new Map((await this.store.functions.list()).map((record) => [record.name, record.kind]));
    return (name) => published.get(name);
  }

  private keepLive(client: InvocationClient): void {
    this.live.delete(client.executionId);
    this.live.set(client.executionId, client);
    if (this.live.size > MAX_LIVE_CLIENTS) this.live.delete(this.live.keys().next().value!);
  }

  private forgetExpired(now: number): void {
    for (const [key, remembered] of this.answers) {
      if (remembered.expiresAt > now) break;
      this.answers.delete(key);
    }
  }

  private executionIdOf(arn: unknown): string {
    const parsed = typeof arn === "string" ? parseExecutionArn(arn) : undefined;
    if (!parsed) throw new DurableClientError("VALIDATION_ERROR", `not a durable execution ARN: ${String(arn).slice(0, 200)}`);
    return parsed.executionId;
  }
}

/** What makes two checkpoint requests the same request (the ClientToken aside). */
function fingerprintOf(request: CheckpointRequest): string {
  return createHash("sha256")
    .update(JSON.stringify([request.DurableExecutionArn, request.CheckpointToken, request.Updates ?? [], request.Logs ?? []]))
    .digest("base64url");
}

