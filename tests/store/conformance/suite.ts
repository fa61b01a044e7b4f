/**
 * The one conformance suite every DurableStore backend passes unchanged. It talks to the store
 * through the interface only (no SQL, no backend types), so a new backend is done when
 *
 *   describeStoreConformance("dynamodb", makeStore, cleanup, { openPeer });
 *
 * is green. Semantics pinned here that the interface leaves open:
 * - executions.list: newest first by (startTimestamp, executionId), `oldestFirst` reverses;
 *   startedAfter inclusive, startedBefore exclusive; nameOrId found anywhere in the name or id,
 *   ignoring ASCII case, its `%`, `_` and `\` literal (search.ts); empty `statuses` = all;
 *   default page 50; a nextCursor always leads to a non-empty page;
 * - history.list reverse: `afterEventId` means "events below it"; nextCursor = last EventId;
 * - a duplicate EventId fails the transact with StoreError CONFLICT;
 * - OperationRecord.runtime is opaque: any JSON object comes back as written;
 * - OperationRecord.eventIds comes back as written (absent stays absent); operations.getWithEvents
 *   reads the events it lists in EventId order, skipping ids with no event, and without a list
 *   falls back to the events whose Id names the operation;
 * - a callback patch naming a callback the execution does not have fails with CONFLICT;
 * - callbacks.listPending: pending AND execution RUNNING, oldest first by (createdTimestamp, callbackId),
 *   default page 50; a callback closed by a patch or whose execution is not RUNNING is left out;
 * - functions.list by name (binary order); functions.put keeps registeredTimestamp, replaces the rest;
 * - executions.purge: status not RUNNING and endTimestamp strictly before the cut-off, oldest end
 *   first; an execution without endTimestamp is never purged.
 * - executions.functionWindow: startedAfter inclusive, startedBefore exclusive; rows oldest start first, ties
 *   by executionId; durationMs = max(0, end - start) when not RUNNING and ended, else null.
 * - workers.list by workerId (binary order); workers.put replaces the row whole; remove of a missing row is a no-op;
 * - audit.list: newest first by (timestamp as an instant, id), default page 50; a duplicate id
 *   fails with CONFLICT; audit records are not purged with the execution they are about.
 */
import { afterEach, beforeEach, describe } from "vitest";
import { auditTests } from "./audit";
import { callbackTests } from "./callbacks";
import { childRecordTests } from "./children";
import { claimTests } from "./scheduling";
import type { ConformanceContext } from "./context";
import { executionTests } from "./executions";
import { functionTests } from "./functions";
import { functionWindowTests } from "./function-window";
import { jobTests } from "./jobs";
import { listingTests } from "./listing";
import { operationEventTests } from "./operation-events";
import { retentionTests } from "./retention";
import { searchTests } from "./search";
import { transactTests } from "./transact";
import { workerTests } from "./workers";
import type { DurableStore } from "../../../sdk/store/types";

export { expectStoreError, type ConformanceContext } from "./context";

export interface ConformanceOptions {
  /**
   * Opens a second, independent instance over the same data as `store` (another connection,
   * another client), for the concurrent-claim test. Without it, both claims use one instance.
   */
  openPeer?: (store: DurableStore) => Promise<DurableStore>;
}

/**
 * @param makeStore returns a fresh, EMPTY, initialised store for each test.
 * @param cleanup   runs after each test instead of `store.close()`; it must close the store
 *                  (and may delete its data).
 */
export function describeStoreConformance(
  backendName: string,
  makeStore: () => Promise<DurableStore>,
  cleanup?: (store: DurableStore) => Promise<void>,
  options: ConformanceOptions = {},
): void {
  describe(`DurableStore conformance: ${backendName}`, () => {
    let current: DurableStore | undefined;
    const { openPeer } = options;
    const ctx: ConformanceContext = {
      get store(): DurableStore {
        if (!current) throw new Error("no store: the conformance suite creates one per test");
        return current;
      },
      openPeer: openPeer && (() => openPeer(ctx.store)),
    };

    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      const store = current;
      current = undefined;
      if (store) await (cleanup ? cleanup(store) : store.close());
    });

    executionTests(ctx);
    transactTests(ctx);
    listingTests(ctx);
    searchTests(ctx);
    childRecordTests(ctx);
    operationEventTests(ctx);
    callbackTests(ctx);
    claimTests(ctx);
    functionTests(ctx);
    functionWindowTests(ctx);
    retentionTests(ctx);
    auditTests(ctx);
    workerTests(ctx);
    jobTests(ctx);
  });
}
