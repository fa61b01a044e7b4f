/**
 * Which operations an invocation is handed. Like Lambda, the children of a finished CONTEXT are
 * left out (the SDK replays a finished context from its own result without running its body)
 * unless the context asked for them with ContextDetails.ReplayChildren.
 */
import type { Operation } from "../types/wire";
import { isTerminalStatus } from "./operation-state";

export function pruneFinishedContextChildren(operations: readonly Operation[]): Operation[] {
  const byId = new Map(operations.map((op) => [op.Id, op]));
  const hidesChildren = new Map<string, boolean>();

  /** True when the operation `id` or one of its ancestors is a finished context that hides its subtree. */
  const hides = (id: string, depth: number): boolean => {
    const known = hidesChildren.get(id);
    if (known !== undefined) return known;
    const op = byId.get(id);
    let result = false;
    if (op && depth < 256) {
      const finishedContext = op.Type === "CONTEXT" && isTerminalStatus(op.Status) && op.ContextDetails?.ReplayChildren !== true;
      result = finishedContext || (op.ParentId !== undefined && hides(op.ParentId, depth + 1));
    }
    hidesChildren.set(id, result);
    return result;
  };

  return operations.filter((op) => op.ParentId === undefined || !hides(op.ParentId, 0));
}
