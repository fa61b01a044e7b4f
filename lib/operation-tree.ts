/**
 * Nests an execution's operations by ParentId (parallel branches, map iterations and child
 * contexts hold their children) and flattens the tree into rows for a table, depth-first in
 * start order. The EXECUTION operation is the run itself and is not a row.
 */
import type { ErrorObject, Operation, OperationView } from "./types";

export interface OperationNode {
  operation: OperationView;
  children: OperationNode[];
}

export interface OperationRow {
  operation: OperationView;
  depth: number;
  hasChildren: boolean;
  /** Descendants of this row (for "3 items" hints on collapsed rows). */
  descendantCount: number;
}

export function buildOperationTree(operations: OperationView[]): OperationNode[] {
  const nodes = new Map<string, OperationNode>();
  for (const operation of operations) {
    if (operation.Type !== "EXECUTION") nodes.set(operation.Id, { operation, children: [] });
  }
  const roots: OperationNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.operation.ParentId ? nodes.get(node.operation.ParentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const bySeq = (a: OperationNode, b: OperationNode) => a.operation.Seq - b.operation.Seq;
  const sort = (list: OperationNode[]) => {
    list.sort(bySeq);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Descendants per node, counted once bottom-up (a map of 50,000 iterations is one pass). */
function countDescendants(roots: OperationNode[]): Map<OperationNode, number> {
  const counts = new Map<OperationNode, number>();
  const count = (node: OperationNode): number => {
    let total = 0;
    for (const child of node.children) total += 1 + count(child);
    counts.set(node, total);
    return total;
  };
  for (const root of roots) count(root);
  return counts;
}

export function flattenTree(roots: OperationNode[], collapsed: ReadonlySet<string>): OperationRow[] {
  const counts = countDescendants(roots);
  const rows: OperationRow[] = [];
  const walk = (node: OperationNode, depth: number) => {
    rows.push({
      operation: node.operation,
      depth,
      hasChildren: node.children.length > 0,
      descendantCount: counts.get(node) ?? 0,
    });
    if (!collapsed.has(node.operation.Id)) for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return rows;
}

/** Ids of an operation's ancestors, so a deep link can make sure its row is visible. */
export function ancestorIds(operationId: string, operations: OperationView[]): string[] {
  const byId = new Map(operations.map((op) => [op.Id, op]));
  const ids: string[] = [];
  let current = byId.get(operationId)?.ParentId;
  while (current && byId.has(current) && !ids.includes(current)) {
    ids.push(current);
    current = byId.get(current)?.ParentId;
  }
  return ids;
}

/** Ids of everything nested in an operation (children, their children...), in no particular order. */
export function descendantIds(operationId: string, operations: readonly OperationView[]): string[] {
  const children = new Map<string, string[]>();
  for (const op of operations) {
    if (!op.ParentId) continue;
    const list = children.get(op.ParentId);
    if (list) list.push(op.Id);
    else children.set(op.ParentId, [op.Id]);
  }
  const out: string[] = [];
  const seen = new Set([operationId]);
  const stack = [operationId];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}

/** A name for display: the operation's name, else its subtype and a short id. */
export function operationLabel(operation: Pick<Operation, "Id" | "Type" | "Name" | "SubType">): string {
  if (operation.Type === "EXECUTION") return "Execution";
  if (operation.Name) return operation.Name;
  return `${operation.SubType ?? operation.Type.toLowerCase()} ${operation.Id.slice(0, 6)}`;
}

/** Result and error of an operation, wherever its type keeps them. */
export function operationPayloads(operation: Operation): { result?: string; error?: ErrorObject } {
  const details = operation.StepDetails ?? operation.ContextDetails ?? operation.CallbackDetails ?? operation.ChainedInvokeDetails;
  const out: { result?: string; error?: ErrorObject } = {};
  if (details?.Result !== undefined) out.result = details.Result;
  if (details?.Error !== undefined) out.error = details.Error;
  return out;
}
