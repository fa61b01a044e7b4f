import type { DurablePromise } from "../../types/durable-promise";
import type { Duration } from "../../types/api";
import { durationToSeconds } from "../../utils/duration";
import { ContextCore } from "../context-core";
import { isTerminalStatus } from "../execution-state";
import { durable, updateFor } from "./common";

const MAX_WAIT_SECONDS = 366 * 24 * 3600;

/** A durable timer: the invocation suspends while it runs and nothing is billed or held. */
export function wait(core: ContextCore, name: string | undefined, duration: Duration): DurablePromise<void> {
  const seconds = durationToSeconds(duration);
  if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
    throw new RangeError(`wait duration must be between 1 second and 1 year; got ${seconds} seconds`);
  }
  const identity = core.nextIdentity("WAIT", "Wait", name);
  return durable(core, identity, async () => {
    const op = core.replayed(identity);
    if (isTerminalStatus(op)) return;
    if (!op) core.state.checkpoint(updateFor(identity, { Action: "START", WaitOptions: { WaitSeconds: seconds } })).catch(() => undefined);
    await core.state.waitFor(identity.id, "WAIT", isTerminalStatus);
  });
}
