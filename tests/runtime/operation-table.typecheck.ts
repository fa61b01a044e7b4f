/**
 * Compile-time proof that the operation table is complete: `tsc --noEmit` (the first step of
 * `npm test`) checks this file; vitest never runs it. Each `@ts-expect-error` marks a table
 * the compiler must refuse. Were the table's type loosened (a Partial, a Record<string, …>, an
 * optional part), the refusal would stop, the directive would be unused, and tsc would fail.
 */
import { operationBehaviours } from "../../sdk/runtime/operations/table";
import type { OperationBehaviours } from "../../sdk/runtime/operations/types";

// A table that forgets a type.
const { CHAINED_INVOKE: _invoke, ...withoutInvoke } = operationBehaviours;
// @ts-expect-error: CHAINED_INVOKE is missing
export const forgetsAType: OperationBehaviours = withoutInvoke;

// A behaviour filed under another type's key.
// @ts-expect-error: a STEP behaviour cannot stand for WAIT
export const misfiled: OperationBehaviours = { ...operationBehaviours, WAIT: operationBehaviours.STEP };

// A type that forgets a part: its redrive, or its timer (a type without one says `timer: null`).
const { redrive: _redrive, ...stepWithoutRedrive } = operationBehaviours.STEP;
// @ts-expect-error: STEP's redrive is missing
export const forgetsRedrive: OperationBehaviours = { ...operationBehaviours, STEP: stepWithoutRedrive };

const { timer: _timer, ...contextWithoutTimer } = operationBehaviours.CONTEXT;
// @ts-expect-error: CONTEXT must say it has no timer
export const forgetsTimer: OperationBehaviours = { ...operationBehaviours, CONTEXT: contextWithoutTimer };

// The complete table type-checks (the refusals above are about the missing parts, nothing else).
export const complete: OperationBehaviours = { ...operationBehaviours };
