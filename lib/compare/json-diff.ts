/**
 * A structural diff of two JSON documents (two executions' inputs, two results): the list of
 * paths whose values differ, each added, removed or changed. Objects are compared key by key,
 * arrays index by index (an input is data, not a text: a moved element reads as changes, which is
 * what an operator comparing two orders wants to see). Pure, browser-safe.
 */

export type JsonChangeKind = "added" | "removed" | "changed";

export interface JsonChange {
  /** `items[0].quantity`; the empty string is the whole document. */
  path: string;
  kind: JsonChangeKind;
  /** The value in A (absent when added). */
  a?: unknown;
  /** The value in B (absent when removed). */
  b?: unknown;
}

export interface JsonDiff {
  equal: boolean;
  /** Where the documents differ, in document order; at most `MAX_JSON_CHANGES`. */
  changes: JsonChange[];
  /** More changes than were listed. */
  truncated?: true;
  /** Set when a side is not JSON: the texts were compared as they are. */
  notJson?: true;
}

export const MAX_JSON_CHANGES = 200;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function parse(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Compares two JSON texts (an absent side is `undefined`, not `null`). */
export function diffJsonText(a: string | undefined, b: string | undefined): JsonDiff {
  if (a === b) return { equal: true, changes: [] };
  const left = parse(a);
  const right = parse(b);
  if (!left.ok || !right.ok) return { equal: false, notJson: true, changes: [change("", a, b)] };
  return diffJson(left.value, right.value);
}

export function diffJson(a: unknown, b: unknown): JsonDiff {
  const changes: JsonChange[] = [];
  let truncated = false;
  const push = (entry: JsonChange) => {
    if (changes.length < MAX_JSON_CHANGES) changes.push(entry);
    else truncated = true;
  };
  const walk = (left: unknown, right: unknown, path: string) => {
    if (truncated) return;
    if (isObject(left) && isObject(right)) {
      for (const key of Object.keys(left)) {
        if (Object.hasOwn(right, key)) walk(left[key], right[key], childPath(path, key));
        else push({ path: childPath(path, key), kind: "removed", a: left[key] });
      }
      for (const key of Object.keys(right)) if (!Object.hasOwn(left, key)) push({ path: childPath(path, key), kind: "added", b: right[key] });
      return;
    }
    if (Array.isArray(left) && Array.isArray(right)) {
      const shared = Math.min(left.length, right.length);
      for (let i = 0; i < shared; i++) walk(left[i], right[i], childPath(path, i));
      for (let i = shared; i < left.length; i++) push({ path: childPath(path, i), kind: "removed", a: left[i] });
      for (let i = shared; i < right.length; i++) push({ path: childPath(path, i), kind: "added", b: right[i] });
      return;
    }
    if (!sameScalar(left, right)) push(change(path, left, right));
  };
  walk(a, b, "");
  const diff: JsonDiff = { equal: changes.length === 0, changes };
  if (truncated) diff.truncated = true;
  return diff;
}

/** Scalars, or an object against an array or a scalar: equal only when the same JSON. */
function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function change(path: string, a: unknown, b: unknown): JsonChange {
  if (a === undefined) return { path, kind: "added", b };
  if (b === undefined) return { path, kind: "removed", a };
  return { path, kind: "changed", a, b };
}
