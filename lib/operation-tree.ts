/**
 * Nests an execution's operations by ParentId (parallel branches, map iterations and child
 * contexts hold their children) and flattens the tree into rows for a table, depth-first in
 * start order. The EXECUTION operation is the run itself and is not a row.
 */
import type { ErrorObject, OperationView } from "./types";

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

function countDescendants(node: OperationNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countDescendants(child), 0);
}

export function flattenTree(roots: OperationNode[], collapsed: ReadonlySet<string>): OperationRow[] {
  const rows: OperationRow[] = [];
  const walk = (node: OperationNode, depth: number) => {
    rows.push({
      operation: node.operation,
      depth,
      hasChildren: node.children.length > 0,
      descendantCount: countDescendants(node),
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

/** A name for display: the operation's name, else its subtype and a short id. */
export function operationLabel(operation: OperationView): string {
  if (operation.Type === "EXECUTION") return "Execution";
  if (operation.Name) return operation.Name;
  return `${operation.SubType ?? operation.Type.toLowerCase()} ${operation.Id.slice(0, 6)}`;
}

/** Result and error of an operation, wherever its type keeps them. */
export function operationPayloads(operation: OperationView): { result?: string; error?: ErrorObject } {
  const details = operation.StepDetails ?? operation.ContextDetails ?? operation.CallbackDetails ?? operation.ChainedInvokeDetails;
  const out: { result?: string; error?: ErrorObject } = {};
  if (details?.Result !== undefined) out.result = details.Result;
  if (details?.Error !== undefined) out.error = details.Error;
  return out;
}
