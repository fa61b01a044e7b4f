/**
 * Operation ids on the wire: the first 16 hex characters of MD5(step path), where the step
 * path is the call-order id ("1", "4-1", "2-3-1"). Same scheme as the official JS SDK, so ids
 * in our history match those of Lambda for the same handler. MD5 is used for spread, not security.
 */
import { createHash } from "node:crypto";

export const OPERATION_ID_HEX_LENGTH = 16;

/** Ids repeat constantly (lookups, checkpoint batching); a bounded memo avoids rehashing. */
const MAX_CACHED_IDS = 10_000;
const cache = new Map<string, string>();

export function hashOperationId(stepPath: string): string {
  const cached = cache.get(stepPath);
  if (cached !== undefined) return cached;
  const hashed = createHash("md5").update(stepPath).digest("hex").slice(0, OPERATION_ID_HEX_LENGTH);
  if (cache.size >= MAX_CACHED_IDS) cache.clear();
  cache.set(stepPath, hashed);
  return hashed;
}
