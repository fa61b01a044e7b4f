/**
 * The loop every retention purge of a store runs: up to `limit` rows, `batchSize` at a time (one
 * short write each, so a large backlog never holds writers up for long), until a batch comes back
 * short, which means nothing more is old enough.
 */
export async function purgeInBatches(limit: number, batchSize: number, purgeBatch: (size: number) => number | Promise<number>): Promise<number> {
  if (!Number.isFinite(limit) || limit < 0) throw new TypeError(`limit must be a number >= 0, got ${limit}`);
  const total = Math.floor(limit);
  let purged = 0;
  while (purged < total) {
    const size = Math.min(batchSize, total - purged);
    const n = await purgeBatch(size);
    purged += n;
    if (n < size) break;
  }
  return purged;
}
