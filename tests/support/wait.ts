/**
 * Polling in tests, in one place: every loop that waits for something has a deadline, and a
 * wait that runs out says what it waited for (a hung test otherwise dies at vitest's timeout,
 * naming nothing).
 */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pause between two looks: a number of ms, or a function for a pause that varies. */
export type PollInterval = number | (() => number);

const pause = (everyMs: PollInterval) => sleep(typeof everyMs === "number" ? everyMs : everyMs());

/** What a wait waits for: words, or a function that names it as it stands when time runs out. */
export type WaitingFor = string | (() => string);

/**
 * Polls `check` until it returns true or `timeoutMs` has passed, and says which. For best-effort
 * waits that go on either way (wait a little for a busy moment, then act anyway).
 */
export async function pollUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs: PollInterval = 100): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await pause(everyMs);
  }
}

/** Polls `check` until it returns true; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function waitUntil(what: WaitingFor, check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs: PollInterval = 100): Promise<void> {
  if (await pollUntil(check, timeoutMs, everyMs)) return;
  throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
}

/**
 * Polls `get` until it returns a value (not undefined) and returns it; throws "timed out waiting
 * for <what>" after `timeoutMs`.
 */
export async function waitFor<T>(what: WaitingFor, get: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs: PollInterval = 100): Promise<T> {
  let value: T | undefined;
  await waitUntil(what, async () => (value = await get()) !== undefined, timeoutMs, everyMs);
  return value as T;
}
