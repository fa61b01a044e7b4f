/** Epoch ms of an ISO timestamp the store sorts or filters on; anything else is refused. */
export function timestampMs(label: string, timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (!Number.isFinite(ms)) throw new TypeError(`${label} is not an ISO timestamp: ${JSON.stringify(timestamp)}`);
  return ms;
}
