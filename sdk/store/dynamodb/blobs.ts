/**
 * Big bodies (payloads, operations, events, logs) never meet DynamoDB's 400 KB item limit and
 * are never truncated: a body up to INLINE_MAX bytes sits in its item (`body`, binary); a larger
 * one is cut into CHUNK_BYTES pieces stored as `CHUNK#<owner sk>#<gen>#<n>` items in the same
 * partition, written in the same transaction, and the head item keeps only `chunks` and `gen`.
 *
 * `gen` is the execution version of the write that made the chunks, so a rewrite never
 * overwrites chunks a reader may be reading: a head and its chunks always belong together.
 * Chunks of a replaced body are deleted when the writer knows them (it read the old head),
 * otherwise they stay until the execution is purged (they are never read again).
 *
 * The inline limit is well below 400 KB so that a TransactGetItems of 25 heads stays under the
 * 4 MB response limit.
 */
import { chunkSk } from "./keys";
import { batchGet, keyId, type Dynamo, type Item, type Key } from "./requests";

export const INLINE_MAX = 64 * 1024;
export const CHUNK_BYTES = 380_000;

export interface BlobItems {
  head: Item;
  chunks: Item[];
}

/** The head (with `attributes`) and its chunk items for one body. */
export function blobItems(key: Key, attributes: Item, body: string, gen: number): BlobItems {
  const bytes = Buffer.from(body, "utf8");
  if (bytes.length <= INLINE_MAX) return { head: { ...key, ...attributes, body: bytes }, chunks: [] };
  const chunks: Item[] = [];
  for (let offset = 0, n = 0; offset < bytes.length; offset += CHUNK_BYTES, n++) {
    chunks.push({ pk: key.pk, sk: chunkSk(key.sk, gen, n), body: bytes.subarray(offset, offset + CHUNK_BYTES) });
  }
  return { head: { ...key, ...attributes, chunks: chunks.length, gen }, chunks };
}

/** Keys of the chunks a head points at (empty for an inline body). */
export function chunkKeysOf(head: Item): Key[] {
  const n = typeof head.chunks === "number" ? head.chunks : 0;
  const gen = head.gen as number;
  return Array.from({ length: n }, (_, i) => ({ pk: head.pk as string, sk: chunkSk(head.sk as string, gen, i) }));
}

export function isChunked(head: Item): boolean {
  return typeof head.chunks === "number" && head.chunks > 0;
}

function asBuffer(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return Buffer.from(value, "utf8");
  throw new TypeError("a stored body is not binary");
}

/**
 * The whole body of a head item, reading its chunks when it has any. Chunks are read by exact
 * key (a prefix query could also match the chunks of an operation whose id extends this one's).
 */
export async function readBody(db: Dynamo, head: Item): Promise<string> {
  if (!isChunked(head)) return asBuffer(head.body).toString("utf8");
  const keys = chunkKeysOf(head);
  const found = await batchGet(db, keys);
  const parts = keys.map((key) => {
    const chunk = found.get(keyId(key));
    if (!chunk) throw new Error(`item ${key.pk} ${String(head.sk)} is missing its chunk ${key.sk}`);
    return asBuffer(chunk.body);
  });
  return Buffer.concat(parts).toString("utf8");
}

/** Bodies of many heads, chunked ones fetched in parallel. */
export async function readBodies(db: Dynamo, heads: Item[]): Promise<string[]> {
  return Promise.all(heads.map((head) => readBody(db, head)));
}
