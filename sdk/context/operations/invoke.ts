import type { DurablePromise } from "../../types/durable-promise";
import type { InvokeConfig } from "../../types/api";
import { InvokeError } from "../../errors";
import { ContextCore } from "../context-core";
import { isTerminalStatus } from "../execution-state";
import { deserializeValue, durable, serializeValue, updateFor } from "./common";

/** Chained invoke: the backend runs another function; this execution suspends until it ends. */
export function invoke<I, O>(
  core: ContextCore,
  name: string | undefined,
  functionName: string,
  input: I | undefined,
  config?: InvokeConfig<I, O>,
): DurablePromise<O> {
  if (typeof functionName !== "string" || functionName.length === 0) {
    throw new TypeError("invoke needs the name of the function to run");
  }
  const identity = core.nextIdentity("CHAINED_INVOKE", "ChainedInvoke", name);
  return durable(core, identity, async () => {
    const { state } = core;
    if (!core.replayed(identity)) {
      const payload = await serializeValue(core, config?.payloadSerdes, input as I, identity);
      state
        .checkpoint(
          updateFor(identity, {
            Action: "START",
            ...(payload !== undefined ? { Payload: payload } : {}),
            ChainedInvokeOptions: { FunctionName: functionName, ...(config?.tenantId ? { TenantId: config.tenantId } : {}) },
          }),
        )
        .catch(() => undefined);
    }
    const op = await state.waitFor(identity.id, "INVOKE", isTerminalStatus);
    const details = op.ChainedInvokeDetails;
    if (op.Status === "SUCCEEDED") return deserializeValue<O>(core, config?.resultSerdes, details?.Result, identity);
    // As the official SDK: the recorded message and data, and a plain Error with that message as
    // the cause (the recorded ErrorType is not carried over).
    const error = details?.Error;
    throw new InvokeError(error?.ErrorMessage || undefined, error?.ErrorMessage ? new Error(error.ErrorMessage) : undefined, error?.ErrorData);
  });
}
