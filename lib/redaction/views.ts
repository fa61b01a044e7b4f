/**
 * The one place redaction is applied: views of the store and of the DurableClient whose reads
 * come back redacted. lib/durable hands these to every console query and action, so a page, an
 * API response or an action's answer never holds a redacted value in clear, whichever query
 * produced it. Writes pass through untouched, and the client underneath works on the real store
 * (a replay copies the real input, a redrive the real checkpoints).
 *
 * Which methods answer redacted is written out below, group by group, not guessed from their
 * names: the tables' types list every method, so a method added to the store or the client does
 * not compile until it is classified here, and a store read (anything in a group's `...Reads`
 * interface) can only be classified "redact". A view offers exactly the methods of its table.
 * tests/security/redaction-coverage.test.ts walks real stores and a real client against them.
 */
import type { DurableClient } from "../../sdk/runtime/client";
import { STORE_GROUP_NAMES, type DurableStore, type StoreGroupName, type StoreGroups, type StoreReadGroups } from "../../sdk/store/types";
import { currentRedactor } from "./redact";

/** "redact": the answer comes back redacted; "pass": the method answers no payloads (or nothing). */
export type Treatment = "redact" | "pass";

/** A group's table: every method, reads fixed to "redact"; a write answering payloads says "redact" too. */
type GroupTable<G extends StoreGroupName> = {
  [M in keyof StoreGroups[G]]-?: M extends keyof StoreReadGroups[G] ? "redact" : Treatment;
};

export const STORE_METHODS: { [G in StoreGroupName]: GroupTable<G> } = {
  executions: {
    get: "redact",
    findByName: "redact",
    list: "redact",
    countByStatus: "redact",
    functionWindow: "redact",
    functionNames: "redact",
    // Answers the execution it created (or found), input included.
    create: "redact",
    purge: "pass",
  },
  operations: { list: "redact", get: "redact", getWithEvents: "redact" },
  history: { list: "redact" },
  logs: { list: "redact" },
  callbacks: { get: "redact", listPending: "redact" },
  functions: { list: "redact", get: "redact", put: "pass" },
  audit: { list: "redact", append: "pass", purge: "pass" },
  // claimDue answers the executions it claimed, payloads included.
  scheduling: { nextWakeAt: "redact", followUpsDue: "redact", claimDue: "redact", watchDue: "pass" },
  workers: { list: "redact", get: "redact", put: "pass", remove: "pass" },
  // A job's parameters may hold a callback answer (a payload); the writes answer the job too.
  jobs: { get: "redact", list: "redact", listOutcomes: "redact", create: "redact", claim: "redact", update: "redact", recordOutcomes: "redact", cancel: "redact", purge: "pass" },
};

/** The store's own methods beside its groups: `transact` answers the execution it wrote. */
export const STORE_TOP_LEVEL: { [K in "init" | "close" | "transact"]: Treatment } = { init: "pass", close: "pass", transact: "redact" };

type ClientMethod = { [K in keyof DurableClient]: DurableClient[K] extends (...args: never[]) => unknown ? K : never }[keyof DurableClient];

/** Every public method of the client: its reads, and the writes that answer with an execution. */
export const CLIENT_METHODS: { [M in ClientMethod]-?: Treatment } = {
  startExecution: "redact",
  replayExecution: "redact",
  getExecution: "redact",
  listExecutions: "redact",
  getHistory: "redact",
  getOperations: "redact",
  getOperationWithEvents: "redact",
  getLogs: "redact",
  listFunctions: "redact",
  listPendingCallbacks: "redact",
  sendCallbackSuccess: "pass",
  sendCallbackFailure: "pass",
  sendCallbackHeartbeat: "pass",
  stopExecution: "redact",
  redriveExecution: "redact",
  // Reads the console makes through the client (counts and names carry no payloads; redacting
  // them costs nothing and keeps the rule simple: every read is redacted).
  countExecutionsByStatus: "redact",
  listFunctionNames: "redact",
  functionWindow: "redact",
  getCallback: "redact",
  listAudit: "redact",
  appendAudit: "pass",
  listWorkers: "redact",
  explainExecution: "redact",
  listStuckExecutions: "redact",
  getHealth: "redact",
  // Resuming safely: the fork answers its new execution (input included); the preview and the
  // check answer operation names, statuses and ids, redacted like every read.
  previewRedrive: "redact",
  checkDeterminism: "redact",
  checkRecentExecutions: "redact",
  requestDeterminismCheck: "redact",
  requestRecentDeterminismCheck: "redact",
  getDeterminismCheck: "redact",
  findDeterminismCheck: "redact",
  forkExecution: "redact",
  hasCodeFor: "pass",
  // Bulk jobs: an answer job's parameters hold a callback result (a payload).
  previewBulkJob: "redact",
  createBulkJob: "redact",
  listJobs: "redact",
  getJob: "redact",
  listJobOutcomes: "redact",
  cancelJob: "redact",
  // What a run costs: figures and names, computed on the real store (sizes are the real ones).
  getExecutionCost: "redact",
  getFunctionCost: "redact",
};

type Method = (...args: unknown[]) => unknown;

/** `method` of whatever `target()` is at call time (a test may swap a method), redacted or not. */
function viewOf(target: () => object, method: string, treatment: Treatment): Method {
  const call = (args: unknown[]) => (Reflect.get(target(), method) as Method).apply(target(), args);
  if (treatment === "pass") return (...args) => call(args);
  return async (...args) => currentRedactor().redactDeep(await call(args));
}

/** A view holding exactly the methods of `table`: one missing from it is missing from the view, never unredacted. */
function tableView(target: () => object, table: Record<string, Treatment>): object {
  return Object.fromEntries(Object.entries(table).map(([method, treatment]) => [method, viewOf(target, method, treatment)]));
}

export function redactingStore(store: DurableStore): DurableStore {
  const groups = new Map<string | symbol, object>(
    STORE_GROUP_NAMES.map((name) => [name, tableView(() => store[name], STORE_METHODS[name] as Record<string, Treatment>)]),
  );
  const topLevel = tableView(() => store, STORE_TOP_LEVEL) as Record<string, Method>;
  return new Proxy(store, {
    get(target, property, receiver) {
      const group = groups.get(property);
      if (group) return group;
      if (typeof property === "string" && Object.hasOwn(topLevel, property)) return topLevel[property];
      const value = Reflect.get(target, property, receiver) as unknown;
      // Plain fields (kind, maxUpdatesPerCheckpoint) pass; a method no table names is not offered.
      return typeof value === "function" ? undefined : value;
    },
  });
}

export function redactingClient(client: DurableClient): DurableClient {
  const methods = tableView(() => client, CLIENT_METHODS) as Record<string, Method>;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (typeof property === "string" && Object.hasOwn(methods, property)) return methods[property];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? undefined : value;
    },
  });
}
