/**
 * The operation table: each type's behaviour, keyed by type, and the ONE place a type is
 * registered. The runtime dispatches through it instead of switching on `Type`, and the console
 * reads its facts (./facts.ts); the mapped type makes the table complete by construction (a
 * missing type, or a behaviour filed under the wrong type, does not compile).
 */
import type { OperationType } from "../../types/wire";
import { callbackBehaviour } from "./callback";
import { chainedInvokeBehaviour } from "./chained-invoke";
import { contextBehaviour } from "./context";
import { executionBehaviour } from "./execution";
import { stepBehaviour } from "./step";
import type { OperationBehaviour, OperationBehaviours } from "./types";
import { waitBehaviour } from "./wait";

export const operationBehaviours: OperationBehaviours = {
  STEP: stepBehaviour,
  WAIT: waitBehaviour,
  CALLBACK: callbackBehaviour,
  CONTEXT: contextBehaviour,
  CHAINED_INVOKE: chainedInvokeBehaviour,
  EXECUTION: executionBehaviour,
};

/**
 * The behaviour for an operation or update of `type`, to call with that operation or update.
 * Its methods take the type-K shapes; TypeScript checks method parameters bivariantly, which is
 * what lets one entry of the table stand for all: the table is keyed by type, so the entry for
 * `type` only ever receives operations of that type.
 */
export function behaviourOf(type: OperationType): OperationBehaviour<OperationType> {
  return operationBehaviours[type];
}
