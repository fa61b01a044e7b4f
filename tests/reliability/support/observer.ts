/**
 * Watches a store from outside and remembers every checkpointed outcome it has seen: a finished
 * operation's status and result or error, a finished execution's status and result. A later
 * observation that differs (or no longer finds it) means a checkpoint was lost or rewritten.
 */
import fs from "node:fs";
import type { DurableStore, ExecutionRecord } from "../../../sdk/store/types";
import type { Operation } from "../../../sdk/types/wire";

const FINISHED = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "CANCELLED"]);

function fingerprint(op: Operation): string {
  const details = op.StepDetails ?? op.ContextDetails ?? op.CallbackDetails ?? op.ChainedInvokeDetails ?? op.WaitDetails ?? {};
  const { Result, Error } = details as { Result?: unknown; Error?: unknown };
  return JSON.stringify([op.Type, op.Status, Result ?? null, Error ?? null]);
}

export class OutcomeObserver {
  private readonly seen = new Map<string, string>();
  /** Outcomes compared with an earlier observation of the same operation or execution. */
  comparisons = 0;
  observations = 0;
  readonly problems: string[] = [];

  constructor(private readonly store: DurableStore) {}

  async listAll(): Promise<ExecutionRecord[]> {
    const all: ExecutionRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.executions.list({ limit: 500, cursor, oldestFirst: true });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** One pass over every execution; returns the executions as they were read. */
  async observe(): Promise<ExecutionRecord[]> {
    this.observations++;
    const executions = await this.listAll();
    const present = new Set<string>();
    for (const execution of executions) {
      if (execution.status !== "RUNNING") this.remember(`exec:${execution.executionId}`, JSON.stringify([execution.status, execution.result ?? null, execution.error ?? null]), present);
      for (const record of await this.store.operations.list(execution.executionId)) {
        if (record.operation.Type === "EXECUTION" || !FINISHED.has(record.operation.Status)) continue;
        this.remember(`op:${execution.executionId}/${record.operation.Id}`, fingerprint(record.operation), present);
      }
    }
    for (const key of this.seen.keys()) {
      if (!present.has(key)) this.problems.push(`${key} was finished before and is no longer (lost checkpoint)`);
    }
    return executions;
  }

  private remember(key: string, value: string, present: Set<string>): void {
    present.add(key);
    const before = this.seen.get(key);
    if (before === undefined) this.seen.set(key, value);
    else {
      this.comparisons++;
      if (before !== value) this.problems.push(`${key} changed from ${before} to ${value}`);
    }
  }
}

export interface BodyRun {
  executionId: string;
  step: string;
  attempt: number;
  pid: number;
}

export interface SideRecords {
  bodies: BodyRun[];
  /** `acked` lines: a step result the handler got back after its checkpoint committed. */
  acked: Array<{ executionId: string; step: string; result: string }>;
  invocations: Map<string, InvocationRun[]>;
}

export interface InvocationRun {
  executionId: string;
  requestId: string;
  pid: number;
  /** The handler's output Status, "threw", or undefined when the process died first. */
  end?: string;
}

export function readSideRecords(bodyFile: string, invocationsFile: string): SideRecords {
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0) : []);
  const bodies: BodyRun[] = [];
  const acked: SideRecords["acked"] = [];
  for (const line of read(bodyFile)) {
    const f = line.split(" ");
    if (f[0] === "body") bodies.push({ executionId: f[1]!, step: f[2]!, attempt: Number(f[3]), pid: Number(f[4]) });
    else if (f[0] === "acked") acked.push({ executionId: f[1]!, step: f[2]!, result: f[3]! });
  }
  const invocations = new Map<string, InvocationRun[]>();
  const byRequest = new Map<string, InvocationRun>();
  for (const line of read(invocationsFile)) {
    const f = line.split(" ");
    if (f[0] === "start") {
      const run: InvocationRun = { executionId: f[1]!, requestId: f[2]!, pid: Number(f[3]) };
      byRequest.set(run.requestId, run);
      const list = invocations.get(run.executionId) ?? [];
      list.push(run);
      invocations.set(run.executionId, list);
    } else if (f[0] === "end") {
      const run = byRequest.get(f[2]!);
      if (run) run.end = f[4];
    }
  }
  return { bodies, acked, invocations };
}

/** Step results the handler saw acknowledged must be in the store, unchanged. */
export async function checkAcked(store: DurableStore, acked: SideRecords["acked"]): Promise<string[]> {
  const problems: string[] = [];
  const opsByExecution = new Map<string, Map<string, Operation>>();
  for (const entry of acked) {
    let ops = opsByExecution.get(entry.executionId);
    if (!ops) {
      ops = new Map((await store.operations.list(entry.executionId)).map((r) => [r.operation.Name ?? r.operation.Id, r.operation]));
      opsByExecution.set(entry.executionId, ops);
    }
    const op = ops.get(entry.step);
    const stored = op?.StepDetails?.Result;
    if (op?.Status !== "SUCCEEDED" || stored !== JSON.stringify(entry.result)) {
      problems.push(`${entry.executionId} ${entry.step}: acknowledged ${entry.result}, store has ${op?.Status} ${stored}`);
    }
  }
  return problems;
}
