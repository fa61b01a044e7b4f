/**
 * Reading executions whole: the execution item plus its payload parts `IN` and `OUT` (and their
 * chunks). A pair read with separate requests can be torn by a write in between; the execution
 * item names the generation of each part it belongs to, so a torn pair is detected and read again.
 *
 * The transact snapshot (execution, payloads and the requested operations) is one
 * TransactGetItems, so what `build` sees is one consistent state; operations past the first
 * request are read after it, and anything they could see that is newer than the execution
 * version is caught by the version condition on the write.
 */
import { TransactGetCommand } from "@aws-sdk/lib-dynamodb";
import type { ExecutionRecord, OperationRecord } from "../types";
import { EXEC_SK, executionPk, operationSk } from "./keys";
import { readBody } from "./blobs";
import { executionFromItem, operationFromBody } from "./items";
import { PAYLOAD_PARTS, partFields, partGen, partKey, type Payloads } from "./payloads";
import { batchGet, keyId, withRetry, type Dynamo, type Item, type Key } from "./requests";

/** Items per TransactGetItems: 25 heads of at most ~66 KB stay far below its 4 MB response limit. */
const TRANSACT_GET_MAX = 25;

const execKey = (id: string): Key => ({ pk: executionPk(id), sk: EXEC_SK });
const partKeys = (id: string): Key[] => PAYLOAD_PARTS.map((part) => partKey(part, id));

async function transactGet(db: Dynamo, keys: Key[]): Promise<(Item | undefined)[]> {
  const out = await withRetry(() =>
    db.doc.send(new TransactGetCommand({ TransactItems: keys.map((Key) => ({ Get: { TableName: db.table, Key } })) })),
  );
  return (out.Responses ?? []).map((r) => r?.Item as Item | undefined);
}

/** An execution item that a purge has started deleting counts as gone. */
export function isLive(item: Item | undefined): item is Item {
  return item !== undefined && item.purging !== true;
}

/**
 * The payloads of an execution item from its part heads (in PAYLOAD_PARTS order), or undefined
 * when a head does not match the generation the item names (a torn read).
 */
async function payloadsOf(db: Dynamo, item: Item, heads: (Item | undefined)[]): Promise<Payloads | undefined> {
  const payloads: Payloads = {};
  const parts = await Promise.all(
    PAYLOAD_PARTS.map(async (part, i) => {
      const gen = partGen(part, item);
      if (gen === undefined) return {};
      const head = heads[i];
      if (!head || head.gen !== gen) return undefined;
      return partFields(await readBody(db, head));
    }),
  );
  for (const part of parts) {
    if (!part) return undefined;
    Object.assign(payloads, part);
  }
  return payloads;
}

export interface Snapshot {
  execution: ExecutionRecord;
  /** The execution item as read (its part generations and highest ids). */
  item: Item;
  /** Heads of the payload parts, by sk (to clean up their chunks when rewritten). */
  partHeads: Map<string, Item>;
  operations: Map<string, OperationRecord>;
  operationHeads: Map<string, Item>;
}

/** One consistent read of an execution and some of its operations; undefined when it does not exist. */
export async function readSnapshot(db: Dynamo, executionId: string, operationIds: readonly string[]): Promise<Snapshot | undefined> {
  const ids = [...new Set(operationIds)];
  const opKeys = ids.map((id) => ({ pk: executionPk(executionId), sk: operationSk(id) }));
  const fixed = 1 + PAYLOAD_PARTS.length;
  const firstOps = opKeys.slice(0, TRANSACT_GET_MAX - fixed);
  const first = await transactGet(db, [execKey(executionId), ...partKeys(executionId), ...firstOps]);
  const item = first[0];
  if (!isLive(item)) return undefined;
  const heads = first.slice(fixed);
  const rest = opKeys.slice(firstOps.length);
  const batches: Key[][] = [];
  for (let i = 0; i < rest.length; i += TRANSACT_GET_MAX) batches.push(rest.slice(i, i + TRANSACT_GET_MAX));
  for (const more of await Promise.all(batches.map((batch) => transactGet(db, batch)))) heads.push(...more);

  const partHeadList = first.slice(1, fixed);
  const [payloads, bodies] = await Promise.all([
    payloadsOf(db, item, partHeadList),
    Promise.all(heads.map((head) => (head ? readBody(db, head) : undefined))),
  ]);
  if (!payloads) throw new Error(`execution ${executionId}: its payload items do not match its version (a transaction read was torn)`);
  const operations = new Map<string, OperationRecord>();
  const operationHeads = new Map<string, Item>();
  ids.forEach((id, i) => {
    const head = heads[i];
    const body = bodies[i];
    if (!head || body === undefined) return;
    operations.set(id, operationFromBody(executionId, head, body));
    operationHeads.set(id, head);
  });
  const partHeads = new Map<string, Item>();
  PAYLOAD_PARTS.forEach((part, i) => {
    const head = partHeadList[i];
    if (head) partHeads.set(part.sk, head);
  });
  return { execution: executionFromItem(item, payloads), item, partHeads, operations, operationHeads };
}

/** One execution, whole and consistent. */
export async function readExecution(db: Dynamo, executionId: string): Promise<ExecutionRecord | undefined> {
  const [item, ...heads] = await transactGet(db, [execKey(executionId), ...partKeys(executionId)]);
  if (!isLive(item)) return undefined;
  const payloads = await payloadsOf(db, item, heads);
  if (!payloads) throw new Error(`execution ${executionId}: its payload items do not match its version (a transaction read was torn)`);
  return executionFromItem(item, payloads);
}

/**
 * Whole records for execution items found through an index (or a claim): their payload parts are
 * fetched in one batch; an item whose parts do not match its generations was changed meanwhile
 * and is read again on its own.
 */
export async function hydrateExecutions(db: Dynamo, items: Item[]): Promise<ExecutionRecord[]> {
  const keys = items.flatMap((item) =>
    PAYLOAD_PARTS.filter((part) => partGen(part, item) !== undefined).map((part) => partKey(part, item.executionId as string)),
  );
  const found = await batchGet(db, keys);
  return Promise.all(
    items.map(async (item) => {
      const id = item.executionId as string;
      const heads = PAYLOAD_PARTS.map((part) => found.get(keyId(partKey(part, id))));
      const payloads = await payloadsOf(db, item, heads);
      if (payloads) return executionFromItem(item, payloads);
      // Torn: the execution was written after the index (or the claim) showed it. Read it fresh.
      return (await readExecution(db, id)) ?? executionFromItem(item, undefined);
    }),
  );
}
