import { expect } from "vitest";
import type { DurableStore, StoreErrorCode } from "../../../sdk/store/types";

/** What each test group gets: the fresh store of the running test, and (maybe) a second one on the same data. */
export interface ConformanceContext {
  readonly store: DurableStore;
  /** A second, independent store instance over the same data (another connection / client); closed by the test. */
  readonly openPeer?: () => Promise<DurableStore>;
}

/** Awaits `promise` and asserts it rejects with a StoreError carrying `code`. Returns the error. */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) throw new Error(`expected StoreError ${code}, but the call succeeded`);
  expect(outcome.error).toMatchObject({ name: "StoreError", code });
  return outcome.error as Error;
}
